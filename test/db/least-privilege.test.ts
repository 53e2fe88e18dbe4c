import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { rpc, type PostgrestError } from '../support/postgrest-call.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

/** Run `sql` as lib_event_authenticator, having switched to `role`, in a transaction rolled back. */
async function asRole(role: string, sql: string): Promise<unknown> {
  const client = await db.authenticator.connect();
  try {
    await client.query('begin');
    await client.query(`set local role ${role}`);
    return (await client.query(sql)).rows;
  } finally {
    await client.query('rollback');
    client.release();
  }
}

const apiRoles = ['lib_event_authenticator', 'lib_event_anon', 'lib_event_producer', 'lib_event_reader', 'lib_event_producer_reader'];

describe('what PUBLIC no longer holds', () => {
  it('has neither TEMP nor CONNECT on the database; the login roles connect', async () => {
    const { rows } = await db.admin.query(
      `select has_database_privilege('public', current_database(), 'TEMP') as temp,
              has_database_privilege('public', current_database(), 'CONNECT') as connect,
              has_database_privilege('lib_event_authenticator', current_database(), 'CONNECT') as authenticator,
              has_database_privilege('lib_event_relay', current_database(), 'CONNECT') as relay,
              has_database_privilege('lib_event_ingest', current_database(), 'CONNECT') as ingest`);
    expect(rows[0]).toEqual({ temp: false, connect: false, authenticator: true, relay: true, ingest: true });
  });

  it.each(apiRoles)('%s makes no temporary table', async (role) => {
    await expect(asRole(role, 'create temporary table scratch (n int)')).rejects.toMatchObject({ code: '42501' });
  });

  it.each(apiRoles)('%s makes no large object', async (role) => {
    await expect(asRole(role, 'select lo_create(0)')).rejects.toMatchObject({ code: '42501' });
    await expect(asRole(role, `select lo_from_bytea(0, '\\x00')`)).rejects.toMatchObject({ code: '42501' });
  });

  it('leaves no large-object function to PUBLIC', async () => {
    const { rows } = await db.admin.query(
      `select p.oid::regprocedure::text as name from pg_proc p
        where p.pronamespace = 'pg_catalog'::regnamespace and (p.proname like 'lo\\_%' or p.proname in ('loread', 'lowrite'))
          and has_function_privilege('public', p.oid, 'EXECUTE')`);
    expect(rows).toEqual([]);
  });

  it.each(apiRoles)('%s cannot call pg_notify (to reload PostgREST or announce ids nobody recorded)', async (role) => {
    await expect(asRole(role, `select pg_notify('pgrst', 'reload schema')`)).rejects.toMatchObject({ code: '42501' });
    await expect(asRole(role, `select pg_notify('lib_event.created', '00000000-0000-0000-0000-000000000000')`))
      .rejects.toMatchObject({ code: '42501' });
  });

  it('lets a producer key still announce what it records (the notify trigger runs as the owner)', async () => {
    const listener = new pg.Client({ connectionString: db.url });
    await listener.connect();
    try {
      const heard = new Promise<string | undefined>((resolve) => listener.on('notification', (n) => resolve(n.payload)));
      await listener.query('listen "lib_event.created"');
      await db.admin.query(`select lib_event.set_notify_mode('inline')`);
      const { rows } = await db.admin.query<{ id: string }>(`select (lib_events.create('iam.user.created')).event__id as id`);
      expect(await heard).toBe(rows[0]?.id);
    } finally {
      await listener.end();
    }
  });
});

describe('the relay', () => {
  it('owns nothing', async () => {
    const { rows } = await db.admin.query(
      `select c.oid::regclass::text as name from pg_class c where c.relowner = 'lib_event_relay'::regrole
       union all select p.oid::regprocedure::text from pg_proc p where p.proowner = 'lib_event_relay'::regrole
       union all select t.oid::regtype::text from pg_type t where t.typowner = 'lib_event_relay'::regrole
       union all select n.nspname from pg_namespace n where n.nspowner = 'lib_event_relay'::regrole`);
    expect(rows).toEqual([]);
  });

  it('cannot grant its cursor to others or attach a trigger to it', async () => {
    const relay = new pg.Client({ connectionString: db.relayUrl });
    await relay.connect();
    try {
      // Without the grant option GRANT only warns, and grants nothing.
      await relay.query('grant all on lib_event.relay_cursor to public');
      const { rows } = await db.admin.query(`select has_table_privilege('public', 'lib_event.relay_cursor', 'SELECT') as granted`);
      expect(rows[0]).toEqual({ granted: false });
      await expect(relay.query(
        `create trigger hijack before update on lib_event.relay_cursor for each row execute function lib_event.refuse_change()`))
        .rejects.toMatchObject({ code: '42501' });
    } finally {
      await relay.end();
    }
  });
});

describe('the request path', () => {
  it.each([['rpc/create'], ['events'], [''], [null]])('refuses the path %j, which does not start with /', async (path) => {
    const { rows } = await db.admin.query(
      `select lib_event.request_allowed('lib_event_producer_reader', 'POST', $1) as post,
              lib_event.request_allowed('lib_event_producer_reader', 'GET', $1) as get`, [path]);
    expect(rows[0]).toEqual({ post: false, get: false });
  });

  it('answers 403 in the pre-request to a good key on a path without /', async () => {
    const producer = await issueKey(db.admin, 'pathless', 'producer_reader');
    for (const [method, path] of [['POST', 'rpc/create'], ['GET', 'events']]) {
      const client = await db.authenticator.connect();
      try {
        await client.query('begin');
        await client.query('set local role lib_event_anon');
        await client.query(`select set_config('request.headers', $1, true), set_config('request.method', $2, true),
                                   set_config('request.path', $3, true)`, [JSON.stringify({ 'x-api-key': producer.key }), method, path]);
        await expect(client.query('select lib_event.check_request()')).rejects.toMatchObject({ code: 'PT403' });
      } finally {
        await client.query('rollback');
        client.release();
      }
    }
  });

  it('pins search_path in every function an API role may run and every one the pre-request calls', async () => {
    const { rows } = await db.admin.query<{ name: string }>(
      `select p.oid::regprocedure::text as name
         from pg_proc p
        where p.pronamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace)
          and (exists (select from unnest(array['lib_event_anon', 'lib_event_producer', 'lib_event_reader',
                                                'lib_event_producer_reader', 'lib_event_relay', 'lib_event_ingest']) r
                        where has_function_privilege(r, p.oid, 'EXECUTE'))
               or p.oid in ('lib_event.check_request()'::regprocedure, 'lib_event.request_allowed(text,text,text)'::regprocedure,
                            'lib_event.current_consumer()'::regprocedure, 'lib_event.api_key_hash(text)'::regprocedure,
                            'lib_event.check_write_request()'::regprocedure, 'lib_event.payload_ceiling_bytes()'::regprocedure))
          and not coalesce('search_path=""' = any(p.proconfig), false)
        order by 1`);
    expect(rows.map((r) => r.name)).toEqual([]);
  });
});

describe('the key in use (lib_events.api_key)', () => {
  /** As PostgREST would: the authenticator, the anonymous role, the request settings, the pre-request; then `sql` in the same transaction. */
  async function afterPreRequest(apiKey: string, sql: string): Promise<unknown> {
    const client = await db.authenticator.connect();
    try {
      await client.query('begin read only');
      await client.query('set local role lib_event_anon');
      await client.query(`select set_config('request.headers', $1, true), set_config('request.method', 'GET', true),
                                 set_config('request.path', '/rpc/api_key', true)`, [JSON.stringify({ 'x-api-key': apiKey })]);
      await client.query('select lib_event.check_request()');
      return (await client.query(sql)).rows;
    } finally {
      await client.query('rollback');
      client.release();
    }
  }

  it('describes the key the pre-request sealed, read-only, and no other', async () => {
    const reader = await issueKey(db.admin, 'key-in-use', 'reader', { tenants: ['acme'] });
    expect(await afterPreRequest(reader.key, 'select (lib_events.api_key()).*')).toEqual([{
      api_key__id: reader.id, consumer: 'key-in-use', access: 'reader', created_at: expect.any(Date),
      scoped: true, event_types: null, tenants: ['acme'], consumers: null, may_erase: false,
    }]);
  });

  it('refuses a session that names a key itself (PT401), even beside a key it authenticated', async () => {
    const mine = await issueKey(db.admin, 'key-mine', 'reader');
    const other = await issueKey(db.admin, 'key-other', 'producer_reader');
    await expect(afterPreRequest(mine.key,
      `select set_config('lib_event.api_key__id', '${other.id}', true); select lib_events.api_key()`))
      .rejects.toMatchObject({ code: 'PT401' });
    for (const role of ['lib_event_reader', 'lib_event_producer']) {
      await expect(asRole(role, `select set_config('lib_event.api_key__id', '${other.id}', true); select lib_events.api_key()`), role)
        .rejects.toMatchObject({ code: 'PT401' });
      await expect(asRole(role, 'select lib_events.api_key()'), `${role} without a key`).rejects.toMatchObject({ code: 'PT401' });
    }
  });

  it('is not the anonymous role\'s to call', async () => {
    await expect(asRole('lib_event_anon', 'select lib_events.api_key()')).rejects.toMatchObject({ code: '42501' });
  });
});

describe('the log\'s own lifecycle events', () => {
  const eventCount = async () =>
    (await db.admin.query<{ n: number }>('select count(*)::int as n from lib_event.event')).rows[0]?.n;

  it.each([
    ['create', { event_type: 'lib_event.partition.dropped', payload: { partition: 'event_2025_01' } }],
    ['create', { event_type: 'LIB_EVENT.partition.archived' }],
    ['create', { event_type: 'billing.invoice.paid', partition_key: 'lib_event.partitions' }],
    ['create_many', { events: [{ event_type: 'billing.invoice.paid' }, { event_type: 'lib_event.partition.restored' }] }],
  ] as const)('are refused to a producer key: %s %j', async (fn, body) => {
    const producer = await issueKey(db.admin, 'lifecycle-forger', 'producer');
    const before = await eventCount();
    const response = await rpc(db.authenticator, fn, body, { apiKey: producer.key });
    expect(response.status).toBe(400);
    expect((response.body as PostgrestError).code).toBe('LE085');
    expect((response.body as PostgrestError).hint).toMatch(/own service/);
    expect(await eventCount()).toBe(before);
  });

  it('are refused to a session that sets the lifecycle seal itself', async () => {
    const client = await db.authenticator.connect();
    const producer = await issueKey(db.admin, 'seal-forger', 'producer');
    try {
      await client.query('begin');
      await client.query('set local role lib_event_anon');
      await client.query(`select set_config('request.headers', $1, true), set_config('request.method', 'POST', true),
                                 set_config('request.path', '/rpc/create', true)`, [JSON.stringify({ 'x-api-key': producer.key })]);
      await client.query('select lib_event.check_request()');
      await client.query(`select set_config('lib_event.lifecycle_seal', current_setting('lib_event.consumer_seal'), true)`);
      await expect(client.query(`select lib_events.create('lib_event.partition.dropped')`)).rejects.toMatchObject({ code: 'LE085' });
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('are still recorded by the log itself, and its next event is an ordinary one again', async () => {
    const { rows: [recorded] } = await db.admin.query<{ id: string }>(
      `select lib_event.record_lifecycle_event('lib_event.partition.restored', '{"partition": "test"}') as id`);
    const { rows } = await db.admin.query<{ event_type: string; partition_key: string }>(
      'select e.event_type, e.partition_key from lib_event.event e where e.event__id = $1', [recorded?.id]);
    expect(rows).toEqual([{ event_type: 'lib_event.partition.restored', partition_key: 'lib_event.partitions' }]);
    const client = await db.admin.connect();
    try {
      await client.query('begin');
      await client.query(`select lib_event.record_lifecycle_event('lib_event.partition.restored', '{"partition": "test"}')`);
      await expect(client.query(`select lib_events.create('lib_event.partition.dropped')`)).rejects.toMatchObject({ code: 'LE085' });
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});

describe('each login role', () => {
  // Everything each process's login may execute (beyond what PUBLIC may) and
  // write. A grant beyond these lists fails here: widen a list only with the
  // process that needs it.
  const allowed: Record<string, { executes: string[]; writes: string[] }> = {
    lib_event_authenticator: { executes: [], writes: [] },
    lib_event_bridge: {
      executes: ['lib_events.event_payload(uuid)', 'lib_events.follow(text,integer,text,integer)', 'lib_events.follow_head()'],
      writes: ['lib_event.bridge_checkpoint INSERT', 'lib_event.bridge_checkpoint UPDATE',
        'lib_event.bridge_cursor INSERT', 'lib_event.bridge_cursor UPDATE'],
    },
    lib_event_ingest: { executes: ['lib_event.ingest(text,jsonb)'], writes: [] },
    lib_event_maintenance: {
      executes: ['lib_event.drop_expired_partition(text)', 'lib_event.maintain_partitions(timestamp with time zone)',
        'lib_event.note_job(text,boolean,text)', 'lib_event.partition_archived(jsonb)', 'lib_event.partition_to_archive(text)',
        'lib_event.partitions_past_retention(timestamp with time zone)', 'lib_event.restore_partition_attach(jsonb)',
        'lib_event.restore_partition_begin(jsonb)',
        'lib_event.restore_partition_rows(text,text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[])',
        'lib_events.health()'],
      writes: [],
    },
    lib_event_relay: {
      executes: ['lib_event.notify_mode()', 'lib_event.relay_head()', 'lib_event.relay_positions(text,integer)', 'pg_notify(text,text)'],
      writes: ['lib_event.relay_checkpoint INSERT', 'lib_event.relay_checkpoint UPDATE',
        'lib_event.relay_cursor INSERT', 'lib_event.relay_cursor UPDATE'],
    },
    lib_event_replicator: { executes: [], writes: [] },
    lib_event_sequencer: {
      // With C2SP checkpoints and witnesses (scripts/log/sequencer.ts, scripts/log/witness-client.ts, npm run tiles).
      executes: ['lib_event.add_checkpoint(bigint,timestamp with time zone,text,text,bytea)',
        'lib_event.add_checkpoint(bigint,timestamp with time zone,text,text,bytea,text)',
        'lib_event.add_cosignature(bigint,text,bytea,bytea)', 'lib_event.checkpoint_body(text,bigint,bytea)',
        'lib_event.checkpoint_note(bigint)', 'lib_event.checkpoint_signed_text(text,bigint,bytea,timestamp with time zone)',
        'lib_event.checkpoint_text(bigint,bytea,timestamp with time zone)', 'lib_event.log_origin(text)',
        // Keys' last use, heard on lib_event.key_used (scripts/log/key-use.ts).
        'lib_event.note_keys_used(uuid[])', 'lib_event.sequence_events(integer)',
        'lib_event.subtree_hash(bigint,bigint)', 'lib_event.tally_sequenced(integer,double precision,integer)',
        'lib_event.tree_node(integer,bigint)', 'lib_event.tree_root(bigint)', 'lib_event.tree_size()',
        'lib_event.witness_request(bigint,bigint)', 'lib_event.witnessed_size(text)'],
      writes: [],
    },
  };

  it('may execute and write only what its process needs', async () => {
    const { rows } = await db.admin.query<{ rolname: string; executes: string[]; writes: string[] }>(`
      select r.rolname,
             array(select p.oid::regprocedure::text from pg_proc p
                    where p.pronamespace <> 'information_schema'::regnamespace
                      and has_function_privilege(r.oid, p.oid, 'EXECUTE')
                      and not (p.pronamespace = 'pg_catalog'::regnamespace and has_function_privilege('public', p.oid, 'EXECUTE'))
                    order by 1) as executes,
             array(select c.oid::regclass::text || ' ' || w.privilege
                     from pg_class c cross join unnest(array['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) w(privilege)
                    where c.relnamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
                      and c.relkind in ('r', 'p', 'v', 'm', 'f')
                      and has_table_privilege(r.oid, c.oid, w.privilege)
                    order by 1) as writes
        from pg_roles r
       where r.rolcanlogin and r.rolname like 'lib\\_event\\_%'
       order by 1`);
    expect(Object.fromEntries(rows.map((r) => [r.rolname, { executes: r.executes, writes: r.writes }]))).toEqual(allowed);
  });

  it('is no superuser, makes no roles or databases, bypasses no row security, inherits nothing, owns nothing, and only the replica\'s replicates', async () => {
    const { rows } = await db.admin.query(`
      select r.rolname from pg_roles r
       where r.rolcanlogin and r.rolname like 'lib\\_event\\_%'
         and (r.rolsuper or r.rolcreaterole or r.rolcreatedb or r.rolbypassrls or r.rolinherit
              or (r.rolreplication and r.rolname <> 'lib_event_replicator')
              or exists (select from pg_class c where c.relowner = r.oid)
              or exists (select from pg_proc p where p.proowner = r.oid)
              or exists (select from pg_namespace n where n.nspowner = r.oid))`);
    expect(rows).toEqual([]);
  });

  it('lib_event_eraser (granted to a privacy officer\'s login) may erase and complete an archive rewrite, and read no table', async () => {
    const { rows: [eraser] } = await db.admin.query<{ executes: string[]; reads: string[]; writes: string[] }>(`
      select array(select p.oid::regprocedure::text from pg_proc p
                    where p.pronamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace)
                      and has_function_privilege('lib_event_eraser', p.oid, 'EXECUTE')
                      and not has_function_privilege('public', p.oid, 'EXECUTE')
                    order by 1) as executes,
             array(select c.oid::regclass::text from pg_class c
                    where c.relnamespace = 'lib_event'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
                      and has_table_privilege('lib_event_eraser', c.oid, 'SELECT') order by 1) as reads,
             array(select c.oid::regclass::text || ' ' || w.privilege
                     from pg_class c cross join unnest(array['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) w(privilege)
                    where c.relnamespace = 'lib_event'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
                      and has_table_privilege('lib_event_eraser', c.oid, w.privilege) order by 1) as writes`);
    expect(eraser).toEqual({
      executes: ['lib_event.erase(text,uuid[],text,jsonb,integer,boolean,jsonb)', 'lib_event.erased_archive(uuid,jsonb)', 'lib_event.erasure_recorded(uuid)',
        // The log positions of a format /1 archive's events, which its rewrite needs (ids and positions, no content).
        'lib_event.log_positions(uuid[])'],
      reads: [], writes: [],
    });
  });

  it('lib_events.erase (POST /rpc/erase) is every key role\'s to call, and erases only for a key with the erase right, which it checks', async () => {
    const { rows } = await db.admin.query<{ rolname: string }>(
      `select r.rolname from pg_roles r
        where r.rolname like 'lib\\_event\\_%' and not r.rolsuper
          and has_function_privilege(r.oid, 'lib_events.erase(text,uuid[],text,jsonb,integer,boolean)', 'EXECUTE')
        order by 1`);
    expect(rows.map((row) => row.rolname)).toEqual(['lib_event_owner', 'lib_event_producer', 'lib_event_producer_reader', 'lib_event_reader']);
    for (const access of ['producer', 'reader', 'producer_reader'] as const) {
      const holder = await issueKey(db.admin, `no-erase-right-${access.replace('_', '-')}`, access);
      const response = await rpc(db.authenticator, 'erase', { reason: 'why', partition_key: 'anything' }, { apiKey: holder.key });
      expect(response.status, access).toBe(403);
      expect(response.body as PostgrestError, access).toMatchObject({ code: 'PT403', message: `the API key of ${holder.consumer} does not have the erase right` });
    }
  });

  it.each(['lib_event_reader', 'lib_event_producer', 'lib_event_producer_reader', 'lib_event_anon', 'lib_event_authenticator', 'lib_event_sequencer'])(
    '%s may not drop, archive or restore partitions (the maintenance login\'s definer functions)', async (role) => {
      const client = await db.admin.connect();
      try {
        for (const call of [`select lib_event.drop_expired_partition('event_p20250101')`, `select lib_event.partition_to_archive('event_p20250101')`,
          `select lib_event.restore_partition_begin('{"partition": "event_p20250101"}')`, `select lib_event.restore_partition_attach('{"partition": "event_p20250101"}')`,
          `select lib_event.restore_partition_rows('event_p20250101', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}')`]) {
          await client.query('begin');
          await client.query(`set local role ${role}`);
          await expect(client.query(call), call).rejects.toMatchObject({ code: '42501' });
          await client.query('rollback');
        }
      } finally {
        await client.query('rollback');
        client.release();
      }
    });

  it.each(['lib_event_sequencer', 'lib_event_bridge', 'lib_event_maintenance', 'lib_event_relay', 'lib_event_ingest'])(
    '%s cannot write an event, read keys or call the owner\'s functions', async (role) => {
      const client = new pg.Client({ connectionString: db.loginUrl(role) });
      await client.connect();
      try {
        await expect(client.query(`insert into lib_event.event (event_type) values ('iam.user.created')`)).rejects.toMatchObject({ code: '42501' });
        await expect(client.query('select * from lib_event.api_key')).rejects.toMatchObject({ code: '42501' });
        await expect(client.query(`select lib_event.set_notify_mode('inline')`)).rejects.toMatchObject({ code: '42501' });
      } finally {
        await client.end();
      }
    });
});
