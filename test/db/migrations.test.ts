import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { dbmate, migrate } from '../../scripts/database/dbmate.ts';
import { externalPostgres } from '../../scripts/database/postgres-server.ts';

const server = externalPostgres(inject('serverUrl'));
const name = `lib_event_migrations_${randomBytes(4).toString('hex')}`;
const url = server.url(name);
let maintenance: pg.Client;

beforeAll(async () => {
  maintenance = new pg.Client({ connectionString: server.url('postgres') });
  await maintenance.connect();
});
afterAll(async () => {
  await maintenance.query(`drop database if exists ${name} with (force)`);
  await maintenance.end();
});

async function inDatabase<T>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('the migrations', () => {
  it('apply to an empty database on a server where the roles already exist', async () => {
    await migrate(url);
    const rows = await inDatabase<{ nspname: string; owner: string }>(
      `select nspname, nspowner::regrole::text as owner from pg_namespace where nspname like 'lib_event%' order by 1`,
    );
    expect(rows).toEqual([
      { nspname: 'lib_event', owner: 'lib_event_owner' },
      { nspname: 'lib_events', owner: 'lib_event_owner' },
    ]);
  });

  it('are all applied, and a second run applies nothing', async () => {
    const status = await dbmate(url, 'status');
    expect(status).toMatch(/Pending: 0/);
    const output = await dbmate(url, 'migrate');
    expect(output).not.toMatch(/Applying/);
  });

  it('leave every object owned by lib_event_owner, the relay\'s cursor too, but the views keys read through', async () => {
    const rows = await inDatabase<{ object: string; owner: string }>(
      `select c.oid::regclass::text as object, c.relowner::regrole::text as owner from pg_class c
        where c.relnamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace)
          and c.relowner <> 'lib_event_owner'::regrole
       union all
       select p.oid::regprocedure::text, p.proowner::regrole::text from pg_proc p
        where p.pronamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace)
          and p.proowner <> 'lib_event_owner'::regrole
       order by 1`,
    );
    // The relay reads and writes its cursor's rows; it owns nothing. The
    // views API keys read through belong to the role the scope policy binds
    // (db/security.md#scoped-keys), so that policy applies to them alone.
    expect(rows).toEqual([
      { object: 'lib_event.event_read_branches', owner: 'lib_event_scoped_reader' },
      { object: 'lib_event.scoped_event', owner: 'lib_event_scoped_reader' },
      { object: 'lib_event.visible_event', owner: 'lib_event_scoped_reader' },
      { object: 'lib_events.events', owner: 'lib_event_scoped_reader' },
    ]);
  });

  it('give every security definer function a pinned, empty search_path', async () => {
    const rows = await inDatabase<{ fn: string; config: string[] | null }>(
      `select p.oid::regprocedure::text as fn, p.proconfig as config from pg_proc p
        where p.pronamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace) and p.prosecdef`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.config, row.fn).toContain('search_path=""');
  });

  it('comment every object of the public schema, and every private table, column and function', async () => {
    const rows = await inDatabase<{ object: string }>(
      `select 'function ' || p.oid::regprocedure::text as object from pg_proc p
        where p.pronamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace)
          and obj_description(p.oid, 'pg_proc') is null
       union all
       select 'relation ' || c.oid::regclass::text from pg_class c
        where c.relnamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace)
          and c.relkind in ('r', 'v', 'm', 'p') and obj_description(c.oid, 'pg_class') is null
       union all
       select 'column ' || c.oid::regclass::text || '.' || a.attname from pg_class c
         join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where c.relnamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace)
          and c.relkind in ('r', 'v', 'm', 'p') and col_description(c.oid, a.attnum) is null
          -- A partition's columns are the partitioned table's, described there.
          and not c.relispartition
       union all
       select 'type ' || t.oid::regtype::text from pg_type t
        where t.typnamespace = 'lib_events'::regnamespace and t.typtype in ('c', 'd', 'e')
          and not exists (select from pg_class c where c.oid = t.typrelid and c.relkind <> 'c')
          and obj_description(t.oid, 'pg_type') is null`,
    );
    expect(rows).toEqual([]);
  });

  it('grant nothing on functions to PUBLIC', async () => {
    const rows = await inDatabase<{ fn: string }>(
      `select p.oid::regprocedure::text as fn from pg_proc p
        where p.pronamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace)
          and has_function_privilege('public', p.oid, 'EXECUTE')`,
    );
    expect(rows).toEqual([]);
  });
});
