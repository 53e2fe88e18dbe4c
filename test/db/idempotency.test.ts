import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { rpc, type PostgrestError } from '../support/postgrest-call.ts';

interface Receipt {
  event__id: string;
  event_type: string;
  occurred_at: string;
  created_at: string;
  consumer: string;
  headers: Record<string, unknown>;
}

let db: TestDatabase;
let billing: IssuedKey;
let shipping: IssuedKey;

beforeAll(async () => {
  db = await createTestDatabase();
  billing = await issueKey(db.admin, 'billing', 'producer');
  shipping = await issueKey(db.admin, 'shipping', 'producer');
});
afterAll(() => db.drop());

const create = (body: Record<string, unknown>, apiKey = billing.key) =>
  rpc<Receipt>(db.authenticator, 'create', body, { apiKey });
const createMany = (events: unknown, apiKey = billing.key) =>
  rpc<Receipt[]>(db.authenticator, 'create_many', { events }, { apiKey });

async function eventsWithKey(key: string): Promise<number> {
  const { rows } = await db.admin.query<{ n: number }>(
    `select count(*)::int as n from lib_event.event e
       join lib_event.idempotency_key k on k.event__id = e.event__id
      where k.idempotency_key = $1`,
    [key],
  );
  return rows[0]?.n ?? -1;
}

async function eventCount(): Promise<number> {
  const { rows } = await db.admin.query<{ n: number }>('select count(*)::int as n from lib_event.event');
  return rows[0]?.n ?? -1;
}

const paid = (key: string, amount = 4200) => ({
  event_type: 'billing.invoice.paid',
  payload: { invoice: 'INV-7', amount },
  headers: { actor: 'ada' },
  occurred_at: '2026-01-02T03:04:05Z',
  idempotency_key: key,
});

describe('idempotent create', () => {
  it('returns the original receipt for a retry with the same key and content, recording once', async () => {
    const first = await create(paid('retry-1'));
    const before = await eventCount();
    const second = await create(paid('retry-1'));
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await eventCount()).toBe(before);
  });

  it('treats content as JSON: key order and white space do not make a retry different', async () => {
    const first = (await create({ ...paid('retry-2'), payload: { amount: 1, invoice: 'X' } })).body as Receipt;
    const second = (await create({ ...paid('retry-2'), payload: { invoice: 'X', amount: 1 } })).body as Receipt;
    expect(second.event__id).toBe(first.event__id);
  });

  it('refuses the same key with different content: 409, a message that says so, nothing recorded', async () => {
    const first = (await create(paid('retry-3'))).body as Receipt;
    const before = await eventCount();
    const response = await create(paid('retry-3', 9999));
    expect(response.status).toBe(409);
    const error = response.body as PostgrestError;
    expect(error.code).toBe('23505');
    expect(error.message).toContain('retry-3');
    expect(error.message).toContain('different content');
    expect(error.message).toContain(first.event__id);
    expect(await eventCount()).toBe(before);
  });

  it('scopes keys per consumer: another consumer may use the same key', async () => {
    const mine = (await create(paid('shared-key'))).body as Receipt;
    const theirs = (await create(paid('shared-key'), shipping.key)).body as Receipt;
    expect(theirs.consumer).toBe('shipping');
    expect(theirs.event__id).not.toBe(mine.event__id);
  });

  it('records a keyless event every time', async () => {
    const { idempotency_key: _ignored, ...keyless } = paid('unused');
    const first = (await create(keyless)).body as Receipt;
    const second = (await create(keyless)).body as Receipt;
    expect(second.event__id).not.toBe(first.event__id);
  });

  it('refuses a key over 255 characters with LE006', async () => {
    const response = await create(paid('k'.repeat(256)));
    expect(response.status).toBe(400);
    expect((response.body as PostgrestError).code).toBe('LE006');
  });

  it('records one event for 12 concurrent duplicates, and all of them get its receipt', async () => {
    const responses = await Promise.all(Array.from({ length: 12 }, () => create(paid('concurrent-1'))));
    expect(responses.map((r) => r.status)).toEqual(Array(12).fill(200));
    const ids = new Set(responses.map((r) => (r.body as Receipt).event__id));
    expect(ids.size).toBe(1);
    expect(await eventsWithKey('concurrent-1')).toBe(1);
  });

  it('lets exactly one of concurrent calls with the same key and different content win; the others get 409', async () => {
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => create(paid('concurrent-2', i))));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    expect(await eventsWithKey('concurrent-2')).toBe(1);
  });
});

describe('idempotent create_many', () => {
  it('returns the original receipts for a retried batch, recording nothing new', async () => {
    const batch = [paid('batch-a'), paid('batch-b'), { event_type: 'iam.user.created' }];
    const first = (await createMany(batch)).body as Receipt[];
    const before = await eventCount();
    const second = (await createMany(batch.slice(0, 2))).body as Receipt[];
    expect(second).toEqual(first.slice(0, 2));
    expect(await eventCount()).toBe(before);
  });

  it('records only the new events of a batch that mixes retries and new keys, in order', async () => {
    const original = (await create(paid('mixed-1'))).body as Receipt;
    const before = await eventCount();
    const receipts = (await createMany([paid('mixed-0'), paid('mixed-1'), paid('mixed-2')])).body as Receipt[];
    expect(receipts).toHaveLength(3);
    expect(receipts[1]).toEqual(original);
    expect(await eventCount()).toBe(before + 2);
  });

  it('records a key repeated inside one batch once, and refuses it with different content', async () => {
    const before = await eventCount();
    const receipts = (await createMany([paid('twice'), paid('twice')])).body as Receipt[];
    expect(receipts[0]?.event__id).toBe(receipts[1]?.event__id);
    expect(await eventCount()).toBe(before + 1);

    const response = await createMany([paid('twice-differs', 1), paid('twice-differs', 2)]);
    expect(response.status).toBe(409);
    expect((response.body as PostgrestError).code).toBe('23505');
    expect(await eventCount()).toBe(before + 1);
  });

  it('fails a whole batch with 409 when one key was used for different content', async () => {
    await create(paid('batch-conflict'));
    const before = await eventCount();
    const response = await createMany([paid('fresh-1'), paid('batch-conflict', 1)]);
    expect(response.status).toBe(409);
    expect((response.body as PostgrestError).details).toBe('event 2 of 2');
    expect(await eventCount()).toBe(before);
  });

  it('records each event once when overlapping batches are retried concurrently', async () => {
    const keys = Array.from({ length: 50 }, (_, i) => `overlap-${i}`);
    const forward = keys.map((k) => paid(k));
    const backward = [...forward].reverse();
    const responses = await Promise.all([createMany(forward), createMany(backward), createMany(forward), createMany(backward)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const first = (responses[0]?.body as Receipt[]).map((r) => r.event__id);
    const reversed = (responses[1]?.body as Receipt[]).map((r) => r.event__id).reverse();
    expect(reversed).toEqual(first);
    const { rows } = await db.admin.query<{ n: number }>(
      `select count(*)::int as n from lib_event.idempotency_key k join lib_event.event e using (event__id)
        where k.idempotency_key like 'overlap-%'`,
    );
    expect(rows[0]?.n).toBe(50);
  });
});
