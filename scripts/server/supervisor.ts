/**
 * npm start's supervision of the processes it starts (PostgreSQL,
 * PostgREST): one that exits while nobody asked it to is started again,
 * after a delay that doubles with each crash; too many crashes in a short
 * window stop everything with a message rather than a loop without end.
 * The sequencer, relay, bridge and loader run inside npm start's own process
 * and reconnect by themselves (keepRunning): they need none of this.
 */

/** A process under supervision: how it ended (a reason to print), and how to stop it. */
export interface Supervised {
  /** Resolves with why it ended ("code 1", "signal SIGKILL"), however it ended. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  /** Crashes tolerated within windowMs; one more stops everything. Default 5 in 60 s. */
  maxRestarts?: number;
  windowMs?: number;
  /** First delay before a restart, doubling up to maxDelayMs. Defaults 250 ms and 5 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Where the one line per restart goes; console.error by default. */
  log?: (line: string) => void;
  /** Called once when a process crashes too often: stop everything. */
  giveUp(message: string): void;
}

export interface Supervisor {
  /** Watch `first` (started by `start`), restarting it with `start` when it exits unexpectedly; `restarted` runs after each restart. */
  watch(name: string, first: Supervised, start: () => Promise<Supervised>, restarted?: () => Promise<void>): void;
  /** The process as it runs now (the last one started). */
  current(name: string): Supervised | undefined;
  /** No more restarts; stop every process, the last started first. */
  stop(): Promise<void>;
}

export function createSupervisor(options: SupervisorOptions): Supervisor {
  const maxRestarts = options.maxRestarts ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  const log = options.log ?? ((line: string) => console.error(line));
  const running = new Map<string, Supervised>();
  /** Restarts under way: stop() waits a little for them, so that nothing started is left behind. */
  const starting = new Set<Promise<unknown>>();
  let stopping = false;
  let wakeAll: (() => void)[] = [];

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeAll.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  async function keep(name: string, first: Supervised, start: () => Promise<Supervised>, restarted?: () => Promise<void>): Promise<void> {
    const crashes: number[] = [];
    let process = first;
    for (;;) {
      const reason = await process.exited;
      if (stopping) return;
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && (crashes[0] as number) < now - windowMs) crashes.shift();
      if (crashes.length > maxRestarts) {
        options.giveUp(`${name} exited unexpectedly (${reason}) ${crashes.length} times within ${windowMs / 1000} s: ` +
          `stopping everything rather than restarting it again. Look at why it fails (for PostgreSQL, LIB_EVENT_PG_LOG=1 shows its log; ` +
          `for PostgREST, LIB_EVENT_POSTGREST_LOG=1), then npm start again.`);
        return;
      }
      const delayMs = Math.min(maxDelayMs, baseDelayMs * 2 ** (crashes.length - 1));
      log(`${name} exited unexpectedly (${reason}): restarting it in ${delayMs} ms (crash ${crashes.length} of at most ${maxRestarts} in ${windowMs / 1000} s)`);
      await pause(delayMs);
      if (stopping) return;
      const startedAt = Date.now();
      try {
        const started = start();
        starting.add(started);
        process = await started.finally(() => starting.delete(started));
        running.set(name, process);
        if (stopping) return void (await process.stop());
        log(`${name} is running again (started in ${Date.now() - startedAt} ms)`);
        await restarted?.();
      } catch (error) {
        // A failed start counts as one more crash.
        process = { exited: Promise.resolve(`its restart failed: ${String((error as Error | undefined)?.message ?? 'it exited during start-up').split('\n')[0]}`), stop: async () => {} };
      }
    }
  }

  return {
    watch(name, first, start, restarted) {
      running.set(name, first);
      void keep(name, first, start, restarted);
    },
    current: (name) => running.get(name),
    async stop() {
      stopping = true;
      for (const wake of wakeAll) wake();
      wakeAll = [];
      // A restart under way (PostgreSQL's crash recovery) gets a moment to end; whatever it started is then stopped with the rest.
      if (starting.size > 0) await Promise.race([Promise.allSettled([...starting]), new Promise((resolve) => setTimeout(resolve, 1500))]);
      for (const process of [...running.values()].reverse()) await process.stop().catch((error: Error) => log(error.message));
    },
  };
}
