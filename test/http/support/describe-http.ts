import { afterAll, beforeAll, describe } from 'vitest';
import type { PostgrestEnvironment, PostgrestSource, PostgrestUnderTest } from './postgrest-provider.ts';

/**
 * A describe block that runs against real PostgREST, started once for the
 * block and stopped after it. When no PostgREST can be had, the block is
 * skipped and its title says, in one line, what is missing. `environment`
 * configures that PostgREST (PGRST_* variables over db/postgrest.conf).
 */
export function describeHttp(
  source: PostgrestSource,
  title: string,
  body: (api: () => PostgrestUnderTest) => void,
  environment?: PostgrestEnvironment,
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
      started = await source.start(environment);
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
