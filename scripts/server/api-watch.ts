import { pathToFileURL } from 'node:url';
import { runCommand } from '../command.ts';
import { apiAnswers, apiCommandLine } from './api-probe.ts';

/**
 * npm start's readiness while it runs: whether the HTTP API answers
 * requests (apiAnswers), asked every `everyMs`; one line when it stops
 * answering and one when it answers again, with how long it did not. What
 * a client finds, not PostgREST's /ready, which can lag a recovered
 * database by up to 32 s (see apiAnswers).
 */
export function watchApi(options: {
  /** PostgREST's API and, when given, its admin server (a restart keeps the same ports). */
  url: string;
  adminUrl?: string;
  everyMs?: number;
  log?: (line: string) => void;
}): { stop(): void } {
  const everyMs = options.everyMs ?? 1_000;
  const log = options.log ?? console.log;
  let downSince: number | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    const answer = await apiAnswers(options.url, options.adminUrl);
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

/** Compose's postgrest-health service: the same watch as npm start's, for the service's log. */
async function main(): Promise<void> {
  const { apiUrl: url, adminUrl } = apiCommandLine('api-watch.ts', `Asks every second whether PostgREST serves requests (scripts/server/api-probe.ts) and prints one line
when the HTTP API stops answering and one when it answers again. Runs until stopped.`);
  console.log(`Watching whether ${url} serves requests`);
  const watch = watchApi({ url, adminUrl });
  // The watch's timers do not hold the process: this does, until a signal.
  const alive = setInterval(() => {}, 60_000);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      watch.stop();
      clearInterval(alive);
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
