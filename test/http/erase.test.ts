import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { archivePartition } from '../../scripts/lifecycle/archive.ts';
import { signCheckpoint } from '../../scripts/log/sequencer.ts';
import { verifyLog } from '../../scripts/log/verify.ts';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { testSigningKey } from '../support/database.ts';
import { eventually } from '../support/eventually.ts';
import { publicKeys } from '../support/sequenced-log.ts';
import { describeHttp } from './support/describe-http.ts';
import { choosePostgrest } from './support/postgrest-provider.ts';

// POST /rpc/erase through the real PostgREST (db/security.md#the-erase-right):
// a key created with the erase right erases a subject and every proof still
// verifies; a key without it gets 403 and nothing changes; bad selectors get
// a clear 4xx and erase nothing; a scoped key erases only what it reads; an
// event in a partition that has an archive file is left to npm run erase.

const source = await choosePostgrest();

interface Answer { status: number; body: Record<string, unknown> }

describeHttp(source, 'POST /rpc/erase: API keys with the erase right', (api) => {
  const run = randomBytes(4).toString('hex');
  const subject = (name: string) => `${name}-${run}`;
  let client: pg.Client;
  let producer: IssuedKey;
  let officer: IssuedKey;

  async function post(path: string, apiKey: string | undefined, body: unknown, query = ''): Promise<Answer> {
    const response = await fetch(`${api().url}${path}${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(apiKey ? { 'X-Api-Key': apiKey } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  const erase = (apiKey: string | undefined, body: unknown, query = '') => post('/rpc/erase', apiKey, body, query);

  /** Record events through POST /rpc/create_many as `key` (the producer by default); their ids, once the sequencer placed them. */
  async function record(events: object[], key = producer): Promise<string[]> {
    const answer = await fetch(`${api().url}/rpc/create_many`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': key.key },
      body: JSON.stringify(events),
    });
    const receipts = (await answer.json()) as { event__id: string }[];
    expect(answer.status, JSON.stringify(receipts)).toBe(200);
    const ids = receipts.map((receipt) => receipt.event__id);
    await placed(ids);
    return ids;
  }

  async function placed(ids: string[]): Promise<void> {
    await eventually(`the sequencer placed ${ids.length} events`, async () =>
      (await client.query<{ n: number }>('select count(*)::int as n from lib_event.log_entry where event__id = any($1::uuid[])', [ids])).rows[0]?.n === ids.length);
  }

  /** What each event holds: whether its content is still there. */
  async function contents(ids: string[]): Promise<Record<string, { payload: unknown; erased: boolean }>> {
    const { rows } = await client.query<{ id: string; payload: unknown; erased: boolean }>(
      'select event__id::text as id, payload, erased_at is not null as erased from lib_event.event where event__id = any($1::uuid[])', [ids]);
    return Object.fromEntries(rows.map(({ id, ...row }) => [id, row]));
  }

  const erasureCount = async () =>
    (await client.query<{ n: number }>(`select count(*)::int as n from lib_event.event where event_type = 'lib_event.event.erased'`)).rows[0]?.n;

  const personal = (name: string, n: number) => ({
    event_type: 'crm.customer.updated', headers: { subject: subject(name), actor: 'ada@example.com' },
    payload: { email: `${name}-${n}@example.com` }, partition_key: `customer:${subject(name)}`,
  });

  beforeAll(async () => {
    client = new pg.Client({ connectionString: api().databaseUrl });
    await client.connect();
    producer = await issueKey(api().admin, `crm-${run}`, 'producer');
    officer = await issueKey(api().admin, `privacy-office-${run}`, 'reader', { erase: true });
  });
  afterAll(async () => {
    await client?.end();
  });

  it('a key with the erase right erases a subject by header, records its consumer as who erased, and verify reports the proofs intact', async () => {
    const [first, second, other] = await record([personal('user-42', 1), personal('user-42', 2), personal('user-7', 3)]);
    const answer = await erase(officer.key, { reason: 'GDPR request 2026-118', header: { subject: subject('user-42') } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ erased_by: officer.consumer, erased: 2, unprovable: 0, deferred_payloads: 0, idempotency_keys: 0, archived_partitions: [] });
    expect([...(answer.body.event_ids as string[])].sort()).toEqual([first, second].sort());
    expect(await contents([first as string, second as string, other as string])).toEqual({
      [first as string]: { payload: null, erased: true },
      [second as string]: { payload: null, erased: true },
      [other as string]: { payload: { email: 'user-7-3@example.com' }, erased: false },
    });

    // The record: who (the key's consumer, and the key), why, which; never the selector or the content.
    const { rows: [erasure] } = await client.query<{ consumer: string; payload: Record<string, unknown> }>(
      'select consumer::text, payload from lib_event.event where event__id = $1', [answer.body.erasure__id]);
    expect(erasure).toEqual({
      consumer: officer.consumer,
      payload: { reason: 'GDPR request 2026-118', erased_by: officer.consumer, api_key__id: officer.id,
        events: [first, second].sort(), unprovable: [], archive_files: [] },
    });
    expect(JSON.stringify(erasure)).not.toContain(subject('user-42'));

    await placed([answer.body.erasure__id as string]);
    await signCheckpoint(client, testSigningKey);
    const verified = await verifyLog(client, { publicKeys });
    expect(verified).toMatchObject({ ok: true, failures: [], unprovable: 0 });
    expect(verified.erased).toBeGreaterThanOrEqual(2);
  });

  it('erases by partition_key and by event ids alike', async () => {
    const [byKey, byId, kept] = await record([personal('user-43', 1), personal('user-44', 2), personal('user-44', 3)]);
    const keyed = await erase(officer.key, { reason: 'request 2', partition_key: `customer:${subject('user-43')}` });
    expect(keyed.status, JSON.stringify(keyed.body)).toBe(200);
    expect(keyed.body.event_ids).toEqual([byKey]);
    const named = await erase(officer.key, { reason: 'request 3', event_ids: [byId] });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    expect(named.body).toMatchObject({ erased: 1, event_ids: [byId], archived_partitions: [] });
    expect(await contents([byKey as string, byId as string, kept as string])).toMatchObject({
      [byKey as string]: { erased: true }, [byId as string]: { erased: true }, [kept as string]: { erased: false },
    });
  });

  it('a key without the right gets 403 naming the right it needs, and nothing is erased', async () => {
    const [id] = await record([personal('user-45', 1)]);
    const selector = { reason: 'not allowed', header: { subject: subject('user-45') } };
    const before = await erasureCount();
    for (const access of ['producer', 'reader', 'producer_reader'] as const) {
      const holder = await issueKey(api().admin, `desk-${access.replace('_', '-')}-${run}`, access);
      const answer = await erase(holder.key, selector);
      expect(answer.status, JSON.stringify(answer.body)).toBe(403);
      expect(answer.body).toMatchObject({ code: 'PT403', message: `the API key of ${holder.consumer} does not have the erase right` });
      expect(answer.body.hint).toMatch(/--erase/);
    }
    expect(await erase(undefined, selector)).toMatchObject({ status: 401, body: { code: 'PT401' } });
    // A revoked key with the right is no key.
    const revoked = await issueKey(api().admin, `revoked-office-${run}`, 'reader', { erase: true });
    await client.query('select lib_event.api_key_revoke(api_key__id => $1)', [revoked.id]);
    expect(await erase(revoked.key, selector)).toMatchObject({ status: 401, body: { code: 'PT401' } });
    expect(await contents([id as string])).toEqual({ [id as string]: { payload: { email: 'user-45-1@example.com' }, erased: false } });
    expect(await erasureCount()).toBe(before);
  });

  it('refuses bad selectors with a clear 4xx, erasing nothing', async () => {
    const ids = await record([personal('user-46', 1), ...Array.from({ length: 101 }, (_, n) => ({ ...personal('bulk', n), headers: { subject: subject('bulk') } }))]);
    const before = await erasureCount();
    const header = { subject: subject('user-46') };
    const cases: [string, unknown, string, number, RegExp?][] = [
      ['no selector', { reason: 'why' }, 'LE091', 400],
      ['an empty header', { reason: 'why', header: {} }, 'LE091', 400],
      ['no event ids', { reason: 'why', event_ids: [] }, 'LE091', 400],
      ['two selectors', { reason: 'why', header, partition_key: 'x' }, 'LE091', 400],
      ['a header that is no object', { reason: 'why', header: 'user-46' }, 'LE091', 400],
      ['no reason', { reason: ' ', header }, 'LE090', 400],
      ['an unknown id', { reason: 'why', event_ids: ['01a20b76-c616-756f-abc9-caea3bd67582'] }, 'LE092', 400, /no event 01a20b76-c616-756f-abc9-caea3bd67582/],
      ['a subject nobody has', { reason: 'why', header: { subject: subject('nobody') } }, 'LE092', 400, /matches no event/],
      ['over the bound without confirm', { reason: 'why', header: { subject: subject('bulk') } }, 'LE093', 400, /matches 101 events, more than 100/],
      ['over the bound with the wrong confirm', { reason: 'why', header: { subject: subject('bulk') }, confirm: 100 }, 'LE093', 400],
      ['an id that is no uuid', { reason: 'why', event_ids: ['user-46'] }, '22P02', 400],
      ['an argument it does not take', { reason: 'why', header, subject: 'user-46' }, 'PGRST202', 404],
    ];
    for (const [name, body, code, status, message] of cases) {
      const answer = await erase(officer.key, body);
      expect(answer, name).toMatchObject({ status, body: { code } });
      if (message) expect(answer.body.message, name).toMatch(message);
    }
    // Query parameters would be applied to the answer after the erasure: refused first.
    expect(await erase(officer.key, { reason: 'why', header }, '?limit=1')).toMatchObject({ status: 400, body: { code: 'LE081' } });
    expect(await erase(officer.key, [{ reason: 'why', header }])).toMatchObject({ status: 400, body: { code: 'LE082' } });
    expect(Object.values(await contents(ids)).filter((event) => event.erased)).toEqual([]);
    expect(await erasureCount()).toBe(before);

    // The exact number confirms it.
    const confirmed = await erase(officer.key, { reason: 'why', header: { subject: subject('bulk') }, confirm: 101 });
    expect(confirmed, JSON.stringify(confirmed.body)).toMatchObject({ status: 200, body: { erased: 101 } });
  });

  it('a scoped key erases only the events it reads', async () => {
    const scoped = (await api().admin.query<{ api_key__id: string; api_key: string }>(
      `select * from lib_event.api_key_create($1, 'reader', event_types => '{crm.*}', tenants => $2, may_erase => true)`,
      [`crm-desk-${run}`, [`acme-${run}`]])).rows[0] as { api_key__id: string; api_key: string };
    const [inScope, otherType, otherTenant] = await record([
      { ...personal('user-47', 1), tenant: `acme-${run}` },
      { ...personal('user-47', 2), event_type: 'billing.invoice.paid', tenant: `acme-${run}` },
      { ...personal('user-47', 3), tenant: `globex-${run}` },
    ]);
    // Outside its scope an event is, for the key, no event.
    for (const hidden of [otherType, otherTenant]) {
      expect(await erase(scoped.api_key, { reason: 'why', event_ids: [hidden] }))
        .toMatchObject({ status: 400, body: { code: 'LE092', message: `erase: no event ${hidden}` } });
    }
    const answer = await erase(scoped.api_key, { reason: 'request 4', header: { subject: subject('user-47') } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.event_ids).toEqual([inScope]);
    expect(await contents([inScope as string, otherType as string, otherTenant as string])).toMatchObject({
      [inScope as string]: { erased: true }, [otherType as string]: { erased: false }, [otherTenant as string]: { erased: false },
    });
    // The erasure's record is the log's own: outside the key's type and tenant, and given neither.
    const { rows: [erasure] } = await client.query<{ event_type: string; tenant: string | null; erased_by: string }>(
      `select event_type::text, tenant::text, payload ->> 'erased_by' as erased_by from lib_event.event where event__id = $1`, [answer.body.erasure__id]);
    expect(erasure).toEqual({ event_type: 'lib_event.event.erased', tenant: null, erased_by: `crm-desk-${run}` });
  });

  it('leaves events of a partition that has an archive file to npm run erase --archive-dir (LE095), and says which dropped partitions it could not search', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lib_event-http-erase-'));
    try {
      // The first partition made, whatever the scheme (a month, or a day under daily partitions): the events go in it.
      const { rows: [made] } = await client.query<{ partition: string }>(
        `select partition from lib_event.make_partitions('2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z') order by starts_at limit 1`);
      const partition = made?.partition as string;
      const { rows } = await client.query<{ id: string }>(
        `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers, payload)
         select lib_event.uuid_v7(t), 'crm.customer.updated', t, t, 'crm', jsonb_build_object('subject', $1::text), '{"email": "old@example.com"}'
           from (select timestamptz '2025-03-01T00:00:00Z' + n * interval '1 minute' as t from generate_series(1, 2) n) s
         returning event__id::text as id`, [subject('user-48')]);
      const archived = rows.map((row) => row.id);
      await placed(archived);
      await archivePartition(client, partition, dir);

      // Archived, the partition kept: its rows would be erased and its file keep the content.
      for (const body of [{ header: { subject: subject('user-48') } }, { event_ids: [archived[0]] }]) {
        const answer = await erase(officer.key, { reason: 'why', ...body });
        expect(answer, JSON.stringify(body)).toMatchObject({ status: 400, body: { code: 'LE095', message: expect.stringContaining(partition) } });
        expect(answer.body.hint).toMatch(/npm run erase -- --archive-dir/);
      }
      // Dropped: the id is in the log only.
      await client.query('select lib_event.drop_partition($1)', [partition]);
      const dropped = await erase(officer.key, { reason: 'why', event_ids: [archived[0]] });
      expect(dropped).toMatchObject({ status: 400, body: { code: 'LE095', message: expect.stringContaining('archived and dropped') } });
      expect(dropped.body.hint).toMatch(/npm run erase -- --archive-dir/);

      // A subject erased by header: the live events are, and the answer names the partition it could not search.
      const [live] = await record([personal('user-48', 9)]);
      const answer = await erase(officer.key, { reason: 'request 5', header: { subject: subject('user-48') } });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body).toMatchObject({ event_ids: [live], archived_partitions: [partition] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
