import { apiAnswers } from './postgrest.ts';

/**
 * npm start's readiness while it runs: whether the HTTP API answers
 * requests (apiAnswers), asked every `everyMs`; one line when it stops
 * answering and one when it answers again, with how long it did not. What
 * a client finds, not PostgREST's /ready, which can lag a recovered
 * database by up to 32 s (see apiAnswers).
 */
export function watchApi(options: {
  /** PostgREST's API and admin server (a restart keeps the same ports). */
  url: string;
  adminUrl: string;
  everyMs?: number;
  log?: (line: string) => void;
}): { stop(): void } {
  const everyMs = options.everyMs ?? 1_000;
  const log = options.log ?? console.log;
  let downSince: number | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    const answer = await apiAnswers(options.adminUrl, options.url);
    if (stopped) return;
    if (!answer.ok && downSince === undefined) {
      downSince = Date.now();
      log(`The HTTP API does not answer: ${answer.problem}`);
    } else if (answer.ok && downSince !== undefined) {
      log(`The HTTP API answers again, ${((Date.now() - downSince) / 1000).toFixed(1)} s after it stopped answering`);
      downSince = undefined;
    }
    timer = setTimeout(() => void check(), everyMs);
    timer.unref();
  };
  timer = setTimeout(() => void check(), everyMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
