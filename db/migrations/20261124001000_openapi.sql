-- migrate:up
set role lib_event_owner;

-- The OpenAPI 3.1 document that PostgREST serves at / through db-root-spec,
-- built from the catalog of lib_events on every request: a function or view
-- added to lib_events, granted to an API role and commented, is documented
-- with no other change.
--
-- PostgREST (db-root-spec = "lib_events.openapi", see
-- https://docs.postgrest.org/en/v14/references/configuration.html#db-root-spec
-- and .../references/api/openapi.html#overriding-openapi-response) answers
-- GET / by calling the function like GET /rpc/<name>: without arguments, in a
-- read-only transaction, after db-pre-request, looked up by name in the
-- exposed schema (the schema part of the setting is not used). Hence it lives
-- in lib_events, returns json, and is granted to the anonymous role, since
-- lib_event.check_request lets / through without a key.
--
-- Objects whose key order matters to a reader (the document, paths,
-- operations, property maps) are built as json, in a stated order; small
-- leaf schemas are jsonb, which is easy to amend.

create function lib_event.api_roles()
returns table (access text, role_name text)
language sql
stable
parallel safe
as $$
  -- The roles lib_event.check_request switches to: one per api_key_access value.
  select e.a::text, 'lib_event_' || e.a::text
    from pg_catalog.unnest(pg_catalog.enum_range(null::lib_event.api_key_access)) with ordinality as e(a, n)
   order by e.n;
$$;
comment on function lib_event.api_roles() is
  'The roles an API key can switch to, with the access value that grants each.

Derived from lib_event.api_key_access exactly as lib_event.check_request derives
the role, so a new access level needs no change here.';

create function lib_event.json_object_ordered(keys text[], vals json[])
returns json
language sql
immutable
parallel safe
as $$
  -- Multi-argument unnest is only recognized unqualified.
  select coalesce(pg_catalog.json_object_agg(x.k, x.v order by x.n), '{}'::json)
    from unnest(keys, vals) with ordinality as x(k, v, n)
   where x.v is not null;
$$;
comment on function lib_event.json_object_ordered(text[], json[]) is
  'A JSON object with the given keys in the given order, leaving out keys whose value is SQL null.';

create function lib_event.openapi_summary(comment text)
returns text
language sql
immutable
parallel safe
as $$
  select nullif(pg_catalog.btrim(pg_catalog.split_part(comment, E'\n', 1)), '');
$$;
comment on function lib_event.openapi_summary(text) is
  'The first line of a COMMENT ON text: the OpenAPI summary. Null when there is none.';

create function lib_event.openapi_description(comment text)
returns text
language sql
immutable
parallel safe
as $$
  select case when pg_catalog.strpos(comment, E'\n') > 0 then
    nullif(pg_catalog.btrim(pg_catalog.substr(comment, pg_catalog.strpos(comment, E'\n') + 1), E' \n\r\t'), '')
  end;
$$;
comment on function lib_event.openapi_description(text) is
  'What follows the first line of a COMMENT ON text: the OpenAPI description. Null when there is none.';

create function lib_event.openapi_function_access(function_oid oid)
returns text[]
language sql
stable
as $$
  select pg_catalog.array_agg(r.access order by r.access collate "C")
    from lib_event.api_roles() r
   where pg_catalog.has_function_privilege(r.role_name, function_oid, 'EXECUTE');
$$;
comment on function lib_event.openapi_function_access(oid) is
  'The API key access values whose role may execute a function; null when none may.';

create function lib_event.openapi_relation_access(relation oid)
returns text[]
language sql
stable
as $$
  select pg_catalog.array_agg(r.access order by r.access collate "C")
    from lib_event.api_roles() r
   where pg_catalog.has_any_column_privilege(r.role_name, relation, 'SELECT');
$$;
comment on function lib_event.openapi_relation_access(oid) is
  'The API key access values whose role may read a relation (or some of its columns); null when none may.';

create function lib_event.openapi_is_component(relation oid)
returns boolean
language sql
stable
as $$
  select exists (
    select from pg_catalog.pg_class c
     where c.oid = relation
       and c.relnamespace = 'lib_events'::regnamespace
       and (c.relkind = 'c'
            or (c.relkind in ('r', 'v', 'm', 'f', 'p')
                and lib_event.openapi_relation_access(c.oid) is not null)));
$$;
comment on function lib_event.openapi_is_component(oid) is
  'Whether a row type is a component schema of the document.

Composite types of lib_events are, and so are the relations of lib_events an
API role may read. Other row types are written out where they are used.';

create function lib_event.openapi_nullable(schema jsonb)
returns jsonb
language sql
immutable
parallel safe
as $$
  select case
    when schema ? '$ref' then
      pg_catalog.jsonb_build_object('anyOf', pg_catalog.jsonb_build_array(schema, '{"type": "null"}'::jsonb))
    when pg_catalog.jsonb_typeof(schema -> 'type') = 'string' then
      schema
        || pg_catalog.jsonb_build_object('type', pg_catalog.jsonb_build_array(schema -> 'type', 'null'))
        || case when schema ? 'enum'
             then pg_catalog.jsonb_build_object('enum', (schema -> 'enum') || 'null'::jsonb)
             else '{}'::jsonb end
    else schema
  end;
$$;
comment on function lib_event.openapi_nullable(jsonb) is
  'The same JSON schema, also admitting null: type [T, "null"], or anyOf with null around a reference.';

create function lib_event.openapi_view_columns(relation oid)
returns table (column_number smallint, not_null boolean, origin_comment text)
language sql
stable
as $$
  -- A view column that plainly references a NOT NULL table column is never
  -- null. The origin of each output column is in the view's query tree
  -- (resorigtbl, resorigcol of its target entries). Trusted only for one
  -- query without subqueries or outer joins, where every target entry in the
  -- tree is an output column and none can be null-extended.
  with tree as (
    select r.ev_action::text as text
      from pg_catalog.pg_rewrite r
     where r.ev_class = relation and r.rulename = '_RETURN'
  ), simple as (
    select t.text from tree t
     where (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, '\{QUERY ', 'g')) = 1
       and t.text !~ ':jointype [123] '
  ), origin as (
    select m[1]::smallint as column_number, m[2]::oid as table_oid, m[3]::smallint as table_column
      from simple s,
           pg_catalog.regexp_matches(s.text,
             ':resno (\d+) :resname \S+ :ressortgroupref \d+ :resorigtbl (\d+) :resorigcol (\d+)', 'g') as m
  )
  select o.column_number, a.attnotnull, pg_catalog.col_description(o.table_oid, o.table_column)
    from origin o
    join pg_catalog.pg_attribute a on a.attrelid = o.table_oid and a.attnum = o.table_column
   where o.table_oid <> 0;
$$;
comment on function lib_event.openapi_view_columns(oid) is
  'For each column of a view that plainly references a table column: whether that column is NOT NULL, and its comment.';

create function lib_event.openapi_type_schema(type_oid oid)
returns jsonb
language plpgsql
stable
as $$
declare
  t pg_catalog.pg_type;
begin
  select * into t from pg_catalog.pg_type where oid = type_oid;
  if not found then
    return '{}'::jsonb;
  end if;
  if t.typtype = 'd' then
    return lib_event.openapi_type_schema(t.typbasetype);
  end if;
  if t.typtype = 'e' then
    return pg_catalog.jsonb_build_object('type', 'string', 'enum',
      (select pg_catalog.jsonb_agg(e.enumlabel order by e.enumsortorder)
         from pg_catalog.pg_enum e where e.enumtypid = type_oid));
  end if;
  if t.typcategory = 'A' and t.typelem <> 0 then
    return pg_catalog.jsonb_build_object('type', 'array', 'items', lib_event.openapi_type_schema(t.typelem));
  end if;
  if t.typtype = 'c' then
    if lib_event.openapi_is_component(t.typrelid) then
      return pg_catalog.jsonb_build_object('$ref', '#/components/schemas/' || t.typname);
    end if;
    return lib_event.openapi_row_schema(t.typrelid)::jsonb;
  end if;
  return case t.typname
    when 'int2' then '{"type": "integer", "format": "int32"}'
    when 'int4' then '{"type": "integer", "format": "int32"}'
    when 'int8' then '{"type": "integer", "format": "int64"}'
    when 'float4' then '{"type": "number", "format": "float"}'
    when 'float8' then '{"type": "number", "format": "double"}'
    when 'numeric' then '{"type": "number"}'
    when 'bool' then '{"type": "boolean"}'
    when 'uuid' then '{"type": "string", "format": "uuid"}'
    when 'timestamptz' then '{"type": "string", "format": "date-time"}'
    when 'date' then '{"type": "string", "format": "date"}'
    when 'timetz' then '{"type": "string", "format": "time"}'
    when 'json' then '{}'
    when 'jsonb' then '{}'
    else '{"type": "string"}'
  end::jsonb;
end
$$;
comment on function lib_event.openapi_type_schema(oid) is
  'The JSON schema of the values of a PostgreSQL type, as PostgREST reads and writes them.

Integers and floats are numbers; uuid, timestamptz and date are strings with the
uuid, date-time and date formats; json and jsonb are any JSON value; arrays are
arrays of their element''s schema; enums list their labels; domains take their
base type''s schema; composite types of lib_events refer to their component
schema. Every other type travels as a string.';

create function lib_event.openapi_row_schema(relation oid)
returns json
language sql
stable
as $$
  with col as (
    select a.attnum, a.attname, a.atttypid,
           a.attnotnull or coalesce(v.not_null, false) as not_null,
           coalesce(pg_catalog.col_description(a.attrelid, a.attnum), v.origin_comment) as comment
      from pg_catalog.pg_class c
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
      coalesce((select pg_catalog.json_object_agg(col.attname,
                  (case when col.not_null then lib_event.openapi_type_schema(col.atttypid)
                        else lib_event.openapi_nullable(lib_event.openapi_type_schema(col.atttypid)) end)
                  || pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('description', col.comment))
                  order by col.attnum)
                  from col), '{}'::json)
    ]);
$$;
comment on function lib_event.openapi_row_schema(oid) is
  'The JSON schema of one row of a relation or composite type.

Its columns in order (for a relation, those an API role may read), each with
its type and comment. A column may be null unless it is NOT NULL, or is a view
column plainly taken from a NOT NULL table column. Every column is present.';

create function lib_event.openapi_default(expression text)
returns jsonb
language sql
immutable
parallel safe
as $$
  -- {"default": value} when a default expression is a plain literal, else null.
  select case
    when expression ~* '^null(::[a-z_ ."]+)?$' then '{"default": null}'::jsonb
    when expression ~* '^(true|false)$' then pg_catalog.jsonb_build_object('default', pg_catalog.lower(expression)::boolean)
    when expression ~ '^-?[0-9]+(\.[0-9]+)?$' then pg_catalog.jsonb_build_object('default', expression::numeric)
    when expression ~ '^''(.*)''::jsonb?$'
         and pg_catalog.pg_input_is_valid(
               pg_catalog.replace(substring(expression from '^''(.*)''::jsonb?$'), '''''', ''''), 'jsonb') then
      pg_catalog.jsonb_build_object('default',
        pg_catalog.replace(substring(expression from '^''(.*)''::jsonb?$'), '''''', '''')::jsonb)
    when expression ~ '^''(.*)''::(text|character varying)$' then
      pg_catalog.jsonb_build_object('default',
        pg_catalog.replace(substring(expression from '^''(.*)''::'), '''''', ''''))
  end;
$$;
comment on function lib_event.openapi_default(text) is
  'A function argument''s default as a JSON schema "default" keyword, when the default is a plain literal (null, a boolean, a number, a JSON or text constant); null otherwise.';

create function lib_event.openapi_error_codes(function_oid oid)
returns text[]
language sql
stable
as $$
  -- The SQLSTATEs a function raises itself or through the lib_event and
  -- lib_events functions it calls, as written in their bodies
  -- (errcode = '...').
  with recursive reached(oid) as (
    select function_oid
    union
    select callee.oid
      from reached r
      join pg_catalog.pg_proc caller on caller.oid = r.oid
      join pg_catalog.pg_proc callee
        on callee.pronamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace)
       and caller.prosrc ~ (callee.pronamespace::regnamespace::text || '\.' || callee.proname || '\s*\(')
  )
  select pg_catalog.array_agg(distinct m[1] collate "C" order by m[1] collate "C")
    from reached r
    join pg_catalog.pg_proc p on p.oid = r.oid,
         pg_catalog.regexp_matches(p.prosrc, 'errcode\s*=\s*''([0-9A-Z]{5})''', 'g') as m;
$$;
comment on function lib_event.openapi_error_codes(oid) is
  'The error codes (SQLSTATEs) a function raises, itself or through the lib_event and lib_events functions it calls, read from their bodies.';

create function lib_event.openapi_filter_parameter(column_name text, type_oid oid, column_comment text)
returns json
language plpgsql
stable
as $$
declare
  base oid := type_oid;
  category "char";
  type_name text;
  operators text[];
  example text;
  pattern text;
  meanings jsonb := '{
    "eq": "equals", "neq": "not equal", "gt": "greater than", "gte": "greater than or equal",
    "lt": "less than", "lte": "less than or equal", "in": "one of a list, in.(a,b,c)",
    "is": "is.null, is.true, is.false or is.unknown", "isdistinct": "IS DISTINCT FROM, null compares as a value",
    "like": "LIKE pattern, * stands for %", "ilike": "case-insensitive like", "match": "POSIX regular expression (~)",
    "imatch": "case-insensitive match (~*)", "cs": "contains (@>)", "cd": "is contained in (<@)",
    "ov": "overlaps (&&)", "sl": "strictly left of (<<)", "sr": "strictly right of (>>)",
    "nxr": "does not extend to the right of (&<)", "nxl": "does not extend to the left of (&>)",
    "adj": "is adjacent to (-|-)", "fts": "full-text search, to_tsquery", "plfts": "plainto_tsquery",
    "phfts": "phraseto_tsquery", "wfts": "websearch_to_tsquery"}';
begin
  while (select t.typtype = 'd' from pg_catalog.pg_type t where t.oid = base) loop
    select t.typbasetype into base from pg_catalog.pg_type t where t.oid = base;
  end loop;
  select t.typcategory, t.typname into category, type_name from pg_catalog.pg_type t where t.oid = base;

  operators := case
    when type_name = 'json' then array['is']
    when type_name = 'jsonb' then array['eq', 'neq', 'in', 'is', 'isdistinct', 'cs', 'cd']
    when type_name = 'tsvector' then array['fts', 'plfts', 'phfts', 'wfts', 'is']
    when category = 'A' then array['eq', 'neq', 'is', 'isdistinct', 'cs', 'cd', 'ov']
    when category = 'R' then array['eq', 'neq', 'is', 'isdistinct', 'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj']
    when category = 'B' then array['eq', 'neq', 'is', 'isdistinct']
    when category = 'S' then array['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'is', 'isdistinct', 'like', 'ilike', 'match', 'imatch']
    else array['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'is', 'isdistinct']
  end;
  example := case
    when type_name = 'uuid' then 'eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1'
    when type_name in ('timestamptz', 'timestamp') then 'gte.2026-01-01T00:00:00Z'
    when type_name = 'date' then 'gte.2026-01-01'
    when type_name in ('jsonb', 'json') then 'cs.{"key":"value"}'
    when category = 'S' then 'like.prefix*'
    when category = 'N' then 'gt.10'
    when category = 'B' then 'is.true'
    when category = 'A' then 'cs.{a,b}'
    else 'eq.value'
  end;
  if type_name = 'json' then
    example := 'is.null';
  end if;
  pattern := '^(not\.)?(' || pg_catalog.array_to_string(operators, '|') || ')(\([a-z_]+\))?\.';

  return lib_event.json_object_ordered(
    array['name', 'in', 'required', 'description', 'style', 'explode', 'schema'],
    array[
      pg_catalog.to_json(column_name),
      pg_catalog.to_json('query'::text),
      pg_catalog.to_json(false),
      pg_catalog.to_json(pg_catalog.concat_ws(E'\n\n',
        pg_catalog.format('Filter on %s (%s): `%s=<operator>.<value>`, e.g. `%s=%s`.',
          column_name, pg_catalog.format_type(base, null), column_name, column_name, example),
        'Operators: ' || (select pg_catalog.string_agg(pg_catalog.format('`%s` %s', o.op, meanings ->> o.op), '; ' order by o.n)
                            from pg_catalog.unnest(operators) with ordinality as o(op, n)) || '.',
        pg_catalog.format('Prefix `not.` to negate (`%s=not.%s`). Give the parameter more than once to combine conditions with AND.',
          column_name, example),
        column_comment)),
      pg_catalog.to_json('form'::text),
      pg_catalog.to_json(true),
      pg_catalog.json_build_object('anyOf', pg_catalog.json_build_array(
        pg_catalog.json_build_object('type', 'string', 'pattern', pattern),
        pg_catalog.json_build_object('type', 'array', 'items',
          pg_catalog.json_build_object('type', 'string', 'pattern', pattern))))
    ]);
end
$$;
comment on function lib_event.openapi_filter_parameter(text, oid, text) is
  'The query parameter that filters a view on one column: the PostgREST operators that suit its type, explained, with an example.';

create function lib_event.openapi_error_responses(statuses int[], function_codes text[], access text[])
returns json
language sql
stable
as $$
  -- One entry per status, each a reference to the shared response with a
  -- description naming what this operation can raise.
  select pg_catalog.json_object_agg(s.status::text, pg_catalog.json_build_object(
           '$ref', '#/components/responses/' || case s.status
              when 400 then 'BadRequest' when 401 then 'Unauthorized' when 403 then 'Forbidden'
              when 404 then 'NotFound' when 409 then 'Conflict' when 413 then 'PayloadTooLarge'
              when 416 then 'RangeNotSatisfiable' end,
           'description', case s.status
              when 400 then pg_catalog.concat_ws(' ',
                'Bad input.',
                'This operation''s own checks: ' || (select pg_catalog.string_agg(c, ', ' order by c collate "C")
                   from pg_catalog.unnest(function_codes) c where c like 'LE%') || '.',
                'Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request).')
              when 401 then 'No API key, or an unknown or revoked one (PT401).'
              when 403 then pg_catalog.format('The API key''s access does not allow this operation (PT403). Allowed: %s.',
                pg_catalog.array_to_string(access, ', '))
              when 404 then 'No function of this name takes these arguments (PGRST202): check the argument names.'
              when 409 then 'The request conflicts with recorded data (23505, 23503).'
              when 413 then 'A value is over a size bound (' || coalesce((select pg_catalog.string_agg(c, ', ' order by c collate "C")
                   from pg_catalog.unnest(function_codes) c where c like '54%'), '54000') || ').'
              when 416 then 'The requested range starts past the last row (PGRST103).'
           end)
         order by s.status)
    from pg_catalog.unnest(statuses) as s(status);
$$;
comment on function lib_event.openapi_error_responses(int[], text[], text[]) is
  'The error responses of one operation: a reference to the shared response per status, described with the error codes this operation raises and the access it needs.';

create function lib_event.openapi_paths()
returns json
language sql
stable
as $$
  with fn as (
    select p.oid, p.proname::text as name, p.provolatile, p.proretset, p.prorettype, p.pronargs, p.pronargdefaults,
           coalesce(p.proallargtypes, p.proargtypes::oid[]) as arg_types,
           p.proargnames as arg_names, p.proargmodes as arg_modes,
           pg_catalog.obj_description(p.oid, 'pg_proc') as comment,
           lib_event.openapi_function_access(p.oid) as access,
           coalesce(lib_event.openapi_error_codes(p.oid), '{}') as codes
      from pg_catalog.pg_proc p
     where p.pronamespace = 'lib_events'::regnamespace
       and p.prokind = 'f'
       and p.oid is distinct from pg_catalog.to_regprocedure('lib_events.openapi()')
       and lib_event.openapi_function_access(p.oid) is not null
       -- PostgREST passes arguments by name: every input needs one.
       and not exists (
         select from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]),
                                       p.proargnames, p.proargmodes) as a(type, name, mode)
          where coalesce(a.mode, 'i') in ('i', 'b', 'v') and coalesce(a.name, '') = '')
       and (p.prorettype in ('void'::regtype, 'record'::regtype)
            or (select t.typtype <> 'p' from pg_catalog.pg_type t where t.oid = p.prorettype))
  ), arg as (
    select f.oid, a.n, a.name, a.type, coalesce(a.mode, 'i') as mode,
           pg_catalog.row_number() over (partition by f.oid, coalesce(a.mode, 'i') in ('i', 'b', 'v') order by a.n) as input_n
      from fn f,
           unnest(f.arg_types, f.arg_names, f.arg_modes) with ordinality as a(type, name, mode, n)
  ), input as (
    select a.oid, a.n, a.name, a.type,
           a.input_n > f.pronargs - f.pronargdefaults as has_default,
           pg_catalog.pg_get_function_arg_default(a.oid, a.n::int) as default_expression
      from arg a join fn f on f.oid = a.oid
     where a.mode in ('i', 'b', 'v')
  ), input_schema as (
    select i.*,
           case when i.has_default and lib_event.openapi_default(i.default_expression) = '{"default": null}'
                then lib_event.openapi_nullable(lib_event.openapi_type_schema(i.type))
                else lib_event.openapi_type_schema(i.type) end
           || case when i.has_default then coalesce(lib_event.openapi_default(i.default_expression),
                pg_catalog.jsonb_build_object('description', 'Defaults to ' || i.default_expression || '.')) else '{}' end
           as schema
      from input i
  ), body as (
    select f.oid,
           lib_event.json_object_ordered(
             array['type', 'required', 'properties', 'additionalProperties'],
             array[
               pg_catalog.to_json('object'::text),
               (select pg_catalog.json_agg(i.name order by i.n) from input_schema i where i.oid = f.oid and not i.has_default),
               coalesce((select pg_catalog.json_object_agg(i.name, i.schema order by i.n) from input_schema i where i.oid = f.oid), '{}'::json),
               pg_catalog.to_json(false)
             ]) as schema,
           exists (select from input_schema i where i.oid = f.oid and not i.has_default) as required
      from fn f
  ), result as (
    select f.oid,
           case
             when exists (select from arg a where a.oid = f.oid and a.mode in ('o', 'b', 't')) then
               lib_event.json_object_ordered(
                 array['type', 'required', 'properties'],
                 array[
                   pg_catalog.to_json('object'::text),
                   (select pg_catalog.json_agg(a.name order by a.n) from arg a where a.oid = f.oid and a.mode in ('o', 'b', 't')),
                   (select pg_catalog.json_object_agg(a.name, lib_event.openapi_nullable(lib_event.openapi_type_schema(a.type)) order by a.n)
                      from arg a where a.oid = f.oid and a.mode in ('o', 'b', 't'))
                 ])
             when f.prorettype = 'void'::regtype then null
             else lib_event.openapi_type_schema(f.prorettype)::json
           end as item,
           (select t.typtype = 'c' or f.prorettype = 'record'::regtype from pg_catalog.pg_type t where t.oid = f.prorettype) as is_row
      from fn f
  ), operation as (
    select f.name, f.oid, m.method,
           lib_event.json_object_ordered(
             array['operationId', 'tags', 'summary', 'description', 'security', 'parameters', 'requestBody', 'responses'],
             array[
               pg_catalog.to_json(case m.method when 'post' then 'call_' || f.name else 'call_' || f.name || '_get' end),
               '["functions"]'::json,
               pg_catalog.to_json(lib_event.openapi_summary(f.comment)),
               pg_catalog.to_json(pg_catalog.concat_ws(E'\n\n',
                 lib_event.openapi_description(f.comment),
                 case when m.method = 'get' then 'GET takes the arguments as query parameters and runs read-only.' end,
                 'Needs an API key with access ' || pg_catalog.array_to_string(f.access, ' or ') || '.')),
               '[{"apiKey": []}]'::json,
               case when m.method = 'get' then
                 (select pg_catalog.json_agg(lib_event.json_object_ordered(
                           array['name', 'in', 'required', 'schema'],
                           array[pg_catalog.to_json(i.name), pg_catalog.to_json('query'::text),
                                 pg_catalog.to_json(not i.has_default), i.schema::json]) order by i.n)
                    from input_schema i where i.oid = f.oid)
               end,
               case when m.method = 'post' then
                 pg_catalog.json_build_object('required', b.required, 'content',
                   pg_catalog.json_build_object('application/json', pg_catalog.json_build_object('schema', b.schema)))
               end,
               (select pg_catalog.json_object_agg(x.k, x.v order by x.k)
                  from (
                    select case when r.item is null then '204' else '200' end as k,
                           lib_event.json_object_ordered(
                             array['description', 'content'],
                             array[
                               pg_catalog.to_json(case when r.item is null then 'Done; the function returns nothing.'
                                                       else 'The function''s result.' end),
                               case when r.item is not null then
                                 lib_event.json_object_ordered(
                                   array['application/json', 'text/csv'],
                                   array[
                                     pg_catalog.json_build_object('schema',
                                       case when f.proretset then pg_catalog.json_build_object('type', 'array', 'items', r.item) else r.item end),
                                     case when f.proretset and r.is_row then
                                       '{"schema": {"type": "string", "description": "The rows as CSV, a header line first (send Accept: text/csv)."}}'::json
                                     end
                                   ])
                               end
                             ]) as v
                    union all
                    select e.key, e.value
                      from pg_catalog.json_each(lib_event.openapi_error_responses(
                             case when f.provolatile = 'v' and m.method = 'post'
                               then array[400, 401, 403, 404, 409] else array[400, 401, 403, 404] end
                             || case when exists (select from pg_catalog.unnest(f.codes) c where c like '54%') then array[413] else '{}'::int[] end,
                             f.codes, f.access)) as e
                  ) x)
             ]) as operation
      from fn f
      join body b on b.oid = f.oid
      join result r on r.oid = f.oid
      cross join (values ('get'), ('post')) as m(method)
     where m.method = 'post' or f.provolatile <> 'v'
  ), function_path as (
    -- Overloads share a path; the first (by oid) documents it.
    select distinct on (o.name, o.method) o.name, o.method, o.operation
      from operation o
     order by o.name, o.method, o.oid
  ), relation as (
    select c.oid, c.relname::text as name,
           pg_catalog.obj_description(c.oid, 'pg_class') as comment,
           lib_event.openapi_relation_access(c.oid) as access
      from pg_catalog.pg_class c
     where c.relnamespace = 'lib_events'::regnamespace
       and c.relkind in ('r', 'v', 'm', 'f', 'p')
       and lib_event.openapi_relation_access(c.oid) is not null
  ), relation_path as (
    -- GET reads the rows; HEAD runs the same query for its headers alone
    -- (with Prefer: count=exact, a count without the rows).
    select r.name, m.method,
           lib_event.json_object_ordered(
             array['operationId', 'tags', 'summary', 'description', 'security', 'parameters', 'responses'],
             array[
               pg_catalog.to_json('read_' || r.name || case m.method when 'head' then '_head' else '' end),
               '["views"]'::json,
               pg_catalog.to_json(lib_event.openapi_summary(r.comment)),
               pg_catalog.to_json(pg_catalog.concat_ws(E'\n\n',
                 lib_event.openapi_description(r.comment),
                 case m.method
                   when 'get' then 'Rows come as a JSON array, or as CSV with Accept: text/csv. Filter with one query parameter per column; shape the result with select, order, limit and offset (or a Range header); ask for the total with Prefer: count=exact.'
                   else 'HEAD runs the same query as GET and answers with its headers only: with Prefer: count=exact, Content-Range carries the number of matching rows (*/1234 when there are none to return).'
                 end,
                 'Needs an API key with access ' || pg_catalog.array_to_string(r.access, ' or ') || '.')),
               '[{"apiKey": []}]'::json,
               (select pg_catalog.json_agg(x.p order by x.n)
                  from (
                    select a.attnum::int as n,
                           lib_event.openapi_filter_parameter(a.attname, a.atttypid, pg_catalog.col_description(a.attrelid, a.attnum)) as p
                      from pg_catalog.pg_attribute a
                     where a.attrelid = r.oid and a.attnum > 0 and not a.attisdropped
                       and exists (select from lib_event.api_roles() k
                                    where pg_catalog.has_column_privilege(k.role_name, r.oid, a.attnum, 'SELECT'))
                    union all
                    select 10000 + q.n, pg_catalog.json_build_object('$ref', '#/components/parameters/' || q.name)
                      from pg_catalog.unnest(array['select', 'order', 'limit', 'offset', 'or', 'and', 'Range', 'Range-Unit', 'Prefer'])
                           with ordinality as q(name, n)
                  ) x),
               (select pg_catalog.json_object_agg(x.k, x.v order by x.k)
                  from (
                    select s.k, lib_event.json_object_ordered(
                             array['description', 'headers', 'content'],
                             array[
                               pg_catalog.to_json(case m.method when 'head' then 'Headers only. ' || s.description else s.description end),
                               '{"Content-Range": {"$ref": "#/components/headers/Content-Range"}}'::json,
                               case when m.method = 'get' then pg_catalog.json_build_object(
                                 'application/json', pg_catalog.json_build_object('schema',
                                   pg_catalog.json_build_object('type', 'array', 'items',
                                     pg_catalog.json_build_object('$ref', '#/components/schemas/' || r.name))),
                                 'text/csv', '{"schema": {"type": "string", "description": "The rows as CSV, a header line first."}}'::json)
                               end
                             ]) as v
                      from (values ('200', 'The matching rows.'),
                                   ('206', 'Part of the matching rows: a range or limit cut the result short (the Content-Range header says which).')) as s(k, description)
                    union all
                    select e.key, e.value
                      from pg_catalog.json_each(lib_event.openapi_error_responses(array[400, 401, 403, 416], '{}', r.access)) as e
                  ) x)
             ]) as operation
      from relation r
      cross join (values ('get'), ('head')) as m(method)
  ), path as (
    select 0 as kind, '/' as path,
           '{"get": {"operationId": "openapi", "tags": ["document"], "summary": "This OpenAPI document", "description": "The OpenAPI 3.1 description of this API, built from the database catalog on each request. Public: it needs no API key.", "security": [], "responses": {"200": {"description": "The OpenAPI document.", "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "info", "paths"], "additionalProperties": {}}}}}}}}'::json as item
    union all
    select 1, '/rpc/' || fp.name,
           pg_catalog.json_object_agg(fp.method, fp.operation order by fp.method = 'post' desc)
      from function_path fp group by fp.name
    union all
    select 2, '/' || rp.name,
           pg_catalog.json_object_agg(rp.method, rp.operation order by rp.method = 'get' desc)
      from relation_path rp group by rp.name
  )
  -- Byte order, whatever the database's collation: the same document everywhere.
  select pg_catalog.json_object_agg(p.path, p.item order by p.kind, p.path collate "C") from path p;
$$;
comment on function lib_event.openapi_paths() is
  'The paths of the document: / (the document itself), POST /rpc/<name> for every function of lib_events an API role may execute (and GET unless it is volatile), and GET and HEAD /<view> for every view an API role may read.';

create function lib_event.openapi_components()
returns json
language sql
stable
as $$
  select pg_catalog.json_build_object(
    'securitySchemes', pg_catalog.json_build_object('apiKey', pg_catalog.json_build_object(
      'type', 'apiKey',
      'in', 'header',
      'name', 'X-Api-Key',
      'description', 'An API key issued by an operator (npm run key:create). Its access (producer, reader or producer_reader) decides which operations it may call. The document at / needs none.')),
    'schemas', (
      select lib_event.json_object_ordered(
        array['PostgrestError'] || coalesce(pg_catalog.array_agg(c.relname::text order by c.relname), '{}'),
        array[
          '{"type": "object", "description": "The body of every error response: PostgreSQL''s error fields, as PostgREST sends them.", "required": ["code", "message", "details", "hint"], "properties": {"code": {"type": "string", "description": "The error code: LE0xx for lib_event''s input checks, PT401 or PT403 for API keys, a PostgreSQL SQLSTATE (22P02, 23505, 54000...) or PGRSTxxx for PostgREST''s own errors."}, "message": {"type": "string", "description": "What went wrong, naming the offending value."}, "details": {"type": ["string", "null"], "description": "More about the error, if any."}, "hint": {"type": ["string", "null"], "description": "What is allowed instead, if known."}}}'::json
        ] || coalesce(pg_catalog.array_agg(lib_event.openapi_row_schema(c.oid) order by c.relname), '{}'))
        from pg_catalog.pg_class c
       where c.relnamespace = 'lib_events'::regnamespace
         and lib_event.openapi_is_component(c.oid)),
    'parameters', $json${
      "select": {"name": "select", "in": "query", "required": false, "description": "The columns to return, comma-separated (default *): `select=event__id,event_type`. Rename with `alias:column`, cast with `column::text`, reach into JSON with `headers->>actor`.", "schema": {"type": "string"}},
      "order": {"name": "order", "in": "query", "required": false, "description": "Sort by columns, comma-separated, each optionally followed by .asc or .desc and .nullsfirst or .nullslast: `order=created_at.desc,event__id.desc`.", "schema": {"type": "string"}},
      "limit": {"name": "limit", "in": "query", "required": false, "description": "Return at most this many rows.", "schema": {"type": "integer", "minimum": 0}},
      "offset": {"name": "offset", "in": "query", "required": false, "description": "Skip this many rows first (use with order).", "schema": {"type": "integer", "minimum": 0}},
      "or": {"name": "or", "in": "query", "required": false, "description": "Conditions of which at least one must hold, as column.operator.value, comma-separated in parentheses: `or=(event_type.eq.iam.user.created,consumer.eq.billing)`. Nest and(...) / or(...) inside; prefix not. to negate.", "schema": {"type": "string"}},
      "and": {"name": "and", "in": "query", "required": false, "description": "Conditions that must all hold, in the same form as or: `and=(created_at.gte.2026-01-01,created_at.lt.2026-02-01)`.", "schema": {"type": "string"}},
      "Range": {"name": "Range", "in": "header", "required": false, "description": "Rows to return, zero-based and inclusive: `Range: 0-24` is the first 25 (send Range-Unit: items). Same effect as limit and offset.", "schema": {"type": "string", "pattern": "^[0-9]+-[0-9]*$"}},
      "Range-Unit": {"name": "Range-Unit", "in": "header", "required": false, "description": "The unit of the Range header: items.", "schema": {"type": "string", "enum": ["items"]}},
      "Prefer": {"name": "Prefer", "in": "header", "required": false, "description": "`count=exact` puts the total number of matching rows in the Content-Range header (`0-24/3573`); `count=planned` and `count=estimated` give the planner's cheaper estimate.", "schema": {"type": "string", "examples": ["count=exact", "count=planned", "count=estimated"]}}
    }$json$::json,
    'headers', '{"Content-Range": {"description": "The rows returned and the total if counted: 0-24/3573, or 0-24/* without Prefer: count.", "schema": {"type": "string"}}}'::json,
    'responses', (
      select pg_catalog.json_object_agg(r.name, pg_catalog.json_build_object(
               'description', r.description,
               'content', '{"application/json": {"schema": {"$ref": "#/components/schemas/PostgrestError"}}}'::json)
             order by r.n)
        from (values
          (1, 'BadRequest', 'Bad input: LE0xx (a value lib_event refuses; the message names it and the hint says what is allowed), 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request).'),
          (2, 'Unauthorized', 'No API key, or an unknown or revoked one (PT401).'),
          (3, 'Forbidden', 'The API key''s access does not allow this operation (PT403).'),
          (4, 'NotFound', 'No such function or view, or no function of this name takes these arguments (PGRST202, PGRST205).'),
          (5, 'Conflict', 'The request conflicts with recorded data (23505, 23503).'),
          (6, 'PayloadTooLarge', 'A value is over a size bound (54000).'),
          (7, 'RangeNotSatisfiable', 'The requested range starts past the last row (PGRST103).')
        ) as r(n, name, description))
  );
$$;
comment on function lib_event.openapi_components() is
  'The components of the document: the X-Api-Key security scheme, the row schemas of lib_events (composite types and readable views), PostgREST''s error body, and the shared query parameters, headers and error responses.';

create function lib_event.openapi_document()
returns json
language plpgsql
stable
as $$
declare
  paths json := lib_event.openapi_paths();
  components json := lib_event.openapi_components();
  api_comment text := pg_catalog.obj_description('lib_events'::regnamespace, 'pg_namespace');
begin
  return lib_event.json_object_ordered(
    array['openapi', 'info', 'tags', 'security', 'paths', 'components'],
    array[
      pg_catalog.to_json('3.1.0'::text),
      lib_event.json_object_ordered(
        array['title', 'summary', 'description', 'version'],
        array[
          pg_catalog.to_json('lib_event'::text),
          pg_catalog.to_json(lib_event.openapi_summary(api_comment)),
          pg_catalog.to_json(pg_catalog.concat_ws(E'\n\n',
            lib_event.openapi_description(api_comment),
            'An append-only audit event log. Every operation needs an API key in the X-Api-Key header; this document, at /, is public.',
            'Errors come as {code, message, details, hint}: LE0xx codes are input lib_event refuses (400), PT401 a missing or unknown key, PT403 a key without the access the operation needs.')),
          -- Changes whenever the API does.
          pg_catalog.to_json(pg_catalog.left(pg_catalog.encode(
            pg_catalog.sha256(pg_catalog.convert_to(paths::text || components::text, 'UTF8')), 'hex'), 12))
        ]),
      '[{"name": "functions", "description": "Functions of lib_events, called at /rpc/<name>."}, {"name": "views", "description": "Views of lib_events, read at /<view> with PostgREST query parameters."}, {"name": "document", "description": "This document."}]'::json,
      '[{"apiKey": []}]'::json,
      paths,
      components
    ]);
end
$$;
comment on function lib_event.openapi_document() is
  'The OpenAPI 3.1 document of the lib_events API, built from the catalog; lib_events.openapi serves it.';

create function lib_events.openapi()
returns json
language sql
stable
security definer
set search_path = ''
as $$
  select lib_event.openapi_document();
$$;
comment on function lib_events.openapi() is
  'The OpenAPI 3.1 document of this API.

PostgREST serves it at / (db-root-spec = "lib_events.openapi"), to anyone: the
document is public. It is built from the catalog of lib_events on each call:
every function an API key may execute (POST /rpc/<name>, and GET unless it is
volatile), every view it may read (GET /<view> with PostgREST''s filters), with
COMMENT ON texts as summaries and descriptions.';

grant execute on function lib_events.openapi() to lib_event_anon;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
