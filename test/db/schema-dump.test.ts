import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { schemaFile } from '../../scripts/database/dbmate.ts';
import { externalPostgres } from '../../scripts/database/postgres-server.ts';

// db/schema.sql is dumped from PGlite (see scripts/generate/dump-schema.ts). Here it
// is loaded into an empty database on the real PostgreSQL 17 and compared
// with the template database dbmate migrated: same objects, same
// definitions. Owners and grants are not compared: the dump has neither
// (--no-owner, --no-privileges), and roles live outside any database.

/** Catalog facts, each a sorted list of text rows free of OIDs. */
const facts: Record<string, string> = {
  schemas: `
    select n.nspname from pg_catalog.pg_namespace n
     where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'`,
  relations: `
    select c.oid::regclass::text || ' ' || c.relkind::text
      from pg_catalog.pg_class c
     where c.relnamespace::regnamespace::text in (select nspname from user_schemas)`,
  columns: `
    select a.attrelid::regclass::text || '.' || a.attname || ' #' || a.attnum
           || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
           || case when a.attnotnull then ' not null' else '' end
           || coalesce(' collate ' || co.collname, '')
           || coalesce(' default ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid), '')
      from pg_catalog.pg_attribute a
      join pg_catalog.pg_class c on c.oid = a.attrelid
      left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      left join pg_catalog.pg_collation co on co.oid = a.attcollation and a.attcollation <> 100
     where a.attnum > 0 and not a.attisdropped
       and c.relnamespace::regnamespace::text in (select nspname from user_schemas)`,
  constraints: `
    select coalesce(c.conrelid::regclass::text, c.contypid::regtype::text) || ' ' || c.conname
           || ': ' || pg_catalog.pg_get_constraintdef(c.oid)
      from pg_catalog.pg_constraint c
     where c.connamespace::regnamespace::text in (select nspname from user_schemas)`,
  indexes: `
    select pg_catalog.pg_get_indexdef(i.indexrelid)
      from pg_catalog.pg_index i join pg_catalog.pg_class c on c.oid = i.indexrelid
     where c.relnamespace::regnamespace::text in (select nspname from user_schemas)`,
  types: `
    select t.oid::regtype::text || ' ' || t.typtype::text
           || coalesce(' over ' || pg_catalog.format_type(t.typbasetype, t.typtypmod), '')
           || case when t.typnotnull then ' not null' else '' end
           || coalesce(' collate ' || co.collname, '')
           || coalesce(' labels ' || (select pg_catalog.string_agg(e.enumlabel, ',' order by e.enumsortorder)
                                        from pg_catalog.pg_enum e where e.enumtypid = t.oid), '')
      from pg_catalog.pg_type t
      left join pg_catalog.pg_collation co on co.oid = t.typcollation and t.typcollation <> 100
     where t.typnamespace::regnamespace::text in (select nspname from user_schemas)`,
  functions: `
    select pg_catalog.pg_get_functiondef(p.oid)
      from pg_catalog.pg_proc p
     where p.pronamespace::regnamespace::text in (select nspname from user_schemas)`,
  views: `
    select c.oid::regclass::text || ' as ' || pg_catalog.pg_get_viewdef(c.oid)
      from pg_catalog.pg_class c
     where c.relkind in ('v', 'm')
       and c.relnamespace::regnamespace::text in (select nspname from user_schemas)`,
  triggers: `
    select pg_catalog.pg_get_triggerdef(t.oid)
      from pg_catalog.pg_trigger t join pg_catalog.pg_class c on c.oid = t.tgrelid
     where not t.tgisinternal
       and c.relnamespace::regnamespace::text in (select nspname from user_schemas)`,
  // Objects made by the migrations have OIDs above the built-in range.
  comments: `
    select pg_catalog.pg_describe_object(d.classoid, d.objoid, d.objsubid) || ': ' || d.description
      from pg_catalog.pg_description d
     where d.objoid >= 16384`,
  migrations: `select version from public.schema_migrations`,
};

/**
 * The partitions of the current periods (lib_event.event_p20261101, their
 * indexes, triggers and comments): the migrations make them for the months
 * around the day they run, so the dump leaves them out (scripts/generate/dump-schema.ts).
 */
const periodPartition = /\bevent_p\d{8}/;

async function catalog(url: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Names print schema-qualified, the same way in both databases.
    await client.query(`set search_path = ''`);
    await client.query(`
      create temporary view user_schemas as
        select n.nspname::text as nspname from pg_catalog.pg_namespace n
         where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'`);
    const result: Record<string, string[]> = {};
    for (const [name, sql] of Object.entries(facts)) {
      const { rows } = await client.query<[string]>({ text: sql, rowMode: 'array' });
      result[name] = rows.map(([fact]) => fact).filter((fact) => !periodPartition.test(fact)).sort();
    }
    return result;
  } finally {
    await client.end();
  }
}

describe('db/schema.sql', () => {
  const server = externalPostgres(inject('serverUrl'));
  const name = `lib_event_schema_${randomBytes(6).toString('hex')}`;
  const maintenance = new pg.Client({ connectionString: server.url('postgres') });

  beforeAll(async () => {
    await maintenance.connect();
    await maintenance.query(`create database ${name}`);
  });
  afterAll(async () => {
    await maintenance.query(`drop database if exists ${name} with (force)`);
    await maintenance.end();
  });

  it('does not change with the calendar: it holds no partition of a period', () => {
    expect(readFileSync(schemaFile, 'utf8')).not.toMatch(periodPartition);
  });

  it('loads into an empty PostgreSQL 17 database and matches the migrated one', async () => {
    const loaded = new pg.Client({ connectionString: server.url(name) });
    await loaded.connect();
    try {
      await loaded.query(readFileSync(schemaFile, 'utf8'));
    } finally {
      await loaded.end();
    }

    const [expected, actual] = await Promise.all([
      catalog(server.url(inject('templateDatabase'))),
      catalog(server.url(name)),
    ]);
    // A comparison of empty lists would prove nothing.
    expect(expected.functions!.length).toBeGreaterThan(10);
    expect(expected.comments!.length).toBeGreaterThan(40);
    for (const fact of Object.keys(facts)) {
      expect(actual[fact], fact).toEqual(expected[fact]);
    }
  });
});
