export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ask `condition` every `everyMs` until it holds or `ms` have passed; whether it held. */
export async function until(condition: () => boolean | Promise<boolean>, ms: number, everyMs = 50): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(everyMs)) {
    if (await condition()) return true;
  }
  return condition();
}
