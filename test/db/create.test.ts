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
  source: string | null;
  partition_key: string | null;
  payload: unknown;
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

const create = (body: Record<string, unknown>, apiKey = producer.key) =>
  rpc<Receipt>(db.authenticator, 'create', body, { apiKey });

async function eventCount(): Promise<number> {
  const { rows } = await db.admin.query<{ n: number }>('select count(*)::int as n from lib_event.event');
  return rows[0]?.n ?? -1;
}

async function readBack(id: string): Promise<EventRow> {
  const response = await selectView<EventRow>(db.authenticator, 'events', {
    apiKey: reader.key,
    where: 'event__id = $1',
    values: [id],
    limit: 1,
  });
  expect(response.status).toBe(200);
  const rows = response.body as EventRow[];
  expect(rows).toHaveLength(1);
  return rows[0] as EventRow;
}

describe('lib_events.create', () => {
  it('records an event that a reader can read back', async () => {
    const response = await create({
      event_type: 'billing.invoice.paid',
      payload: { invoice: 'INV-1', amount: 4200 },
      headers: { actor: 'ada', 'auth level': 2 },
      source: '7b7a3c1e-3c55-4a8e-9a39-1d2a1f0e5d10',
      partition_key: 'invoice:INV-1',
    });
    expect(response.status).toBe(200);
    const receipt = response.body as Receipt;
    expect(receipt.event__id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(receipt.consumer).toBe('billing');

    const event = await readBack(receipt.event__id);
    expect(event).toMatchObject({
      event__id: receipt.event__id,
      event_type: 'billing.invoice.paid',
      consumer: 'billing',
      source: '7b7a3c1e-3c55-4a8e-9a39-1d2a1f0e5d10',
      partition_key: 'invoice:INV-1',
      payload: { invoice: 'INV-1', amount: 4200 },
    });
    expect(event.headers).toEqual(receipt.headers);
  });

  it('stores the standard entries in the headers beside the user-defined ones', async () => {
    const occurredAt = '2026-01-02T03:04:05.678901Z';
    const receipt = (await create({
      event_type: 'iam.user.created',
      headers: { actor: 'grace' },
      occurred_at: occurredAt,
    })).body as Receipt;

    expect(receipt.headers).toEqual({
      actor: 'grace',
      event_type: 'iam.user.created',
      event__id: receipt.event__id,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      occurred_at: occurredAt,
      source: null,
      partition_key: null,
      consumer: 'billing',
    });
    expect(Date.parse(receipt.headers.created_at as string)).toBe(Date.parse(receipt.created_at));
  });

  it('defaults occurred_at to the recording time and payload to null', async () => {
    const receipt = (await create({ event_type: 'iam.user.deleted' })).body as Receipt;
    expect(receipt.occurred_at).toBe(receipt.created_at);
    expect((await readBack(receipt.event__id)).payload).toBeNull();
  });

  it('hands out time-ordered ids', async () => {
    const first = (await create({ event_type: 'iam.session.opened' })).body as Receipt;
    const second = (await create({ event_type: 'iam.session.closed' })).body as Receipt;
    expect(second.event__id > first.event__id).toBe(true);
  });

  it('records the database role as consumer for a direct SQL caller', async () => {
    const { rows } = await db.admin.query<{ consumer: string }>(
      `select (lib_events.create('iam.user.renamed')).consumer`,
    );
    expect(rows[0]?.consumer).toBe('postgres');
  });

  it('round-trips a 10 MB payload intact', async () => {
    const items = Array.from({ length: 40_000 }, (_, i) => ({ i, text: `line ${i} `.padEnd(230, 'x') }));
    const payload = { kind: 'bulk', items };
    expect(JSON.stringify(payload).length).toBeGreaterThan(10_000_000);

    const receipt = (await create({ event_type: 'storage.blob.uploaded', payload })).body as Receipt;
    // Over 256 KiB: the view defers it, event_payload returns it.
    expect(await readBack(receipt.event__id)).toMatchObject({ payload: null, payload_deferred: true });
    const response = await rpc<unknown>(db.authenticator, 'event_payload', { event__id: receipt.event__id }, { apiKey: reader.key, method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(payload);
  });
});

/** Arrays inside arrays, `depth` of them. */
const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('lib_events.create refuses bad input, with the documented error and nothing written', () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['a type with two segments', { event_type: 'billing.paid' }, 400, 'LE001'],
    ['a type with four segments', { event_type: 'billing.invoice.line.added' }, 400, 'LE001'],
    ['a type with an uppercase first letter', { event_type: 'Billing.invoice.paid' }, 400, 'LE001'],
    ['a type with spaces', { event_type: 'billing.invoice. paid' }, 400, 'LE001'],
    ['an empty type', { event_type: '' }, 400, 'LE001'],
    ['a null type', { event_type: null }, 400, 'LE001'],
    ['a huge type', { event_type: `billing.invoice.${'p'.repeat(100_000)}` }, 400, 'LE001'],
    ['headers that are an array', { event_type: 'billing.invoice.paid', headers: ['actor'] }, 400, 'LE002'],
    ['headers that are a string', { event_type: 'billing.invoice.paid', headers: 'actor' }, 400, 'LE002'],
    ['null headers', { event_type: 'billing.invoice.paid', headers: null }, 400, 'LE002'],
    ['a forged event__id header', { event_type: 'billing.invoice.paid', headers: { event__id: '0' } }, 400, 'LE003'],
    ['a forged consumer header', { event_type: 'billing.invoice.paid', headers: { consumer: 'someone-else' } }, 400, 'LE003'],
    ['forged time headers', { event_type: 'billing.invoice.paid', headers: { created_at: 'x', occurred_at: 'y' } }, 400, 'LE003'],
    ...['consumer\v', '\fconsumer', '\u00a0consumer', 'consumer\u3000', '\u200bconsumer\ufeff', 'ＣＯＮＳＵＭＥＲ', '\u0085source\u2028']
      .map((key): [string, Record<string, unknown>, number, string] =>
        [`a standard header behind ${JSON.stringify(key)}`, { event_type: 'billing.invoice.paid', headers: { [key]: 'x' } }, 400, 'LE003']),
    ['a forged header in other case', { event_type: 'billing.invoice.paid', headers: { Consumer: 'someone-else' } }, 400, 'LE003'],
    ['a forged header in capitals', { event_type: 'billing.invoice.paid', headers: { EVENT_TYPE: 'x' } }, 400, 'LE003'],
    ['a forged header with a trailing space', { event_type: 'billing.invoice.paid', headers: { 'consumer ': 'x' } }, 400, 'LE003'],
    ['headers over 64 KiB', { event_type: 'billing.invoice.paid', headers: { note: 'n'.repeat(70_000) } }, 413, 'PT413'],
    ['headers nested 129 deep', { event_type: 'billing.invoice.paid', headers: { deep: nested(128) } }, 400, 'LE040'],
    ['a payload nested 129 deep', { event_type: 'billing.invoice.paid', payload: nested(129) }, 400, 'LE040'],
    ['an occurred_at of infinity', { event_type: 'billing.invoice.paid', occurred_at: 'infinity' }, 400, '22007'],
    ['an occurred_at of -infinity', { event_type: 'billing.invoice.paid', occurred_at: '-infinity' }, 400, '22007'],
    ['an occurred_at before the year 1', { event_type: 'billing.invoice.paid', occurred_at: '4714-11-24T00:00:00Z BC' }, 400, '22007'],
    ['an occurred_at that is not a time', { event_type: 'billing.invoice.paid', occurred_at: 'yesterday-ish' }, 400, '22007'],
    ['an occurred_at in the future', { event_type: 'billing.invoice.paid', occurred_at: '2999-01-01T00:00:00Z' }, 400, 'LE004'],
    // The body reaches create(jsonb) as sent: checked on its JSON types, as create_many's events are.
    ['an occurred_at of yesterday', { event_type: 'billing.invoice.paid', occurred_at: 'yesterday' }, 400, '22007'],
    ['an occurred_at without an offset', { event_type: 'billing.invoice.paid', occurred_at: '2026-01-05 10:00:00' }, 400, '22007'],
    ['an event_type that is a number', { event_type: 42 }, 400, 'LE041'],
    ['a partition_key that is a number', { event_type: 'billing.invoice.paid', partition_key: 42 }, 400, 'LE041'],
    ['an idempotency_key that is an object', { event_type: 'billing.invoice.paid', idempotency_key: { k: 1 } }, 400, 'LE041'],
    ['a field create does not take', { event_type: 'billing.invoice.paid', evnt_type: 'x' }, 400, 'LE008'],
    ['a source that is not a uuid', { event_type: 'billing.invoice.paid', source: 'req-42' }, 400, '22P02'],
    ['an empty partition_key', { event_type: 'billing.invoice.paid', partition_key: '' }, 400, 'LE005'],
    ['a partition_key over 255 characters', { event_type: 'billing.invoice.paid', partition_key: 'k'.repeat(256) }, 400, 'LE005'],
  ];

  it.each(cases)('%s', async (_label, body, status, code) => {
    const before = await eventCount();
    const response = await create(body);
    expect(response.status).toBe(status);
    const error = response.body as PostgrestError;
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(0);
    expect(await eventCount()).toBe(before);
  });

  it('keeps header names that only contain a standard one', async () => {
    const headers = { 'consumer id': 'c-1', consumer_team: 'billing', 'source\u00a0system': 'erp' };
    const response = await create({ event_type: 'billing.invoice.paid', headers });
    expect(response.status).toBe(200);
    expect((response.body as Receipt).headers).toMatchObject(headers);
  });

  it('accepts JSON nested 128 deep, the documented bound', async () => {
    const response = await create({ event_type: 'billing.invoice.paid', payload: nested(128), headers: { deep: nested(127) } });
    expect(response.status).toBe(200);
  });

  it('names infinity in its message', async () => {
    const error = (await create({ event_type: 'billing.invoice.paid', occurred_at: 'infinity' })).body as PostgrestError;
    expect(error.message).toContain('infinity');
  });

  it('caps the bad value it echoes, so a huge type does not come back whole', async () => {
    const error = (await create({ event_type: `billing.invoice.${'p'.repeat(100_000)}` })).body as PostgrestError;
    expect(error.message.length).toBeLessThan(300);
    expect(error.hint).toMatch(/three dot-separated segments/);
  });

  it('refuses a payload that is not JSON, as PostgREST reports a body it cannot read', async () => {
    const before = await eventCount();
    await expect(
      db.admin.query(`select lib_events.create('billing.invoice.paid', $1::text::jsonb)`, ['{"unterminated": ']),
    ).rejects.toMatchObject({ code: '22P02' });
    expect(await eventCount()).toBe(before);
  });

  it('accepts an occurred_at slightly ahead, within the 5 minutes of tolerated clock skew', async () => {
    const aheadByAMinute = new Date(Date.now() + 60_000).toISOString();
    expect((await create({ event_type: 'billing.invoice.paid', occurred_at: aheadByAMinute })).status).toBe(200);
  });
});

describe('lib_events.create over HTTP refuses what PostgREST would hide, before writing', () => {
  it('refuses an array body, of which PostgREST binds the first element alone (LE082)', async () => {
    const before = await eventCount();
    const response = await rpc<Receipt>(db.authenticator, 'create',
      [{ event_type: 'billing.invoice.paid' }, { event_type: 'billing.invoice.paid' }], { apiKey: producer.key });
    expect(response.status).toBe(400);
    expect((response.body as PostgrestError).code).toBe('LE082');
    expect(await eventCount()).toBe(before);
  });

  it('leaves a SQL caller alone: its statement, limit and offset included, is its own', async () => {
    const { rows: [made] } = await db.admin.query<{ event_type: string }>(
      `select event_type from lib_events.create('billing.invoice.paid') where event_type like 'billing.%' offset 0 limit 1`);
    expect(made?.event_type).toBe('billing.invoice.paid');
  });
});

describe('create stays cheap without a check changing', () => {
  it('tests event types against the pattern of the domain lib_event.event_type, which still checks every insert', async () => {
    const { rows: [domain] } = await db.admin.query<{ definition: string }>(
      `select pg_get_constraintdef(c.oid) as definition from pg_constraint c
        where c.contypid = 'lib_event.event_type'::regtype and c.conname = 'event_type_convention'`);
    const { rows: [fn] } = await db.admin.query<{ source: string }>(
      `select prosrc as source from pg_proc where oid = 'lib_event.check_event(text,jsonb,timestamptz,text,timestamptz)'::regprocedure`);
    const pattern = /VALUE ~ '([^']+)'/.exec(domain?.definition ?? '')?.[1];
    expect(pattern).toMatch(/^\^\[a-z\]/);
    expect(fn?.source).toContain(`!~ '${pattern}'`);
    // A value the domain refuses reaches neither table.
    await expect(db.admin.query(`insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers)
      select lib_event.uuid_v7(now()), 'Billing.invoice.paid', now(), now(), 'x', '{}'`)).rejects.toThrow(/event_type_convention/);
  });

  it('computes lib_event.uuid_floor as before, across the epoch, time zones, its bounds and infinity', async () => {
    await db.admin.query(`set time zone 'America/St_Johns'`);
    const { rows: [result] } = await db.admin.query<{ differing: number; checked: number }>(`
      select count(*) filter (where lib_event.uuid_floor(t) is distinct from reference)::int as differing, count(*)::int as checked
        from (select t, case
                when t < 'epoch' then '00000000-0000-0000-0000-000000000000'::uuid
                when t >= '10889-08-02 05:31:50.656+00' then 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid
                else encode(substring(int8send(floor(extract(epoch from t) * 1000)::bigint) from 3)
                       || '\\x00000000000000000000'::bytea, 'hex')::uuid end as reference
                from (select '1969-12-31 23:59:59.999+00'::timestamptz + n * interval '37 days 1 hour 0.0017 seconds' as t
                        from generate_series(0, 4000) n
                      union all values ('epoch'::timestamptz), ('infinity'), ('-infinity'), ('10889-08-02 05:31:50.655999+00'),
                        ('10889-08-02 05:31:50.656+00'), ('2026-12-03 10:00:00.0005+00')) times) cases`)
      .finally(() => db.admin.query('reset time zone'));
    expect(result?.checked).toBe(4007);
    expect(result?.differing).toBe(0);
  });

  it('lets the planner inline the functions the INSERT and its check call', async () => {
    const { rows } = await db.admin.query<{ name: string; config: string[] | null; volatility: string }>(
      `select p.proname as name, p.proconfig as config, p.provolatile as volatility from pg_proc p
        where p.oid in ('lib_event.uuid_time(uuid)'::regprocedure, 'lib_event.uuid_floor(timestamptz)'::regprocedure,
                        'lib_event.utc_text(timestamptz)'::regprocedure,
                        'lib_event.stored_headers(jsonb,text,uuid,timestamptz,timestamptz,uuid,text,text)'::regprocedure)`);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.config, row.name).toBeNull();
    const { rows: plan } = await db.admin.query<{ 'QUERY PLAN': string }>(
      `explain (verbose) select lib_event.stored_headers('{}', 'a.b.c', gen_random_uuid(), now(), now(), null, 'k', 'c'),
              lib_event.uuid_time(lib_event.uuid_floor(now()))`);
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('jsonb_build_object');
    expect(text).not.toMatch(/stored_headers|uuid_time|uuid_floor|utc_text/);
  });
});
