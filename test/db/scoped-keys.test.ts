import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Access, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { postgrestCall, rpc, selectView, type PostgrestError } from '../support/postgrest-call.ts';

// Scoped keys (db/security.md#scoped-keys): a matrix of reader scopes ×
// every read path, and producer scopes × every write path, through the
// harness that runs requests as PostgREST does. Hidden rows must not show in
// rows, filters, counts, payloads or proofs; an unscoped key sees all.

let db: TestDatabase;

interface Scopes { eventTypes?: string[]; tenants?: string[]; consumers?: string[] }

async function scopedKey(consumer: string, access: Access, scopes: Scopes = {}): Promise<IssuedKey> {
  const { rows: [row] } = await db.admin.query<{ api_key__id: string; api_key: string }>(
    'select * from lib_event.api_key_create($1, $2, event_types => $3, tenants => $4, consumers => $5)',
    [consumer, access, scopes.eventTypes ?? null, scopes.tenants ?? null, scopes.consumers ?? null],
  );
  if (!row) throw new Error('no key');
  return { id: row.api_key__id, key: row.api_key, consumer };
}

/** The four events every reader is checked against, by name. */
const recorded: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase({ sequencer: true });
  const billing = await scopedKey('billing', 'producer');
  const iam = await scopedKey('iam', 'producer');
  const plan: [string, IssuedKey, Record<string, unknown>][] = [
    ['billingAcme', billing, { event_type: 'billing.invoice.paid', tenant: 'acme', payload: { n: 1 } }],
    ['billingGlobex', billing, { event_type: 'billing.invoice.paid', tenant: 'globex', payload: { n: 2 } }],
    ['iamAcme', iam, { event_type: 'iam.user.deleted', headers: { tenant: 'acme' }, payload: { n: 3 } }],
    ['iamNoTenant', iam, { event_type: 'iam.user.deleted', payload: { n: 4 } }],
  ];
  for (const [name, key, event] of plan) {
    const receipt = await rpc<{ event__id: string }>(db.authenticator, 'create', event, { apiKey: key.key });
    if (receipt.status !== 200) throw new Error(`recording ${name}: ${JSON.stringify(receipt.body)}`);
    recorded[name] = (receipt.body as { event__id: string }).event__id;
  }
  await db.placed();
});
afterAll(() => db.drop());

const names = ['billingAcme', 'billingGlobex', 'iamAcme', 'iamNoTenant'];

const readers: [string, Access, Scopes, string[]][] = [
  ['an unscoped reader', 'reader', {}, names],
  ['a reader of billing.*', 'reader', { eventTypes: ['billing.*'] }, ['billingAcme', 'billingGlobex']],
  ['a reader of tenant acme', 'reader', { tenants: ['acme'] }, ['billingAcme', 'iamAcme']],
  ['a reader of consumer iam', 'reader', { consumers: ['iam'] }, ['iamAcme', 'iamNoTenant']],
  ['a reader of billing.* in acme', 'reader', { eventTypes: ['billing.*'], tenants: ['acme'] }, ['billingAcme']],
  ['a producer_reader of iam.user.deleted', 'producer_reader', { eventTypes: ['iam.user.deleted'] }, ['iamAcme', 'iamNoTenant']],
  ['a reader of tenants acme and globex', 'reader', { tenants: ['acme', 'globex'] }, ['billingAcme', 'billingGlobex', 'iamAcme']],
];

const named = (ids: string[]) => ids.map((id) => Object.keys(recorded).find((name) => recorded[name] === id) ?? id).sort();

describe.each(readers)('%s', (label, access, scopes, visible) => {
  let key: IssuedKey;
  beforeAll(async () => {
    key = await scopedKey(`desk-${readers.findIndex(([l]) => l === label)}`, access, scopes);
  });

  it('reads only its events from the events view, whatever the filter or order', async () => {
    const all = await selectView<{ event__id: string }>(db.authenticator, 'events', { apiKey: key.key, limit: 100 });
    expect(all.status).toBe(200);
    expect(named((all.body as { event__id: string }[]).map((row) => row.event__id))).toEqual([...visible].sort());
    // Filters that would single out a hidden row find nothing.
    for (const name of names) {
      const one = await selectView<{ event__id: string }>(db.authenticator, 'events', {
        apiKey: key.key, where: 'event__id = $1 and payload @> $2', values: [recorded[name], { n: names.indexOf(name) + 1 }],
        orderBy: 'created_at desc', limit: 10,
      });
      expect((one.body as unknown[]).length, name).toBe(visible.includes(name) ? 1 : 0);
    }
  });

  it('counts only its events (Prefer: count=exact)', async () => {
    const counted = await postgrestCall<number>(db.authenticator, {
      method: 'GET', path: '/events', headers: { 'x-api-key': key.key, prefer: 'count=exact' },
      query: {
        text: `WITH pgrst_source AS ( SELECT "lib_events"."events".* FROM "lib_events"."events" LIMIT $1 OFFSET $2 ),
                    pgrst_source_count AS ( SELECT 1 FROM "lib_events"."events" WHERE tenant IS NOT NULL OR tenant IS NULL )
               SELECT (SELECT pg_catalog.count(*) FROM pgrst_source_count) AS body`,
        values: [1, 0],
      },
    });
    expect(counted.status).toBe(200);
    expect(Number(counted.body)).toBe(visible.length);
  });

  it('finds only its events, with the tenant', async () => {
    const found = await rpc<{ event__id: string; tenant: string | null }[]>(db.authenticator, 'find', {}, { apiKey: key.key, method: 'GET' });
    expect(found.status).toBe(200);
    const rows = found.body as { event__id: string; tenant: string | null }[];
    expect(named(rows.map((row) => row.event__id))).toEqual([...visible].sort());
    const acme = rows.find((row) => row.event__id === recorded.billingAcme);
    if (acme) expect(acme.tenant).toBe('acme');
  });

  it('follows only its events, in log order, and resumes from a cursor', async () => {
    const page = await rpc<{ event__id: string; position: number; cursor: string }[]>(db.authenticator, 'follow', {}, { apiKey: key.key, method: 'GET' });
    const rows = page.body as { event__id: string; position: number; cursor: string }[];
    expect(named(rows.map((row) => row.event__id))).toEqual([...visible].sort());
    const positions = rows.map((row) => Number(row.position));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const first = rows[0];
    if (!first) throw new Error('no event to resume after');
    const rest = await rpc<{ event__id: string }[]>(db.authenticator, 'follow', { cursor: first.cursor }, { apiKey: key.key, method: 'GET' });
    expect((rest.body as { event__id: string }[]).map((row) => row.event__id)).toEqual(rows.slice(1).map((row) => row.event__id));
  });

  it.each(names)('gets the payload and the inclusion proof of %s only when it may read it', async (name) => {
    const payload = await rpc<unknown>(db.authenticator, 'event_payload', { event__id: recorded[name] }, { apiKey: key.key, method: 'GET' });
    const proof = await rpc<unknown>(db.authenticator, 'inclusion_proof', { event__id: recorded[name], tree_size: 4 }, { apiKey: key.key, method: 'GET' });
    if (visible.includes(name)) {
      expect(payload).toMatchObject({ status: 200, body: { n: names.indexOf(name) + 1 } });
      expect(proof).toMatchObject({ status: 200, body: { event__id: recorded[name] } });
    } else {
      expect(payload).toMatchObject({ status: 404, body: { code: 'PT404' } });
      expect(proof).toMatchObject({ status: 404, body: { code: 'PT404' } });
    }
  });
});

describe('sessions without a key', () => {
  it('see every event: the sequencer placed all four, a direct SQL reader reads all four', async () => {
    const { rows: [row] } = await db.admin.query<{ placed: number }>(
      `select count(*)::int as placed from lib_event.log_entry where event__id = any ($1::uuid[])`, [Object.values(recorded)]);
    expect(row?.placed).toBe(4);
    const client = await db.authenticator.connect();
    try {
      await client.query('begin');
      await client.query('set local role lib_event_reader');
      const { rows } = await client.query('select event__id from lib_events.events where event__id = any ($1::uuid[])', [Object.values(recorded)]);
      expect(rows).toHaveLength(4);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('cannot take a key by setting it: an unsealed key setting is refused (PT401)', async () => {
    const key = await scopedKey('forger', 'reader', { tenants: ['acme'] });
    const client = await db.authenticator.connect();
    try {
      await client.query('begin');
      await client.query('set local role lib_event_reader');
      await client.query(`select set_config('lib_event.api_key__id', $1, true)`, [key.id]);
      await expect(client.query('select lib_events.find()')).rejects.toMatchObject({ code: 'PT401' });
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});

describe('producer scopes', () => {
  let scoped: IssuedKey;
  beforeAll(async () => {
    scoped = await scopedKey('billing-acme', 'producer', { eventTypes: ['billing.*', 'shop.order.placed'], tenants: ['acme'] });
  });

  async function count(consumer: string): Promise<number> {
    const { rows: [row] } = await db.admin.query<{ n: number }>('select count(*)::int as n from lib_event.event where consumer = $1', [consumer]);
    return row?.n ?? 0;
  }

  it('records in scope, with the key\'s tenant in the column and in headers', async () => {
    const receipt = await rpc<{ event__id: string; headers: Record<string, unknown> }>(db.authenticator, 'create',
      { event_type: 'billing.invoice.sent' }, { apiKey: scoped.key });
    expect(receipt.status).toBe(200);
    const body = receipt.body as { event__id: string; headers: Record<string, unknown> };
    expect(body.headers.tenant).toBe('acme');
    const { rows: [row] } = await db.admin.query('select tenant from lib_event.event where event__id = $1', [body.event__id]);
    expect(row).toEqual({ tenant: 'acme' });
    expect((await rpc(db.authenticator, 'create', { event_type: 'shop.order.placed', tenant: 'acme' }, { apiKey: scoped.key })).status).toBe(200);
  });

  it.each([
    ['create, a type outside the patterns', 'create', { event_type: 'iam.user.deleted' }, /billing\.\*, shop\.order\.placed/],
    ['create, a near miss of a whole type', 'create', { event_type: 'shop.order.placedx' }, /billing\.\*/],
    ['create, another tenant', 'create', { event_type: 'billing.invoice.paid', tenant: 'globex' }, /'acme'/],
    ['create, another tenant in headers', 'create', { event_type: 'billing.invoice.paid', headers: { tenant: 'globex' } }, /'acme'/],
    ['create_many, one event out of three', 'create_many',
      [{ event_type: 'billing.invoice.paid' }, { event_type: 'iam.user.deleted' }, { event_type: 'billing.invoice.sent' }], /billing\.\*/],
  ])('refuses %s with 403 PT403 naming the scope, writing nothing', async (_label, fn, body, scope) => {
    const before = await count('billing-acme');
    const response = await rpc(db.authenticator, fn, body, { apiKey: scoped.key });
    expect(response.status).toBe(403);
    const error = response.body as PostgrestError;
    expect(error.code).toBe('PT403');
    expect(error.details).toMatch(scope);
    if (fn === 'create_many') expect(error.message).toMatch(/^event 2 of 3: /);
    expect(await count('billing-acme')).toBe(before);
  });

  it('refuses the same through create(event_type => ...) over SQL as the key would', async () => {
    const response = await postgrestCall(db.authenticator, {
      method: 'POST', path: '/rpc/create', headers: { 'x-api-key': scoped.key }, readOnly: false,
      query: { text: `select to_json(lib_events.create(event_type => 'iam.user.deleted')) as body` },
    });
    expect(response).toMatchObject({ status: 403, body: { code: 'PT403' } });
  });

  it('takes an underscore in a pattern literally', async () => {
    const literal = await scopedKey('ops', 'producer', { eventTypes: ['ops.job_run.*'] });
    expect((await rpc(db.authenticator, 'create', { event_type: 'ops.job_run.ended' }, { apiKey: literal.key })).status).toBe(200);
    expect((await rpc(db.authenticator, 'create', { event_type: 'ops.jobXrun.ended' }, { apiKey: literal.key })).status).toBe(403);
  });

  it('lets an unscoped producer give any tenant, and refuses a malformed one or two that differ (LE014)', async () => {
    const free = await scopedKey('free', 'producer');
    expect((await rpc(db.authenticator, 'create', { event_type: 'a.b.c', tenant: 'anyone' }, { apiKey: free.key })).status).toBe(200);
    for (const body of [
      { event_type: 'a.b.c', tenant: '' },
      { event_type: 'a.b.c', headers: { tenant: 42 } },
      { event_type: 'a.b.c', tenant: ' padded ' },
      { event_type: 'a.b.c', tenant: 'one', headers: { tenant: 'two' } },
    ]) {
      expect(await rpc(db.authenticator, 'create', body, { apiKey: free.key }), JSON.stringify(body)).toMatchObject({ status: 400, body: { code: 'LE014' } });
    }
    expect(await rpc(db.authenticator, 'create', { event_type: 'a.b.c', tenant: 7 }, { apiKey: free.key })).toMatchObject({ status: 400, body: { code: 'LE041' } });
  });
});

describe('the ingest queue', () => {
  it('applies the mapped key\'s scope to each message: in scope recorded with its tenant, outside it refused with PT403', async () => {
    const key = await scopedKey('loader', 'producer', { eventTypes: ['billing.*'], tenants: ['acme'] });
    await db.admin.query(`insert into lib_event.ingest_publisher (amqp_user, consumer, api_key__id) values ('scoped-loader', 'loader', $1)`, [key.id]);
    const messages = [
      { id: 'in-scope', body: JSON.stringify({ event_type: 'billing.invoice.paid', idempotency_key: 'in-scope' }) },
      { id: 'other-type', body: JSON.stringify({ event_type: 'iam.user.deleted', idempotency_key: 'other-type' }) },
      { id: 'other-tenant', body: JSON.stringify({ event_type: 'billing.invoice.paid', tenant: 'globex', idempotency_key: 'other-tenant' }) },
    ];
    const client = new pg.Client({ connectionString: db.ingestUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ message_id: string; event__id: string | null; error_code: string | null }>(
        'select message_id, event__id, error_code from lib_event.ingest($1, $2)', ['scoped-loader', JSON.stringify(messages)]);
      expect(rows.map((row) => [row.message_id, row.error_code])).toEqual([['in-scope', null], ['other-type', 'PT403'], ['other-tenant', 'PT403']]);
      const { rows: [stored] } = await db.admin.query('select tenant, consumer::text from lib_event.event where event__id = $1', [rows[0]?.event__id]);
      expect(stored).toEqual({ tenant: 'acme', consumer: 'loader' });
    } finally {
      await client.end();
    }
  });

  it('maps a broker user only to a recording key of its consumer (LE015)', async () => {
    const reader = await scopedKey('loader-desk', 'reader');
    await expect(db.admin.query(`insert into lib_event.ingest_publisher (amqp_user, consumer, api_key__id) values ('desk-loader', 'loader-desk', $1)`, [reader.id]))
      .rejects.toMatchObject({ code: 'LE015' });
    const producer = await scopedKey('loader-two', 'producer');
    await expect(db.admin.query(`insert into lib_event.ingest_publisher (amqp_user, consumer, api_key__id) values ('two-loader', 'billing', $1)`, [producer.id]))
      .rejects.toMatchObject({ code: 'LE015' });
  });
});

describe('api_key_create', () => {
  it.each([
    ['an empty type scope', { eventTypes: [] }],
    ['an empty pattern', { eventTypes: [''] }],
    ['a malformed pattern', { eventTypes: ['billing*'] }],
    ['a wildcard inside', { eventTypes: ['billing.*.paid'] }],
    ['an empty tenant', { tenants: [''] }],
    ['a consumer name not allowed', { consumers: ['Billing'] }],
  ])('refuses %s with LE013', async (_label, scopes) => {
    await expect(scopedKey('someone', 'reader', scopes)).rejects.toMatchObject({ code: 'LE013' });
  });

  it('refuses a producer key with two tenants or a consumer scope (LE013)', async () => {
    await expect(scopedKey('someone', 'producer', { tenants: ['a', 'b'] })).rejects.toMatchObject({ code: 'LE013' });
    await expect(scopedKey('someone', 'producer', { consumers: ['billing'] })).rejects.toMatchObject({ code: 'LE013' });
  });

  it('still creates an unscoped key with two arguments, as before scopes', async () => {
    const { rows: [created] } = await db.admin.query<{ api_key__id: string }>(`select api_key__id from lib_event.api_key_create('legacy', 'reader')`);
    const { rows: [row] } = await db.admin.query(
      'select scope_event_types, scope_tenants, scope_consumers from lib_event.api_key where api_key__id = $1', [created?.api_key__id]);
    expect(row).toEqual({ scope_event_types: null, scope_tenants: null, scope_consumers: null });
  });
});

describe('find and follow show erasure', () => {
  it('give erased_at and erasure__id of an erased event, null for the others', async () => {
    const free = await scopedKey('eraseme', 'producer');
    const receipt = await rpc<{ event__id: string }>(db.authenticator, 'create', { event_type: 'crm.contact.added', payload: { email: 'x@y' } }, { apiKey: free.key });
    const id = (receipt.body as { event__id: string }).event__id;
    await db.placed();
    const { rows: [erased] } = await db.admin.query<{ r: { erasure__id: string } }>(
      `select lib_event.erase('a request to be forgotten', event_ids => array[$1::uuid]) as r`, [id]);
    const reader = await scopedKey('erasure-desk', 'reader');
    const found = (await rpc<Record<string, unknown>[]>(db.authenticator, 'find', {}, { apiKey: reader.key, method: 'GET' })).body as Record<string, unknown>[];
    const followed = (await rpc<Record<string, unknown>[]>(db.authenticator, 'follow', { page_size: 1000 }, { apiKey: reader.key, method: 'GET' })).body as Record<string, unknown>[];
    const { rows: [stored] } = await db.admin.query<{ erased_at: Date; erasure__id: string }>('select erased_at, erasure__id from lib_event.event where event__id = $1', [id]);
    expect(stored?.erasure__id).toBeTruthy();
    if (erased?.r.erasure__id) expect(stored?.erasure__id).toBe(erased.r.erasure__id);
    for (const rows of [found, followed]) {
      const row = rows.find((r) => r.event__id === id);
      expect(row).toMatchObject({ erasure__id: stored?.erasure__id, payload: null });
      expect(new Date(row?.erased_at as string).getTime()).toBe(stored?.erased_at.getTime());
      const other = rows.find((r) => r.event__id === recorded.billingAcme);
      expect(other).toMatchObject({ erased_at: null, erasure__id: null, tenant: 'acme' });
    }
  });
});
