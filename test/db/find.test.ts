import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { rpc, type PostgrestError } from '../support/postgrest-call.ts';

interface FoundEvent {
  event__id: string;
  event_type: string;
  consumer: string;
  created_at: string;
  occurred_at: string;
  source: string | null;
  partition_key: string | null;
  headers: Record<string, unknown>;
  payload: unknown;
  cursor: string;
}

let db: TestDatabase;
let reader: IssuedKey;
let producer: IssuedKey;

// 60 events from two consumers and three types, one hour apart, oldest first.
const start = Date.parse('2026-03-01T00:00:00Z');
const hour = 3_600_000;
const types = ['billing.invoice.paid', 'billing.invoice.sent', 'iam.user.created'];
const consumers = ['billing', 'iam'];

beforeAll(async () => {
  db = await createTestDatabase();
  reader = await issueKey(db.admin, 'audit-desk', 'reader');
  producer = await issueKey(db.admin, 'billing', 'producer');
  // Events of the past, imported by the owner: their partitions first.
  await db.admin.query(`select * from lib_event.make_partitions($1::timestamptz, $1::timestamptz + interval '60 hours')`, [new Date(start).toISOString()]);
  await db.admin.query(
    `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers, payload)
     select lib_event.uuid_v7(t), ($1::text[])[1 + n % 3], t, t, ($2::text[])[1 + n % 2], '{}', jsonb_build_object('n', n)
       from (select n, $3::timestamptz + n * interval '1 hour' as t from generate_series(0, 59) n) s`,
    [types, consumers, new Date(start).toISOString()],
  );
});
afterAll(() => db.drop());

const find = (args: Record<string, unknown>, apiKey = reader.key) =>
  rpc<FoundEvent[]>(db.authenticator, 'find', args, { apiKey, method: 'GET' });

async function found(args: Record<string, unknown>): Promise<FoundEvent[]> {
  const response = await find(args);
  expect(response.status).toBe(200);
  return response.body as FoundEvent[];
}

describe('lib_events.find (GET /rpc/find)', () => {
  it('returns the newest events first, 100 by default, without filters', async () => {
    const rows = await found({});
    expect(rows).toHaveLength(60);
    const times = rows.map((r) => Date.parse(r.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(rows[0]?.payload).toEqual({ n: 59 });
  });

  it('answers with each event\'s id, type, consumer, creation time, payload and cursor', async () => {
    const [row] = await found({ page_size: 1 });
    expect(row).toMatchObject({ event_type: 'iam.user.created', consumer: 'iam', payload: { n: 59 } });
    expect(row?.event__id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof row?.cursor).toBe('string');
  });

  it('filters by event_type, consumer and creation time, every filter optional', async () => {
    const byType = await found({ event_type: 'iam.user.created' });
    expect(byType).toHaveLength(20);
    expect(new Set(byType.map((r) => r.event_type))).toEqual(new Set(['iam.user.created']));

    const byConsumer = await found({ consumer: 'iam' });
    expect(byConsumer).toHaveLength(30);
    expect(new Set(byConsumer.map((r) => r.consumer))).toEqual(new Set(['iam']));

    const from = new Date(start + 10 * hour).toISOString();
    const to = new Date(start + 20 * hour).toISOString();
    const window = await found({ created_from: from, created_to: to });
    expect(window.map((r) => (r.payload as { n: number }).n)).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11, 10]);

    const all = await found({ event_type: 'billing.invoice.paid', consumer: 'billing', created_from: from, created_to: to });
    expect(all.map((r) => (r.payload as { n: number }).n)).toEqual([18, 12]);
  });

  it('takes type, the first name of event_type, and refuses the two when they disagree', async () => {
    expect(await found({ type: 'iam.user.created' })).toEqual(await found({ event_type: 'iam.user.created' }));
    expect(await found({ type: 'iam.user.created', event_type: 'iam.user.created' })).toHaveLength(20);
    const refused = await find({ type: 'iam.user.created', event_type: 'billing.invoice.paid' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'LE080', message: expect.stringContaining('event_type billing.invoice.paid and type iam.user.created disagree') });
  });

  it('pages with the cursor of the last row: every event once, in order, the last page short', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await found({ consumer: 'billing', page_size: 7, ...(cursor ? { cursor } : {}) });
      pages++;
      seen.push(...page.map((r) => (r.payload as { n: number }).n));
      if (page.length < 7) break;
      cursor = page.at(-1)?.cursor;
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => 58 - 2 * i));
  });

  it('pages correctly through events recorded at the same instant', async () => {
    await db.admin.query(`select * from lib_event.make_partitions('2020-01-01T00:00:00Z', '2020-01-01T00:00:01Z')`);
    const { rows } = await db.admin.query<{ id: string }>(
      `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers)
       select lib_event.uuid_v7('2020-01-01T00:00:00Z'), 'ops.batch.done', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', 'ops', '{}'
         from generate_series(1, 9) returning event__id as id`,
    );
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await found({ event_type: 'ops.batch.done', page_size: 2, ...(cursor ? { cursor } : {}) });
      ids.push(...page.map((r) => r.event__id));
      cursor = page.at(-1)?.cursor;
    }
    expect(ids).toHaveLength(9);
    expect(new Set(ids)).toEqual(new Set(rows.map((r) => r.id)));
  });

  it('runs read-only, as a GET does, and answers a producer key with 403', async () => {
    expect((await find({ page_size: 1 })).status).toBe(200);
    expect((await find({}, producer.key)).status).toBe(403);
  });

  const base64url = (text: string) => Buffer.from(text).toString('base64url');
  const refusals: [string, Record<string, unknown>, number, string][] = [
    ['a page_size over 1000', { page_size: 1001 }, 413, 'PT413'],
    ['a forged cursor at infinity', { cursor: base64url('infinity/00000000-0000-0000-0000-000000000000') }, 400, 'LE020'],
    ['a forged cursor at a position no event has', { cursor: base64url('2026-01-01T00:00:00.000000Z/01a20b76-c616-756f-abc9-caea3bd67582') }, 400, 'LE020'],
    ['a forged cursor naming an id nobody recorded', { cursor: base64url('2026-01-01T00:00:00.000000Z/7b7a3c1e-3c55-4a8e-9a39-1d2a1f0e5d10') }, 400, 'LE020'],
    ['a page_size of 0', { page_size: 0 }, 400, 'LE021'],
    ['a cursor find did not return', { cursor: 'bm90LWEtY3Vyc29y' }, 400, 'LE020'],
    ['a cursor that is not base64', { cursor: '%%%' }, 400, 'LE020'],
    ['a created_from that is not a time', { created_from: 'last tuesday' }, 400, '22007'],
  ];
  it.each(refusals)('refuses %s', async (_label, args, status, code) => {
    const response = await find(args);
    expect(response.status).toBe(status);
    expect((response.body as PostgrestError).code).toBe(code);
  });
});
