import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloseTimeoutError, createProducer, ProducerError, QueueFullError, sqlTransport, type ProducerEvent, type Receipt, type Transport,
} from '../../scripts/client/producer.ts';
import { generatePassword, loginUrl } from '../../scripts/database/login-secrets.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startKillablePostgres, type KillablePostgres } from '../support/killable-postgres.ts';

let db: TestDatabase;
let producerUrl: string;

/** A service's own login role, holding lib_event_producer: the SQL transport's user. */
async function producerLogin(admin: pg.Pool | pg.Client, url: string): Promise<string> {
  const role = `svc_${randomBytes(4).toString('hex')}`;
  const password = generatePassword();
  await admin.query(`create role ${role} login password '${password}' in role lib_event_producer`);
  // PUBLIC may not connect: a login of one's own is granted CONNECT, as an operator does (db/security.md).
  await admin.query(`grant connect on database ${pg.escapeIdentifier(new URL(url).pathname.slice(1))} to ${role}`);
  return loginUrl(url, role, password);
}

beforeAll(async () => {
  db = await createTestDatabase();
  producerUrl = await producerLogin(db.admin, db.url);
});
afterAll(() => db.drop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A pool as the service's producer login; a connection the server ends is not an error of the test. */
function producerPool(url = producerUrl): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 2000 });
  pool.on('error', () => {});
  return pool;
}

/** Events recorded with this tag in their payload, in log order. */
async function recorded(admin: pg.Pool | pg.Client, tag: string): Promise<{ n: number; key: string }[]> {
  const { rows } = await admin.query<{ n: number; key: string }>(
    `select (e.payload ->> 'n')::int as n, k.idempotency_key as key
       from lib_event.event e
       left join lib_event.idempotency_key k on k.event__id = e.event__id
      where e.payload ->> 'tag' = $1
      order by e.xact_id, e.event__id`,
    [tag],
  );
  return rows;
}

const event = (tag: string, n: number): ProducerEvent => ({ event_type: 'billing.invoice.paid', payload: { tag, n } });

describe('the producer over SQL', () => {
  it('returns from record() at once, and records a producer\'s events in the order it recorded them', async () => {
    const pool = producerPool();
    const producer = createProducer({ transport: sqlTransport(pool) });
    const tag = `order-${randomBytes(4).toString('hex')}`;
    const receipts = Array.from({ length: 1500 }, (_, n) => producer.record(event(tag, n)));
    expect(producer.stats().queuedEvents).toBeGreaterThan(0);
    await producer.close();
    await pool.end();
    const settled = await Promise.all(receipts);
    expect(new Set(settled.map((r) => r.event__id)).size).toBe(1500);
    expect((await recorded(db.admin, tag)).map((row) => row.n)).toEqual(Array.from({ length: 1500 }, (_, n) => n));
    expect(producer.stats()).toMatchObject({ sent: 1500, failed: 0, rejected: 0, queuedEvents: 0 });
  });

  it('records once a batch whose answer was lost and retried', async () => {
    const pool = producerPool();
    const sql = sqlTransport(pool);
    let lost = 0;
    // The batch commits, then the connection resets before the answer arrives.
    const losingAnswers: Transport = {
      async send(events) {
        const result = await sql.send(events);
        if (result.ok && lost < 3) {
          lost += 1;
          return { ok: false, retryable: true, error: new ProducerError({ code: 'NETWORK', message: 'read ECONNRESET' }) };
        }
        return result;
      },
    };
    const producer = createProducer({ transport: losingAnswers, retryBaseMs: 5 });
    const tag = `lost-${randomBytes(4).toString('hex')}`;
    const receipts = Array.from({ length: 300 }, (_, n) => producer.record(event(tag, n)));
    await producer.close();
    await pool.end();
    expect(lost).toBe(3);
    expect(producer.stats().retried).toBe(3);
    const rows = await recorded(db.admin, tag);
    expect(rows.map((row) => row.n)).toEqual(Array.from({ length: 300 }, (_, n) => n));
    expect((await Promise.all(receipts)).map((r) => r.event__id)).toHaveLength(300);
  });

  it('reports a refused event once, without retrying it, and records the rest of its batch', async () => {
    const pool = producerPool();
    let calls = 0;
    const sql = sqlTransport(pool);
    const counting: Transport = { send: (events) => ((calls += 1), sql.send(events)) };
    const refused: [ProducerEvent, ProducerError][] = [];
    const producer = createProducer({ transport: counting, onError: (e, error) => refused.push([e, error]) });
    const tag = `refused-${randomBytes(4).toString('hex')}`;
    const good = Array.from({ length: 63 }, (_, n) => producer.record(event(tag, n)));
    const bad = producer.record({ event_type: 'billing.paid', payload: { tag, n: -1 } });
    await producer.close();
    await pool.end();
    await expect(bad).rejects.toMatchObject({ code: 'LE001' });
    expect(refused).toHaveLength(1);
    expect(refused[0]?.[0].event_type).toBe('billing.paid');
    expect(refused[0]?.[1].hint).toMatch(/three dot-separated segments/);
    expect((await recorded(db.admin, tag)).map((row) => row.n)).toEqual(Array.from({ length: 63 }, (_, n) => n));
    expect((await Promise.all(good))).toHaveLength(63);
    // One batch of 64, then halves down to the refused event: log2(64) + 1 more calls at most.
    expect(calls).toBeLessThanOrEqual(1 + 2 * 6);
    expect(producer.stats()).toMatchObject({ sent: 63, failed: 1, retried: 0 });
  });

  it('holds its memory bound when recording at ten times the server\'s rate, counting what it rejects', async () => {
    const pool = producerPool();
    // The server's rate through a producer, measured here.
    const probe = createProducer({ transport: sqlTransport(pool) });
    const probeTag = `rate-${randomBytes(4).toString('hex')}`;
    let t0 = performance.now();
    for (let n = 0; n < 3000; n += 1) probe.record(event(probeTag, n));
    await probe.close();
    const serverPerMs = 3000 / (performance.now() - t0);

    const producer = createProducer({ transport: sqlTransport(pool), maxQueuedEvents: 500 });
    const tag = `bound-${randomBytes(4).toString('hex')}`;
    const receipts: Promise<Receipt>[] = [];
    let mostQueued = 0;
    t0 = performance.now();
    for (let offered = 0; performance.now() - t0 < 1500; await sleep(5)) {
      // Ten times the server's rate, paced.
      const due = Math.floor(10 * serverPerMs * (performance.now() - t0));
      for (; offered < due; offered += 1) receipts.push(producer.record(event(tag, offered)));
      mostQueued = Math.max(mostQueued, producer.stats().queuedEvents);
    }
    await producer.close();
    await pool.end();
    const results = await Promise.allSettled(receipts);
    const durable = results.filter((r) => r.status === 'fulfilled').length;
    const rejected = results.filter((r) => r.status === 'rejected' && r.reason instanceof QueueFullError).length;
    expect(mostQueued).toBeLessThanOrEqual(500);
    expect(producer.stats().queuedBytes).toBe(0);
    expect(rejected).toBe(producer.stats().rejected);
    expect(rejected).toBeGreaterThan(durable);
    expect(durable + rejected).toBe(receipts.length);
    expect((await recorded(db.admin, tag)).length).toBe(durable);
  });

  it('waits for room instead, with overflow "wait": nothing rejected, everything recorded', async () => {
    const pool = producerPool();
    const producer = createProducer({ transport: sqlTransport(pool), maxQueuedEvents: 100, overflow: 'wait' });
    const tag = `wait-${randomBytes(4).toString('hex')}`;
    const receipts = Array.from({ length: 2000 }, (_, n) => producer.record(event(tag, n)));
    expect(producer.stats().queuedEvents).toBeLessThanOrEqual(100);
    await producer.close();
    await pool.end();
    await Promise.all(receipts);
    expect(producer.stats().rejected).toBe(0);
    expect((await recorded(db.admin, tag)).map((row) => row.n)).toEqual(Array.from({ length: 2000 }, (_, n) => n));
  });

  it('loses nothing on close() right after recording', async () => {
    const pool = producerPool();
    const producer = createProducer({ transport: sqlTransport(pool), lingerMs: 10_000 });
    const tag = `close-${randomBytes(4).toString('hex')}`;
    for (let n = 0; n < 250; n += 1) producer.record(event(tag, n));
    await producer.close();
    await pool.end();
    expect((await recorded(db.admin, tag)).length).toBe(250);
    await expect(producer.record(event(tag, 999))).rejects.toThrow(/closed/);
  });
});

describe('the producer while PostgreSQL is killed with -9 and restarted', () => {
  let server: KillablePostgres;
  beforeAll(async () => {
    server = await startKillablePostgres();
  });
  afterAll(() => server.remove());

  it('records every event exactly once, and none it reported durable is lost', async () => {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const url = await producerLogin(admin, server.url);
    await admin.end();

    const pool = producerPool(url);
    const producer = createProducer({ transport: sqlTransport(pool), retryBaseMs: 20, retryMaxMs: 500 });
    const tag = 'kill';
    const durable = new Set<number>();
    const receipts: Promise<Receipt>[] = [];
    let n = 0;
    const recordSome = async (count: number) => {
      for (let i = 0; i < count; i += 1, n += 1) {
        const number = n;
        const receipt = producer.record(event(tag, number));
        receipt.then(() => durable.add(number), () => {});
        receipts.push(receipt);
        if (i % 50 === 0) await sleep(1);
      }
    };

    await recordSome(3000);
    // Mid-stream: the postmaster and every backend die at once.
    server.kill();
    const durableAtKill = new Set(durable);
    await recordSome(2000);
    await sleep(300);
    await server.restart();
    await recordSome(1000);
    await producer.close();
    await pool.end();
    await Promise.all(receipts);

    const check = new pg.Client({ connectionString: server.url });
    await check.connect();
    try {
      const rows = await recorded(check, tag);
      expect(rows.length).toBe(6000);
      expect(new Set(rows.map((row) => row.n)).size).toBe(6000);
      for (const number of durableAtKill) expect(rows.some((row) => row.n === number)).toBe(true);
      expect(rows.map((row) => row.n)).toEqual(Array.from({ length: 6000 }, (_, i) => i));
      expect(producer.stats().retried).toBeGreaterThan(0);
    } finally {
      await check.end();
    }
  });
  it('bounds close() while the database is down, and reports every event not known durable, which record once later', async () => {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const url = await producerLogin(admin, server.url);
    await admin.end();

    const pool = producerPool(url);
    const producer = createProducer({ transport: sqlTransport(pool), retryBaseMs: 20, retryMaxMs: 200 });
    const tag = 'close-down';
    const first = await Promise.all(Array.from({ length: 100 }, (_, n) => producer.record(event(tag, n))));
    server.kill();
    const receipts = Array.from({ length: 400 }, (_, n) => producer.record(event(tag, 100 + n)));
    const closing = await producer.close({ timeoutMs: 1000 }).then(() => undefined, (error: unknown) => error);
    await pool.end().catch(() => {});

    expect(closing).toBeInstanceOf(CloseTimeoutError);
    const reported = (closing as CloseTimeoutError).events;
    expect(reported.map((e) => (e.payload as { n: number }).n)).toEqual(Array.from({ length: 400 }, (_, n) => 100 + n));
    expect(reported.every((e) => typeof e.idempotency_key === 'string')).toBe(true);
    for (const receipt of receipts) await expect(receipt).rejects.toBe(closing);
    expect(first).toHaveLength(100);

    // What the error says to do: record them again once the log is back.
    await server.restart();
    const againPool = producerPool(url);
    const again = createProducer({ transport: sqlTransport(againPool) });
    await Promise.all(reported.map((e) => again.record(e)));
    await again.close();
    await againPool.end();
    const check = new pg.Client({ connectionString: server.url });
    await check.connect();
    try {
      expect((await recorded(check, tag)).map((row) => row.n)).toEqual(Array.from({ length: 500 }, (_, n) => n));
    } finally {
      await check.end();
    }
  }, 60_000);
});
