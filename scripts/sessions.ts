/** A pause of `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
      await sleep(Math.min(5000, 100 * 2 ** Math.min(attempt, 6)));
    }
  }
}
