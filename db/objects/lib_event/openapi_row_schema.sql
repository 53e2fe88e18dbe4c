-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_row_schema(relation oid)
 RETURNS json
 LANGUAGE sql
 STABLE
AS $function$
  with col as (
    select a.attnum, a.attname, a.atttypid,
           a.attnotnull or coalesce(v.not_null, false) as not_null,
           coalesce(pg_catalog.col_description(a.attrelid, a.attnum), v.origin_comment) as comment,
           lib_event.openapi_older_name(ns.nspname || '.' || c.relname, a.attname) as older_name
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid
      left join lib_event.openapi_view_columns(c.oid) v on v.column_number = a.attnum
     where c.oid = relation
       and a.attnum > 0 and not a.attisdropped
       and (c.relkind = 'c'
            or exists (select from lib_event.api_roles() r
                        where pg_catalog.has_column_privilege(r.role_name, c.oid, a.attnum, 'SELECT')))
  )
  select lib_event.json_object_ordered(
    array['type', 'description', 'required', 'properties'],
    array[
      pg_catalog.to_json('object'::text),
      -- A composite type's comment is on its pg_type row, a relation's on pg_class.
      pg_catalog.to_json(coalesce(pg_catalog.obj_description(relation, 'pg_class'),
        (select pg_catalog.obj_description(c.reltype, 'pg_type') from pg_catalog.pg_class c where c.oid = relation))),
      coalesce((select pg_catalog.json_agg(col.attname order by col.attnum) from col), '[]'::json),
      -- The column's own comment says more than the generic older-name text.
      coalesce((select pg_catalog.json_object_agg(col.attname,
                  (case when col.not_null then lib_event.openapi_type_schema(col.atttypid)
                        else lib_event.openapi_nullable(lib_event.openapi_type_schema(col.atttypid)) end)
                  || col.older_name
                  || pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('description', col.comment))
                  order by col.attnum)
                  from col), '{}'::json)
    ]);
$function$;

comment on function lib_event.openapi_row_schema(oid) is 'The JSON schema of one row of a relation or composite type.

Its columns in order (for a relation, those an API role may read), each with
its type and comment, deprecated under an older name. A column may be null
unless it is NOT NULL, or is a view column plainly taken from a NOT NULL
table column. Every column is present.';
