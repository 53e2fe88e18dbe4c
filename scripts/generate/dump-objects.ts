/**
 * db/objects/: the definition in force of every function, view and trigger
 * of lib_event and lib_events, one file per object, with its comment and
 * grants, read from the migrated database's catalog. Migrations redefine
 * objects wholesale and stay untouched; this is where the current text of
 * one is read. Written by npm run db:dump beside db/schema.sql and checked
 * for drift the same way (npm run db:dump:check).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../database/dbmate.ts';

export const objectsDir = join(projectRoot, 'db', 'objects');

/** What the dump needs of a database: PGlite's query (rows as objects). */
export interface CatalogReader {
  query<T>(sql: string): Promise<{ rows: T[] }>;
}

const schemas = `('lib_event', 'lib_events')`;

const header = (kind: string) =>
  `-- The ${kind} in force, from the migrated database (npm run db:dump writes this file).\n` +
  '-- Change it with a new migration in db/migrations: this file is not applied.\n\n';

/** `grant <privilege> on <object> to <role>;` for each grantee other than the owner, one a line, from an ACL; '' when none. */
const grants = (object: string, acl: string, owner: string) => `
  coalesce(E'\\n' || nullif((select string_agg(format('grant %s on %s to %s;', lower(a.privilege_type), ${object},
                                                    case when a.grantee = 0 then 'public' else quote_ident(r.rolname) end),
                                             E'\\n' order by r.rolname nulls first, a.privilege_type)
                                from aclexplode(${acl}) a left join pg_roles r on r.oid = a.grantee
                               where a.grantee <> ${owner}), '') || E'\\n', '')`;

interface Definition {
  schema: string;
  name: string;
  definition: string;
}

async function functions(db: CatalogReader): Promise<Definition[]> {
  const { rows } = await db.query<Definition>(`
    select n.nspname as schema, p.proname as name,
           string_agg(rtrim(pg_get_functiondef(p.oid), E'\\n') || E';\\n'
             || coalesce(format(E'\\ncomment on %s %s is %L;\\n', case p.prokind when 'p' then 'procedure' else 'function' end,
                                p.oid::regprocedure, obj_description(p.oid, 'pg_proc')), '')
             || ${grants(`'function ' || p.oid::regprocedure`, 'p.proacl', 'p.proowner')},
             E'\\n' order by pg_get_function_identity_arguments(p.oid)) as definition
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ${schemas} and p.prokind in ('f', 'p')
     group by n.nspname, p.proname`);
  return rows;
}

async function views(db: CatalogReader): Promise<Definition[]> {
  const { rows } = await db.query<Definition>(`
    select n.nspname as schema, c.relname as name,
           format(E'create view %I.%I as\\n%s\\n', n.nspname, c.relname, rtrim(pg_get_viewdef(c.oid, true), E'\\n'))
             || coalesce(format(E'\\ncomment on view %I.%I is %L;\\n', n.nspname, c.relname, obj_description(c.oid, 'pg_class')), '')
             || coalesce((select E'\\n' || string_agg(format('comment on column %I.%I.%I is %L;', n.nspname, c.relname, a.attname, d.description), E'\\n' order by a.attnum) || E'\\n'
                            from pg_attribute a join pg_description d on d.objoid = c.oid and d.objsubid = a.attnum
                           where a.attrelid = c.oid and a.attnum > 0), '')
             || ${grants(`format('%I.%I', n.nspname, c.relname)`, 'c.relacl', 'c.relowner')} as definition
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ${schemas} and c.relkind in ('v', 'm')`);
  return rows;
}

async function triggers(db: CatalogReader): Promise<Definition[]> {
  // A partition's copies of its parent's triggers are left out (tgparentid).
  const { rows } = await db.query<Definition>(`
    select n.nspname as schema, 'triggers/' || c.relname || '.' || t.tgname as name,
           pg_get_triggerdef(t.oid, true) || E';\\n'
             || coalesce(format(E'\\ncomment on trigger %I on %I.%I is %L;\\n', t.tgname, n.nspname, c.relname, obj_description(t.oid, 'pg_trigger')), '')
             || case when t.tgenabled = 'D' then format(E'\\nalter table %I.%I disable trigger %I;\\n', n.nspname, c.relname, t.tgname) else '' end as definition
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ${schemas} and not t.tgisinternal and t.tgparentid = 0`);
  return rows;
}

/** Replace db/objects/ with one file per function (all its overloads), view and trigger. */
export async function writeObjects(db: CatalogReader, dir = objectsDir): Promise<number> {
  rmSync(dir, { recursive: true, force: true });
  const groups: [string, Definition[]][] = [['function', await functions(db)], ['view', await views(db)], ['trigger', await triggers(db)]];
  let written = 0;
  for (const [kind, definitions] of groups) {
    for (const { schema, name, definition } of definitions) {
      const file = join(dir, schema, `${name}.sql`);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, header(kind) + definition.replace(/\n+$/, '\n'));
      written += 1;
    }
  }
  return written;
}
