import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentCommitment, eventLeaf, leafHashV2, type StoredEvent } from '../../scripts/log/log-hash.ts';
import { signCheckpoint } from '../../scripts/log/sequencer.ts';
import { verifyLog } from '../../scripts/log/verify.ts';
import { testSigningKey } from '../support/database.ts';
import { asOwner, dropSequencedLogs, publicKeys, sequencedLog } from '../support/sequenced-log.ts';

// Leaf format v2 (salted commitments) and lib_event.erase: a subject's
// personal data removed, every proof kept, verify telling erasure from
// tampering. The archive's part is in archive-erase.test.ts.
afterAll(dropSequencedLogs);
// Roles belong to the whole server, which other test files share.
const officer = `privacy_officer_${randomBytes(4).toString('hex')}`;

const storedEvent = `
  select e.event__id::text, e.event_type::text, lib_event.utc_text(e.occurred_at) as occurred_at, lib_event.utc_text(e.created_at) as created_at,
         e.source::text, e.partition_key::text, e.consumer::text, e.headers::text, e.payload::text,
         encode(e.content_salt, 'hex') as content_salt, encode(e.content_commitment, 'hex') as content_commitment,
         e.erased_at::text, encode(l.leaf_hash, 'hex') as leaf
    from lib_event.event e left join lib_event.log_entry l using (event__id)`;

const subject = (n: number) => ({
  event_type: 'crm.customer.updated',
  payload: { email: `person${n}@example.com`, n },
  headers: { subject: n % 2 ? 'user:42' : 'user:7', actor: 'ada@example.com' },
  partition_key: `customer-${n % 3}`,
  idempotency_key: `k-${n}`,
});

async function record(client: pg.Client, events: object[]): Promise<void> {
  await client.query('select from lib_events.create_many($1::jsonb)', [JSON.stringify(events)]);
}

async function sequenceAll(client: pg.Client): Promise<void> {
  for (let tries = 0; tries < 500; tries += 1) {
    await client.query('select lib_event.sequence_events()');
    const { rows: [left] } = await client.query<{ n: number }>(
      'select count(*)::int as n from lib_event.event e where not exists (select from lib_event.log_entry l where l.event__id = e.event__id)');
    if (left?.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** As a member of lib_event_eraser, the way a privacy officer's login calls it. */
async function asEraser<T>(client: pg.Client, sql: string, values: unknown[] = []): Promise<T> {
  await client.query('set role lib_event_eraser');
  try {
    return (await client.query(sql, values)).rows[0] as T;
  } finally {
    await client.query('reset role');
  }
}

describe('leaf format v2', () => {
  let client: pg.Client;
  beforeAll(async () => {
    ({ client } = await sequencedLog(20));
  });
  afterAll(() => client.end());

  it('every new event has a 32-byte salt, and SQL and the specification agree on its commitment and leaf', async () => {
    const { rows } = await client.query<StoredEvent & { leaf: string }>(storedEvent);
    expect(rows).toHaveLength(20);
    for (const row of rows) {
      expect(row.content_salt).toMatch(/^[0-9a-f]{64}$/);
      const commitment = contentCommitment(Buffer.from(row.content_salt as string, 'hex'), row.headers, row.payload);
      expect(commitment.toString('hex')).toBe(row.content_commitment);
      expect(leafHashV2(row, commitment).toString('hex')).toBe(row.leaf);
      expect(eventLeaf(row)).toMatchObject({ kind: 'v2', commitmentMatches: true });
    }
    expect(new Set(rows.map((row) => row.content_salt)).size).toBe(20);
  });

  it('the SQL functions give what the specification gives for given values, nulls included', async () => {
    const salt = Buffer.alloc(32, 7);
    const { rows: [sql] } = await client.query<{ commitment: string; leaf: string }>(
      `select encode(lib_event.content_commitment($1, $2::jsonb, null), 'hex') as commitment,
              encode(lib_event.leaf_hash_v2('01a20b76-c616-756f-abc9-caea3bd67582', 'a.b.c', '2026-01-05T10:00:00.123456Z', '2026-01-05T10:00:00Z',
                                            null, null, 'ünï', lib_event.content_commitment($1, $2::jsonb, null)), 'hex') as leaf`,
      [salt, '{"b": 1, "a": "x"}']);
    const commitment = contentCommitment(salt, '{"a": "x", "b": 1}', null);
    expect(sql?.commitment).toBe(commitment.toString('hex'));
    expect(sql?.leaf).toBe(leafHashV2({ event__id: '01a20b76-c616-756f-abc9-caea3bd67582', event_type: 'a.b.c', occurred_at: '2026-01-05T10:00:00.123456Z',
      created_at: '2026-01-05T10:00:00.000000Z', source: null, partition_key: null, consumer: 'ünï' }, commitment).toString('hex'));
  });

  it('events recorded without a salt (before v2) keep v1 leaves and verify as before', async () => {
    const { db, client: c } = await sequencedLog(0);
    await asOwner(c, 'alter table lib_event.event alter column content_salt drop default');
    await record(c, [subject(1), subject(2)]);
    await asOwner(c, 'alter table lib_event.event alter column content_salt set default lib_event.new_salt()');
    await record(c, [subject(3)]);
    await sequenceAll(c);
    await signCheckpoint(c, testSigningKey);
    const rows = (await c.query<StoredEvent>(`${storedEvent} order by l.position`)).rows;
    expect(rows.map((row) => eventLeaf(row).kind)).toEqual(['v1', 'v1', 'v2']);
    expect(await verifyLog(c, { publicKeys })).toMatchObject({ ok: true, events: 3 });
    await c.end();
    void db;
  });
});

describe('lib_event.erase', () => {
  let client: pg.Client;
  beforeAll(async () => {
    ({ client } = await sequencedLog(0));
    await client.query(`create role ${officer} login; grant lib_event_eraser to ${officer}`);
    await record(client, Array.from({ length: 6 }, (_, n) => subject(n)));
    // One large payload: deferred, with its size and digest beside it.
    await record(client, [{ ...subject(9), payload: { blob: 'y'.repeat(300 * 1024) } }]);
    await sequenceAll(client);
    await signCheckpoint(client, testSigningKey);
  });
  afterAll(async () => {
    await client.query(`drop owned by ${officer}; drop role ${officer}`).catch(() => {});
    await client.end();
  });

  it('is refused to anyone not in lib_event_eraser, API key holders included', async () => {
    await client.query('set role lib_event_reader');
    await expect(client.query(`select lib_event.erase('test', partition_key => 'customer-0')`)).rejects.toMatchObject({ code: '42501' });
    await client.query('reset role');
    const { rows } = await client.query<{ r: string }>(
      `select r.rolname as r from pg_roles r where has_function_privilege(r.oid, 'lib_event.erase(text, uuid[], text, jsonb, integer, boolean, jsonb)', 'execute')
          and not r.rolsuper and r.rolname <> 'lib_event_owner' and (r.rolname not like 'privacy\\_officer\\_%' or r.rolname = '${officer}') order by 1`);
    expect(rows.map((row) => row.r)).toEqual(['lib_event_eraser', officer].sort());
  });

  it('refuses bad input with a clear error, erasing nothing', async () => {
    const cases: [string, string][] = [
      [`select lib_event.erase('', partition_key => 'customer-0')`, 'LE090'],
      [`select lib_event.erase('why')`, 'LE091'],
      [`select lib_event.erase('why', event_ids => '{}')`, 'LE091'],
      [`select lib_event.erase('why', header => '{}')`, 'LE091'],
      [`select lib_event.erase('why', partition_key => 'customer-0', header => '{"subject": "user:42"}')`, 'LE091'],
      [`select lib_event.erase('why', event_ids => array['01a20b76-c616-756f-abc9-caea3bd67582'::uuid])`, 'LE092'],
      [`select lib_event.erase('why', header => '{"subject": "nobody"}')`, 'LE092'],
    ];
    for (const [sql, code] of cases) await expect(asEraser(client, sql)).rejects.toMatchObject({ code });
    const { rows: [count] } = await client.query<{ n: number }>('select count(*)::int as n from lib_event.event where erased_at is not null');
    expect(count?.n).toBe(0);
  });

  it('asks for confirmation past its bound', async () => {
    await record(client, Array.from({ length: 101 }, (_, n) => ({ event_type: 'bulk.item.made', payload: { n }, partition_key: 'bulk' })));
    await expect(asEraser(client, `select lib_event.erase('bulk', partition_key => 'bulk')`)).rejects.toMatchObject({ code: 'LE093', message: expect.stringContaining('101 events, more than 100') });
    await expect(asEraser(client, `select lib_event.erase('bulk', partition_key => 'bulk', confirm => 100)`)).rejects.toMatchObject({ code: 'LE093' });
    const result = await asEraser<{ r: { erased: number } }>(client, `select lib_event.erase('bulk', partition_key => 'bulk', confirm => 101) as r`);
    expect(result.r.erased).toBe(101);
  });

  it('erases a subject by header: content, salt, deferred payload and idempotency record; records who, why and which', async () => {
    const before = (await client.query<{ id: string }>(`select event__id::text as id from lib_event.event where headers @> '{"subject": "user:42"}' order by 1`)).rows.map((r) => r.id);
    expect(before.length).toBeGreaterThan(0);
    await client.query(`set role ${officer}`);
    const { rows: [erased] } = await client.query<{ r: { erasure__id: string; erased: number; deferred_payloads: number; idempotency_keys: number; event_ids: string[] } }>(
      `select lib_event.erase('GDPR request 2026-118', header => '{"subject": "user:42"}') as r`);
    await client.query('reset role');
    expect(erased?.r).toMatchObject({ erased: before.length, deferred_payloads: 1, idempotency_keys: before.length, event_ids: before });
    const { rows } = await client.query<{ payload: string | null; headers: Record<string, unknown>; content_salt: string | null; erasure__id: string }>(
      `select payload::text, headers, content_salt::text, erasure__id::text from lib_event.event where event__id = any($1::uuid[])`, [before]);
    for (const row of rows) {
      expect(row).toMatchObject({ payload: null, content_salt: null, erasure__id: erased?.r.erasure__id });
      expect(row.headers).not.toHaveProperty('subject');
      expect(row.headers).not.toHaveProperty('actor');
      expect(row.headers).toHaveProperty('event_type', 'crm.customer.updated');
    }
    const { rows: [gone] } = await client.query<{ deferred: number; keys: number }>(
      `select (select count(*)::int from lib_event.deferred_payload where event__id = any($1::uuid[])) as deferred,
              (select count(*)::int from lib_event.idempotency_key where event__id = any($1::uuid[])) as keys`, [before]);
    expect(gone).toEqual({ deferred: 0, keys: 0 });
    const { rows: [record] } = await client.query<{ event_type: string; partition_key: string; payload: Record<string, unknown> }>(
      'select event_type::text, partition_key::text, payload from lib_event.event where event__id = $1', [erased?.r.erasure__id]);
    expect(record).toEqual({ event_type: 'lib_event.event.erased', partition_key: 'lib_event.erasures',
      payload: { reason: 'GDPR request 2026-118', erased_by: officer, events: before, unprovable: [], archive_files: [] } });
    expect(JSON.stringify(record)).not.toContain('user:42');
    // Reads show it: the events view has the erasure beside a null payload.
    const { rows: shown } = await client.query<{ payload: unknown; erased: boolean; erasure__id: string }>(
      'select payload, erased_at is not null as erased, erasure__id::text from lib_events.events where event__id = any($1::uuid[]) limit 1000', [before]);
    expect(shown).toEqual(before.map(() => ({ payload: null, erased: true, erasure__id: erased?.r.erasure__id })));
  });

  it('keeps every proof: verify reports the erasures and the log intact, old checkpoints and new', async () => {
    await sequenceAll(client);
    await signCheckpoint(client, testSigningKey);
    const result = await verifyLog(client, { publicKeys });
    const { rows: [count] } = await client.query<{ n: number }>('select count(*)::int as n from lib_event.event where erased_at is not null');
    expect(count?.n).toBe(101 + 4);
    expect(result).toMatchObject({ ok: true, failures: [], erased: 105, unprovable: 0 });
    const rows = (await client.query<StoredEvent>(`${storedEvent} where e.erased_at is not null`)).rows;
    for (const row of rows) expect(eventLeaf(row)).toMatchObject({ kind: 'erased' });
  });

  it('a payload removed by hand, without erase, is still tampering', async () => {
    const { rows: [victim] } = await client.query<{ id: string }>(`select event__id::text as id from lib_event.event where headers @> '{"subject": "user:7"}' limit 1`);
    await asOwner(client, 'update lib_event.event set payload = null where event__id = $1', [victim?.id]);
    const result = await verifyLog(client, { publicKeys });
    expect(result.ok).toBe(false);
    expect(result.failures[0]).toMatch(new RegExp(`event ${victim?.id}\\): altered: its content does not hash to the leaf sequenced`));
    // Made to look erased (salt gone, erased_at set) without an erasure record: still tampering.
    await asOwner(client, `update lib_event.event set content_salt = null, erased_at = now(), erasure__id = event__id where event__id = $1`, [victim?.id]);
    const disguised = await verifyLog(client, { publicKeys });
    expect(disguised.failures[0]).toMatch(/content removed without an erasure recorded in the log/);
  });

  it('the events stay append-only for everyone else: an UPDATE is refused', async () => {
    await expect(client.query(`update lib_event.event set payload = null where partition_key = 'customer-1'`)).rejects.toMatchObject({ code: 'LE009' });
    await client.query('begin');
    await client.query(`select set_config('lib_event.erasure_seal', 'forged', true)`);
    await expect(client.query(`update lib_event.event set payload = null where partition_key = 'customer-1'`)).rejects.toMatchObject({ code: 'LE009' });
    await client.query('rollback');
  });
});

describe('erasing events recorded before v2', () => {
  it('is refused unless told to break their proof; verify then names them erased-unprovable', async () => {
    const { client } = await sequencedLog(0);
    await asOwner(client, 'alter table lib_event.event alter column content_salt drop default');
    await record(client, [subject(1), subject(3)]);
    await asOwner(client, 'alter table lib_event.event alter column content_salt set default lib_event.new_salt()');
    await sequenceAll(client);
    await signCheckpoint(client, testSigningKey);
    await expect(asEraser(client, `select lib_event.erase('old', header => '{"subject": "user:42"}')`)).rejects.toMatchObject({ code: 'LE094' });
    const result = await asEraser<{ r: { unprovable: number } }>(client,
      `select lib_event.erase('old', header => '{"subject": "user:42"}', break_v1_proofs => true) as r`);
    expect(result.r.unprovable).toBe(2);
    await sequenceAll(client);
    await signCheckpoint(client, testSigningKey);
    expect(await verifyLog(client, { publicKeys })).toMatchObject({ ok: true, erased: 0, unprovable: 2 });
    await client.end();
  });
});

describe('an erasure whose record was archived and dropped with its partition', () => {
  it('plain verify says to give --archive to check the erased events against it', async () => {
    const { client } = await sequencedLog(0);
    await record(client, [subject(1), subject(3)]);
    await sequenceAll(client);
    const { r: erased } = await asEraser<{ r: { erasure__id: string } }>(client,
      `select lib_event.erase('request', header => '{"subject": "user:42"}') as r`);
    await sequenceAll(client);
    await signCheckpoint(client, testSigningKey);
    expect(await verifyLog(client, { publicKeys })).toMatchObject({ ok: true, erased: 2 });
    // As npm run archive leaves it: the record's partition archived, then dropped (here, the record alone).
    await asOwner(client, `insert into lib_event.partition_archive (partition, starts_at, ends_at, rows, file, sha256, bytes, schema_version, dropped_at)
                           values ('event_archived', now() - interval '1 day', now() + interval '1 day', 1, 'f.parquet', repeat('0', 64), 0, 'x', now())`);
    await asOwner(client, 'delete from lib_event.event where event__id = $1', [erased.erasure__id]);
    const result = await verifyLog(client, { publicKeys });
    expect(result.ok).toBe(false);
    expect(result.failures).toHaveLength(2);
    expect(result.failures[0]).toMatch(new RegExp(`erased by ${erased.erasure__id}, whose record was archived and dropped with its partition: give --archive <directory>`));
    await client.end();
  });
});
