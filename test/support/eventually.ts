/**
 * Wait until `condition` holds, asking every `everyMs`; fail naming `what`
 * after `ms`. For state the system under test will reach on its own.
 */
export async function eventually(what: string, condition: () => boolean | Promise<boolean>, ms = 60_000, everyMs = 50): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
