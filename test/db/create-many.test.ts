import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { rpc, selectView, type PostgrestError } from '../support/postgrest-call.ts';

interface Receipt {
  event__id: string;
  event_type: string;
  occurred_at: string;
  created_at: string;
  consumer: string;
  headers: Record<string, unknown>;
}

interface EventRow extends Receipt {
  payload: unknown;
  partition_key: string | null;
}

let db: TestDatabase;
let producer: IssuedKey;
let reader: IssuedKey;

beforeAll(async () => {
  db = await createTestDatabase();
  producer = await issueKey(db.admin, 'billing', 'producer');
  reader = await issueKey(db.admin, 'audit-desk', 'reader');
});
afterAll(() => db.drop());

/** POST /rpc/create_many with the body as given: a plain array, or {"events": [...]}. */
const createMany = (body: unknown, apiKey = producer.key) =>
  rpc<Receipt[]>(db.authenticator, 'create_many', body, { apiKey });

async function eventCount(): Promise<number> {
  const { rows } = await db.admin.query<{ n: number }>('select count(*)::int as n from lib_event.event');
  return rows[0]?.n ?? -1;
}

const invoices = (n: number, prefix = 'INV') =>
  Array.from({ length: n }, (_, i) => ({
    event_type: 'billing.invoice.paid',
    payload: { invoice: `${prefix}-${i}`, amount: i * 100 },
    headers: { actor: 'ada' },
    partition_key: `invoice:${prefix}-${i}`,
  }));

describe('lib_events.create_many', () => {
  it('records a plain JSON array and returns the receipts in order', async () => {
    const events = invoices(5, 'A');
    const response = await createMany(events);
    expect(response.status).toBe(200);
    const receipts = response.body as Receipt[];
    expect(receipts).toHaveLength(5);
    expect(new Set(receipts.map((r) => r.event__id)).size).toBe(5);

    const read = await selectView<EventRow>(db.authenticator, 'events', {
      apiKey: reader.key,
      where: 'event__id = any($1::uuid[])',
      values: [receipts.map((r) => r.event__id)],
      limit: receipts.length,
    });
    const byId = new Map((read.body as EventRow[]).map((row) => [row.event__id, row]));
    receipts.forEach((receipt, i) => {
      expect(receipt.consumer).toBe('billing');
      expect(receipt.headers).toMatchObject({ actor: 'ada', event__id: receipt.event__id, partition_key: `invoice:A-${i}` });
      expect(byId.get(receipt.event__id)?.payload).toEqual(events[i]?.payload);
    });
  });

  it('also takes {"events": [...]}, which PostgREST passes whole as well', async () => {
    const wrapped = await createMany({ events: invoices(3, 'C') });
    expect(wrapped.status).toBe(200);
    expect(wrapped.body as Receipt[]).toHaveLength(3);
  });

  it('takes events with different fields in {"events": [...]}, where PostgREST refuses them as a plain array', async () => {
    const mixed = [{ event_type: 'iam.user.created' }, { event_type: 'billing.invoice.paid', payload: { invoice: 'M-1' } }];
    const before = await eventCount();
    const plain = await createMany(mixed);
    expect(plain.status).toBe(400);
    expect((plain.body as PostgrestError).code).toBe('PGRST102');
    expect(await eventCount()).toBe(before);

    const wrapped = await createMany({ events: mixed });
    expect(wrapped.status).toBe(200);
    expect((wrapped.body as Receipt[]).map((r) => r.event_type)).toEqual(['iam.user.created', 'billing.invoice.paid']);
  });

  it('no longer answers to the argument name events= from SQL, only to the position (the parameter is unnamed)', async () => {
    await expect(db.admin.query(`select * from lib_events.create_many(events => '[]')`)).rejects.toMatchObject({ code: '42883' });
    const { rows } = await db.admin.query(`select * from lib_events.create_many('[{"event_type": "iam.user.created"}]')`);
    expect(rows).toHaveLength(1);
  });

  it('applies the same defaults as create: no headers means {}, no occurred_at means now', async () => {
    const [receipt] = (await createMany([{ event_type: 'iam.user.created' }])).body as Receipt[];
    expect(receipt?.occurred_at).toBe(receipt?.created_at);
    expect(receipt?.headers).toMatchObject({ event_type: 'iam.user.created', source: null, partition_key: null });
  });

  it('takes occurred_at as RFC 3339: T and Z in either case, fractions, offsets', async () => {
    const sent = ['2026-01-05T10:00:00Z', '2026-01-05t10:00:00.250z', '2026-01-05T15:30:00.123456+05:30', '2026-01-05T05:00:00-05:00'];
    const response = await createMany(sent.map((occurred_at) => ({ event_type: 'iam.user.created', occurred_at })));
    expect(response.status).toBe(200);
    expect((response.body as Receipt[]).map((r) => new Date(r.occurred_at).toISOString())).toEqual([
      '2026-01-05T10:00:00.000Z', '2026-01-05T10:00:00.250Z', '2026-01-05T10:00:00.123Z', '2026-01-05T10:00:00.000Z',
    ]);
  });

  it('refuses an empty batch, which is also what PostgREST makes of a body that is no array or object', async () => {
    const before = await eventCount();
    for (const body of [[], 42, null, 'billing.invoice.paid']) {
      const response = await createMany(body);
      expect(response.status).toBe(400);
      expect((response.body as PostgrestError).code).toBe('LE007');
    }
    expect(await eventCount()).toBe(before);
  });

  it('records 1000 events in one call', async () => {
    const before = await eventCount();
    const response = await createMany(invoices(1000, 'BIG'));
    expect(response.status).toBe(200);
    const receipts = response.body as Receipt[];
    expect(receipts.map((r) => r.headers.partition_key)).toEqual(invoices(1000, 'BIG').map((e) => e.partition_key));
    expect(await eventCount()).toBe(before + 1000);
  });

  it('is refused by a reader key', async () => {
    const response = await createMany(invoices(1), reader.key);
    expect(response.status).toBe(403);
  });
});

/** Arrays inside arrays, `depth` of them. */
const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('lib_events.create_many refuses a bad batch whole, naming the event at fault', () => {
  // Sent as {"events": [...]}, the form PostgREST passes whatever the events' keys.
  const good = invoices(3, 'X');
  const cases: [string, unknown, number, string][] = [
    ['more than 1000 events', invoices(1001, 'Y'), 413, 'PT413'],
    ['an object that is not an array', { event_type: 'billing.invoice.paid' }, 400, 'LE007'],
    ['a string', 'billing.invoice.paid', 400, 'LE007'],
    ['an element that is not an object', [...good, 42], 400, 'LE007'],
    ['an element with an unknown field', [...good, { event_type: 'billing.invoice.paid', evnt_type: 'x' }], 400, 'LE008'],
    ['a bad event type in the third event', [good[0], good[1], { event_type: 'billing.paid' }], 400, 'LE001'],
    ['headers that are not an object', [...good, { event_type: 'billing.invoice.paid', headers: [1] }], 400, 'LE002'],
    ['a forged standard header', [...good, { event_type: 'billing.invoice.paid', headers: { consumer: 'x' } }], 400, 'LE003'],
    ['an occurred_at in the future', [...good, { event_type: 'billing.invoice.paid', occurred_at: '2999-01-01T00:00:00Z' }], 400, 'LE004'],
    ['an occurred_at that is not a time', [...good, { event_type: 'billing.invoice.paid', occurred_at: 'soon' }], 400, '22007'],
    ['an occurred_at of -infinity', [...good, { event_type: 'billing.invoice.paid', occurred_at: '-infinity' }], 400, '22007'],
    ['an occurred_at in BC', [...good, { event_type: 'billing.invoice.paid', occurred_at: '4714-11-24 00:00:00+00 BC' }], 400, '22007'],
    ['an occurred_at before the year 1', [...good, { event_type: 'billing.invoice.paid', occurred_at: '0001-01-01T00:30:00+01:00' }], 400, 'LE004'],
    ['an occurred_at of yesterday', [...good, { event_type: 'billing.invoice.paid', occurred_at: 'yesterday' }], 400, '22007'],
    ['an occurred_at of epoch', [...good, { event_type: 'billing.invoice.paid', occurred_at: 'epoch' }], 400, '22007'],
    ['an occurred_at without an offset', [...good, { event_type: 'billing.invoice.paid', occurred_at: '2026-01-05T10:00:00' }], 400, '22007'],
    ['an occurred_at with a space for T', [...good, { event_type: 'billing.invoice.paid', occurred_at: '2026-01-05 10:00:00Z' }], 400, '22007'],
    ['an occurred_at that is a number', [...good, { event_type: 'billing.invoice.paid', occurred_at: 1767607200 }], 400, 'LE041'],
    ['an event_type that is an array', [...good, { event_type: ['billing.invoice.paid'] }], 400, 'LE041'],
    ['a partition_key that is a number', [...good, { event_type: 'billing.invoice.paid', partition_key: 42 }], 400, 'LE041'],
    ['a partition_key that is an object', [...good, { event_type: 'billing.invoice.paid', partition_key: { id: 1 } }], 400, 'LE041'],
    ['an idempotency_key that is a boolean', [...good, { event_type: 'billing.invoice.paid', idempotency_key: true }], 400, 'LE041'],
    ['an idempotency_key that is an array', [...good, { event_type: 'billing.invoice.paid', idempotency_key: ['k'] }], 400, 'LE041'],
    ['a source that is a number', [...good, { event_type: 'billing.invoice.paid', source: 7 }], 400, 'LE041'],
    ['a payload nested 129 deep', [...good, { event_type: 'billing.invoice.paid', payload: nested(129) }], 400, 'LE040'],
    ['a source that is not a uuid', [...good, { event_type: 'billing.invoice.paid', source: 'req-1' }], 400, '22P02'],
    ['an empty partition_key', [...good, { event_type: 'billing.invoice.paid', partition_key: '' }], 400, 'LE005'],
    ['an empty idempotency_key', [...good, { event_type: 'billing.invoice.paid', idempotency_key: '' }], 400, 'LE006'],
  ];

  it.each(cases)('%s', async (_label, events, status, code) => {
    const before = await eventCount();
    const response = await createMany({ events });
    expect(response.status).toBe(status);
    expect((response.body as PostgrestError).code).toBe(code);
    expect(await eventCount()).toBe(before);
  });

  it('says which event of the batch failed', async () => {
    const error = (await createMany({ events: [good[0], good[1], { event_type: 'billing.paid' }] })).body as PostgrestError;
    expect(error.message).toMatch(/^event 3 of 3: /);
  });
});
