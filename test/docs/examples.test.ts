import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../support/api-keys.ts';
import { docServerMissing, startDocServer, type DocServer } from './support/doc-server.ts';
import { documentationExamples, where, type HttpExample } from './support/markdown.ts';
import { responseDifferences } from './support/shapes.ts';
import { CurlCalls, runBash } from './support/shell.ts';
import { TypeScriptExamples } from './support/typescript.ts';

// Every curl and TypeScript example of README.md, db/ and scripts/, read
// from the Markdown and run against the real PostgREST (test/docs/README.md).

const examples = documentationExamples();

describe('the documentation\'s examples', () => {
  it('are marked as test/docs/README.md says: each marker understood and right before its code block', () => {
    expect(examples.problems).toEqual([]);
  });

  it('are found where they are known to be (so an unparsed document cannot pass for one without examples)', () => {
    const files = (list: { fence: { file: string } }[]) => new Set(list.map((example) => example.fence.file));
    expect([...files(examples.http)]).toEqual(expect.arrayContaining(['README.md', 'db/http-api.md', 'db/recording.md', 'db/following.md']));
    expect([...files(examples.typescript)]).toEqual(['README.md', 'scripts/client/README.md']);
    expect(examples.http.filter((example) => example.response).length).toBeGreaterThanOrEqual(5);
  });

  for (const { fence, reason } of examples.skipped) it.skip(`${where(fence)}: not run: ${reason}`, () => {});
});

/** Values the `needs` marker may ask for, and how the test makes each (test/docs/README.md). */
const supplies: Record<string, (server: DocServer, readerKey: string) => Promise<string>> = {
  /** The cursor of the last row of find's first page of billing.invoice.paid events, two to a page. */
  async LAST_CURSOR(server, readerKey) {
    const response = await fetch(`${server.url}/rpc/find?event_type=billing.invoice.paid&page_size=2`, { headers: { 'X-Api-Key': readerKey } });
    const rows = (await response.json()) as { cursor: string }[];
    const cursor = rows.at(-1)?.cursor;
    if (!cursor) throw new Error(`find answered ${response.status} with no row to take a cursor from`);
    return cursor;
  },
};

const missing = docServerMissing();
if (missing) {
  const line = `the documentation's HTTP and TypeScript examples: skipped, needs PostgREST (${missing})`;
  console.warn(line);
  describe.skip(line, () => {
    it('runs every example against PostgREST', () => {});
  });
} else {
  describe('the documentation\'s HTTP and TypeScript examples, against PostgREST', () => {
    let server: DocServer;
    let curl: CurlCalls;
    let typescript: TypeScriptExamples;
    /** The environment the documents assume: the keys they export. */
    const keys: Record<string, string> = {};

    beforeAll(async () => {
      server = await startDocServer();
      // The keys http-api.md issues: a producer named billing, a reader.
      keys.PRODUCER_KEY = (await issueKey(server.db.admin, 'billing', 'producer')).key;
      keys.READER_KEY = (await issueKey(server.db.admin, 'audit-desk', 'reader')).key;
      // The key db/security.md erases with: a reader key with the erase right.
      keys.ERASER_KEY = (await issueKey(server.db.admin, 'privacy-office', 'reader', { erase: true })).key;
      // A few events of billing's, the first as the documents show one.
      const events = [
        { event_type: 'billing.invoice.paid', payload: { invoice: 'INV-1', amount: 4200 }, headers: { actor: 'ada' }, partition_key: 'invoice:INV-1' },
        { event_type: 'billing.invoice.sent', payload: { invoice: 'INV-2', amount: 1200 } },
        { event_type: 'billing.invoice.paid', payload: { invoice: 'INV-2', amount: 1200 } },
      ];
      for (const event of events) {
        const response = await fetch(`${server.url}/rpc/create`, {
          method: 'POST',
          headers: { 'X-Api-Key': keys.PRODUCER_KEY, 'Content-Type': 'application/json' },
          body: JSON.stringify(event),
        });
        expect(response.status, await response.text()).toBe(200);
      }
      // follow hands out only what the sequencer has placed.
      await server.db.placed();
      const url = new URL(server.url);
      curl = new CurlCalls({ host: url.hostname, port: Number(url.port) });
      typescript = new TypeScriptExamples(examples.typescript.map((example) => example.fence), server.url);
    }, 300_000);

    afterAll(async () => {
      curl?.remove();
      typescript?.remove();
      await server?.stop();
    });

    for (const example of examples.http) {
      const firstLine = example.fence.text.split('\n').find((line) => line.includes('curl'))?.trim().slice(0, 100);
      it(`${where(example.fence)}: ${firstLine}`, async () => {
        await expect(runHttpExample(example)).resolves.toEqual([]);
      });
    }

    /** What is wrong with one curl example's run; nothing when it does what its document says. */
    async function runHttpExample({ fence, needs, response }: HttpExample): Promise<string[]> {
      const env: Record<string, string> = { ...keys, PATH: curl.path };
      for (const name of needs) {
        const supply = supplies[name];
        if (!supply) return [`needs ${name}, which the test cannot supply (known: ${Object.keys(supplies).join(', ')})`];
        env[name] = await supply(server, keys.READER_KEY as string);
      }
      curl.reset();
      const run = await runBash(fence.text, { env, cwd: curl.workDir });
      const problems: string[] = [];
      if (run.code !== 0) problems.push(`bash exited ${run.code}: ${run.stderr.trim()}`);
      const answers = curl.answers();
      if (answers.length === 0) return [...problems, 'curl was not called'];
      // A response block with a status line names the last call's status; every other call succeeds.
      const shownStatus = response?.text.startsWith('HTTP/') ? Number(response.text.split(' ')[1]) : undefined;
      answers.forEach((answer, index) => {
        const last = index === answers.length - 1;
        const expected = last && shownStatus ? answer.status === shownStatus : answer.status >= 200 && answer.status < 300;
        if (!expected) problems.push(`call ${index + 1}: ${answer.statusLine}, expected ${last && shownStatus ? shownStatus : '2xx'}: ${answer.body.slice(0, 300)}`);
      });
      const lastAnswer = answers.at(-1);
      if (response && lastAnswer) {
        problems.push(...responseDifferences(response.lang, response.text, lastAnswer).map((difference) => `against ${where(response)}: ${difference}`));
      }
      return problems;
    }

    it('TypeScript examples: each compiles under the project\'s strict tsconfig', async () => {
      expect(await typescript.typeErrors()).toEqual([]);
    }, 120_000);

    for (const { fence } of examples.typescript) {
      it(`${where(fence)}: the TypeScript example runs, each request answered 2xx, nothing on stderr`, async () => {
        const run = await typescript.run(fence, keys);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(run.calls.length).toBeGreaterThan(0);
        expect(run.calls.filter((call) => call.status < 200 || call.status >= 300)).toEqual([]);
      });
    }
  });
}
