import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseTimeoutError, createProducer, httpTransport, type ProducerError, type ProducerEvent } from '../../scripts/client/producer.ts';
import { serverUrl } from '../../scripts/database/postgres-server.ts';
import { findPostgrest } from '../../scripts/server/postgrest.ts';
import { issueKey } from '../support/api-keys.ts';
import { sleep, until } from '../support/until.ts';
import { npmStartEnvironment, npmStartPorts, npmStartReady, type Started } from '../support/npm-start.ts';

// Ctrl-C on npm start while producers record through the producer client
// and the real PostgREST: what the client reported durable survives, once
// each, and close({ timeoutMs }) hands back every event it could not make
// durable, so that recording those again after a restart loses nothing and
// repeats nothing.
const postgrestBinary = findPostgrest();
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'lib_event-interrupt-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

(postgrestBinary ? describe : describe.skip)('Ctrl-C on npm start while producers record', () => {
  it('keeps every event the client reported durable, once, and close({ timeoutMs }) reports the others', async () => {
    const { pgPort, apiPort } = await npmStartPorts();
    const environment = npmStartEnvironment(scratch, {
      LIB_EVENT_PG_PORT: String(pgPort),
      POSTGREST_BIN: postgrestBinary,
      PGRST_SERVER_PORT: String(apiPort),
    });
    const start = () => npmStartReady(environment);
    const interrupt = async (started: Started) => {
      process.kill(-(started.child.pid as number), 'SIGINT');
      await started.exited;
    };
    const adminUrl = serverUrl('127.0.0.1', pgPort, 'postgres', 'postgres', 'lib_event');

    let running = await start();
    try {
      const admin = new pg.Pool({ connectionString: adminUrl, max: 1 });
      admin.on('error', () => {});
      const key = await issueKey(admin, 'interrupt', 'producer');
      await admin.end();

      const producerCount = 4;
      const refused: ProducerError[] = [];
      const producers = Array.from({ length: producerCount }, () => createProducer({
        transport: httpTransport({ baseUrl: `http://127.0.0.1:${apiPort}`, apiKey: key.key }),
        retryMaxMs: 500,
        onError: (_event, error) => refused.push(error),
      }));
      const sent: ProducerEvent[] = [];
      const durable = new Set<string>();
      const rejected = new Map<string, unknown>();
      let recording = true;
      const loops = producers.map(async (producer, p) => {
        for (let n = 0; recording; n += 1) {
          const event = { event_type: 'billing.invoice.paid', payload: { p, n }, idempotency_key: `interrupt-${p}-${n}` };
          sent.push(event);
          producer.record(event).then(() => durable.add(event.idempotency_key), (error: unknown) => rejected.set(event.idempotency_key, error));
          await sleep(4);
        }
      });

      expect(await until(() => durable.size >= 300, 60_000)).toBe(true);
      // Ctrl-C: the whole foreground process group gets SIGINT, as from a terminal.
      const interruptedAt = Date.now();
      await interrupt(running);
      console.log(`npm start interrupt test: Ctrl-C under ${producerCount} producers stopped npm start in ${Date.now() - interruptedAt} ms`);
      await sleep(500);
      recording = false;
      await Promise.all(loops);
      // Nothing answers now: close gives up after its timeout and reports what is not durable.
      const reported: ProducerEvent[] = [];
      for (const producer of producers) {
        await producer.close({ timeoutMs: 2_000 }).catch((error: unknown) => {
          expect(error).toBeInstanceOf(CloseTimeoutError);
          reported.push(...(error as CloseTimeoutError).events);
        });
      }
      const reportedKeys = new Set(reported.map((event) => event.idempotency_key as string));
      // Every event is either reported durable or handed back by close, never both, never neither.
      for (const event of sent) {
        const key = event.idempotency_key as string;
        expect(durable.has(key) !== reportedKeys.has(key), `${key}: durable ${durable.has(key)}, reported ${reportedKeys.has(key)}`).toBe(true);
        if (!durable.has(key)) expect(rejected.get(key)).toBeInstanceOf(CloseTimeoutError);
      }
      expect(refused).toEqual([]);
      expect(reported.length).toBeGreaterThan(0);

      running = await start();
      const log = new pg.Pool({ connectionString: adminUrl, max: 1 });
      log.on('error', () => {});
      try {
        const copies = async () => new Map((await log.query<{ key: string; copies: number }>(
          `select 'interrupt-' || (payload ->> 'p') || '-' || (payload ->> 'n') as key, count(*)::int as copies
             from lib_event.event where consumer = 'interrupt' group by 1`)).rows
          .map((row) => [row.key, row.copies]));
        const before = await copies();
        for (const key of durable) expect(before.get(key), `${key} was reported durable`).toBe(1);
        expect([...before.values()].every((n) => n === 1)).toBe(true);
        const committedUnacknowledged = reported.filter((event) => before.has(event.idempotency_key as string)).length;

        // What close handed back, recorded again with the same keys: each once, none twice.
        const again = createProducer({ transport: httpTransport({ baseUrl: `http://127.0.0.1:${apiPort}`, apiKey: key.key }), onError: (_event, error) => refused.push(error) });
        await Promise.all(reported.map((event) => again.record(event)));
        await again.close({ timeoutMs: 30_000 });
        const after = await copies();
        expect(refused).toEqual([]);
        expect(after.size).toBe(sent.length);
        expect([...after.values()].every((n) => n === 1)).toBe(true);
        console.log(`npm start interrupt test: ${sent.length} events recorded, ${durable.size} reported durable (all in the log once after the restart), ` +
          `${reported.length} handed back by close({ timeoutMs: 2000 }), ${committedUnacknowledged} of which had committed; recorded again, every event is in the log once`);
      } finally {
        await log.end();
      }
    } finally {
      if (running.child.exitCode === null && running.child.signalCode === null) await interrupt(running);
    }
  }, 300_000);
});
