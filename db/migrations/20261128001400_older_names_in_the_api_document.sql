-- migrate:up

-- The names replaced by the vocabulary (20261128001300) are still taken;
-- the API document marks them deprecated, so the generated TypeScript types
-- say @deprecated and point to the name to use.

set role lib_event_owner;

create table lib_event.older_name (
  object     text collate "C" not null,
  older_name text collate "C" not null,
  name       text collate "C" not null,
  constraint older_name_pkey primary key (object, older_name),
  constraint older_name_differs check (older_name <> name)
);
comment on table lib_event.older_name is
  'Parameter and column names the API still takes or gives beside the names that replaced them (db/CONVENTIONS.md, "Vocabulary"); the API document marks each deprecated.';
comment on column lib_event.older_name.object is 'The function (lib_events.follow) or row type (lib_events.followed_event) that has both names.';
comment on column lib_event.older_name.older_name is 'The name as it shipped first.';
comment on column lib_event.older_name.name is 'The name to use.';

insert into lib_event.older_name (object, older_name, name) values
  ('lib_events.follow', 'after', 'cursor'),
  ('lib_events.follow', 'max', 'page_size'),
  ('lib_events.followed_event', 'checkpoint', 'cursor'),
  ('lib_events.find', 'type', 'event_type');

create function lib_event.openapi_older_name(object text, name text)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select coalesce(
    (select pg_catalog.jsonb_build_object(
              'description', pg_catalog.format('The older name of %s, still taken: use %s.', o.name, o.name),
              'deprecated', true)
       from lib_event.older_name o
      where o.object = openapi_older_name.object and o.older_name = openapi_older_name.name),
    '{}');
$$;
comment on function lib_event.openapi_older_name(text, text) is
  'For a name lib_event.older_name lists as replaced, the JSON schema keywords that mark it deprecated and name its replacement; {} otherwise.';

-- The JSON schema of each argument says when its name is an older one.
create or replace function lib_event.openapi_inputs(function_oid oid)
returns table (n bigint, name text, type oid, has_default boolean, schema jsonb)
language sql
stable
as $$
  -- The input arguments in order, each with its JSON schema: nullable when
  -- it defaults to null, with its default when that is a literal, and
  -- deprecated when its name was replaced.
  with arg as (
    select a.n, a.name, a.type, coalesce(a.mode, 'i') as mode,
           pg_catalog.row_number() over (partition by coalesce(a.mode, 'i') in ('i', 'b', 'v') order by a.n) as input_n,
           p.pronargs, p.pronargdefaults, ns.nspname || '.' || p.proname as function_name
      from pg_catalog.pg_proc p
      join pg_catalog.pg_namespace ns on ns.oid = p.pronamespace,
           unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargnames, p.proargmodes)
             with ordinality as a(type, name, mode, n)
     where p.oid = function_oid
  ), input as (
    select a.n, a.name, a.type, a.function_name,
           a.input_n > a.pronargs - a.pronargdefaults as has_default,
           pg_catalog.pg_get_function_arg_default(function_oid, a.n::int) as default_expression
      from arg a
     where a.mode in ('i', 'b', 'v')
  )
  select i.n, i.name, i.type, i.has_default,
         case when i.has_default and lib_event.openapi_default(i.default_expression) = '{"default": null}'
              then lib_event.openapi_nullable(lib_event.openapi_type_schema(i.type))
              else lib_event.openapi_type_schema(i.type) end
         || case when i.has_default then coalesce(lib_event.openapi_default(i.default_expression),
              pg_catalog.jsonb_build_object('description', 'Defaults to ' || i.default_expression || '.')) else '{}' end
         || lib_event.openapi_older_name(i.function_name, i.name)
    from input i;
$$;

-- A query parameter under an older name is deprecated itself (OpenAPI's
-- parameter keyword, which openapi-typescript turns into @deprecated).
create or replace function lib_event.openapi_query_parameters(function_oid oid)
returns json
language sql
stable
as $$
  select pg_catalog.json_agg(lib_event.json_object_ordered(
           array['name', 'in', 'description', 'required', 'deprecated', 'schema'],
           array[pg_catalog.to_json(i.name), pg_catalog.to_json('query'::text),
                 (i.schema -> 'description')::json, pg_catalog.to_json(not i.has_default),
                 (i.schema -> 'deprecated')::json, i.schema::json]) order by i.n)
    from lib_event.openapi_inputs(function_oid) i;
$$;
comment on function lib_event.openapi_query_parameters(oid) is
  'The query parameters of GET /rpc/<name>: one per argument, required when it has no default, deprecated under an older name.';

create or replace function lib_event.openapi_row_schema(relation oid)
returns json
language sql
stable
as $$
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
$$;
comment on function lib_event.openapi_row_schema(oid) is 'The JSON schema of one row of a relation or composite type.

Its columns in order (for a relation, those an API role may read), each with
its type and comment, deprecated under an older name. A column may be null
unless it is NOT NULL, or is a view column plainly taken from a NOT NULL
table column. Every column is present.';

reset role;

-- migrate:down
