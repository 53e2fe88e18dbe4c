import { afterAll, beforeAll, describe } from 'vitest';
import type { PostgrestSource, PostgrestUnderTest } from './postgrest-provider.ts';

/**
 * A describe block that runs against real PostgREST, started once for the
 * block and stopped after it. When no PostgREST can be had, the block is
 * skipped and its title says, in one line, what is missing.
 */
export function describeHttp(
  source: PostgrestSource,
  title: string,
  body: (api: () => PostgrestUnderTest) => void,
): void {
  if (!source.available) {
    const line = `${title}: skipped, needs PostgREST (${source.missing})`;
    console.warn(line);
    describe.skip(line, () =>
      body(() => {
        throw new Error(line);
      }),
    );
    return;
  }
  describe(`${title} (${source.name})`, () => {
    let started: PostgrestUnderTest | undefined;
    beforeAll(async () => {
      started = await source.start();
    }, 300_000);
    afterAll(async () => {
      await started?.stop();
    });
    body(() => {
      if (!started) throw new Error(`PostgREST did not start (${source.name})`);
      return started;
    });
  });
}
