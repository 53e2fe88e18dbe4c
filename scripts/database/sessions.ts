import type pg from 'pg';

/**
 * A hot standby is read-only: a process that writes (the sequencer, the
 * relay) says so at once, rather than fail on each write.
 */
export async function refuseStandby(db: pg.ClientBase, who: string): Promise<void> {
  const { rows: [state] } = await db.query<{ standby: boolean }>('select pg_catalog.pg_is_in_recovery() as standby');
  if (state?.standby) throw new Error(`this server is a hot standby (read-only): run ${who} against the primary`);
}

/** A pause of `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wait `ms`, or less once `stopped()` says so: a stop (Ctrl-C) is never held up by a backoff. */
async function pauseUnlessStopped(ms: number, stopped: () => boolean): Promise<void> {
  for (const end = Date.now() + ms; !stopped() && Date.now() < end;) await sleep(Math.min(50, end - Date.now()));
}

/**
 * Run `session` again and again until `stopped()`: a session that ends is
 * started again at once, one that fails is reported to `onError` and started
 * again after a backoff (100 ms doubling to 5 s). For the RabbitMQ bridge and
 * loader, whose sessions end when a broker or database connection is lost.
 */
export async function keepRunning(session: () => Promise<void>, stopped: () => boolean, onError: (error: Error) => void): Promise<void> {
  for (let attempt = 0; !stopped(); attempt += 1) {
    try {
      await session();
      attempt = 0;
    } catch (error) {
      if (stopped()) break;
      onError(error as Error);
      await pauseUnlessStopped(Math.min(5000, 100 * 2 ** Math.min(attempt, 6)), stopped);
    }
  }
}
