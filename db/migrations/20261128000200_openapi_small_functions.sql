-- migrate:up
set role lib_event_owner;

-- The OpenAPI builder, one job per function: openapi_paths only assembles
-- what the functions below describe. New here: a function whose one
-- parameter is an unnamed json or jsonb, which PostgREST (v16.2: findProc in
-- src/library/PostgREST/Plan.hs) calls with the whole request body, as
-- create_many now is; and statuses read from PTxxx codes, as size bounds now
-- raise PT413 (class 54 is a 500 in PostgREST).

create function lib_event.openapi_takes_whole_body(function_oid oid)
returns boolean
language sql
stable
as $$
  select p.pronargs = 1
     and coalesce(p.proargnames[1], '') = ''
     and p.proargtypes[0] in ('json'::regtype, 'jsonb'::regtype)
    from pg_catalog.pg_proc p
   where p.oid = function_oid;
$$;
comment on function lib_event.openapi_takes_whole_body(oid) is
  'Whether a function has one unnamed json or jsonb parameter, which PostgREST fills with the whole POST body.';

create function lib_event.openapi_inputs(function_oid oid)
returns table (n bigint, name text, type oid, has_default boolean, schema jsonb)
language sql
stable
as $$
  -- The input arguments in order, each with its JSON schema: nullable when
  -- it defaults to null, with its default when that is a literal.
  with arg as (
    select a.n, a.name, a.type, coalesce(a.mode, 'i') as mode,
           pg_catalog.row_number() over (partition by coalesce(a.mode, 'i') in ('i', 'b', 'v') order by a.n) as input_n,
           p.pronargs, p.pronargdefaults
      from pg_catalog.pg_proc p,
           unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargnames, p.proargmodes)
             with ordinality as a(type, name, mode, n)
     where p.oid = function_oid
  ), input as (
    select a.n, a.name, a.type,
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
    from input i;
$$;
comment on function lib_event.openapi_inputs(oid) is
  'The input arguments of a function in order, with their JSON schemas, and whether each has a default.';

create function lib_event.openapi_arguments_schema(function_oid oid)
returns json
language sql
stable
as $$
  select lib_event.json_object_ordered(
    array['type', 'required', 'properties', 'additionalProperties'],
    array[
      pg_catalog.to_json('object'::text),
      (select pg_catalog.json_agg(i.name order by i.n) from lib_event.openapi_inputs(function_oid) i where not i.has_default),
      coalesce((select pg_catalog.json_object_agg(i.name, i.schema order by i.n) from lib_event.openapi_inputs(function_oid) i), '{}'::json),
      pg_catalog.to_json(false)
    ]);
$$;
comment on function lib_event.openapi_arguments_schema(oid) is
  'The JSON object that calls a function by argument names: its properties are the arguments, the required ones those without a default.';

create function lib_event.openapi_whole_body_schema(function_oid oid)
returns json
language sql
stable
as $$
  -- <verb>_many takes what <verb> takes, many times: a plain array of
  -- <verb>'s argument objects, or {"events": [...]} (PostgREST passes a
  -- plain array only when all its objects have the same keys). Any other
  -- whole-body function takes any JSON value.
  select coalesce(
    (select pg_catalog.json_build_object('anyOf', pg_catalog.json_build_array(
              pg_catalog.json_build_object('type', 'array', 'items', lib_event.openapi_arguments_schema(single.oid),
                'description', 'The events, each with the same fields (PostgREST refuses an array whose objects have different keys).'),
              lib_event.json_object_ordered(
                array['type', 'required', 'properties', 'additionalProperties'],
                array[pg_catalog.to_json('object'::text), '["events"]'::json,
                      pg_catalog.json_build_object('events', pg_catalog.json_build_object(
                        'type', 'array', 'items', lib_event.openapi_arguments_schema(single.oid),
                        'description', 'The events, each with the fields it needs.')),
                      pg_catalog.to_json(false)])))
       from pg_catalog.pg_proc many
       join pg_catalog.pg_proc single
         on single.pronamespace = many.pronamespace
        and single.proname = pg_catalog.regexp_replace(many.proname, '_many$', '')
      where many.oid = function_oid
        and many.proname ~ '_many$'
      order by single.oid
      limit 1),
    '{"description": "Any JSON value: the function receives the whole body."}'::json);
$$;
comment on function lib_event.openapi_whole_body_schema(oid) is
  'The JSON schema of the body a whole-body function receives: for <verb>_many, an array of <verb>''s arguments or {"events": [...]}.';

create function lib_event.openapi_request_body(function_oid oid)
returns json
language sql
stable
as $$
  select pg_catalog.json_build_object(
    'required', lib_event.openapi_takes_whole_body(function_oid)
                or exists (select from lib_event.openapi_inputs(function_oid) i where not i.has_default),
    'content', pg_catalog.json_build_object('application/json', pg_catalog.json_build_object('schema',
      case when lib_event.openapi_takes_whole_body(function_oid)
           then lib_event.openapi_whole_body_schema(function_oid)
           else lib_event.openapi_arguments_schema(function_oid) end)));
$$;
comment on function lib_event.openapi_request_body(oid) is
  'The request body of POST /rpc/<name>: the arguments by name, or the whole body a whole-body function takes.';

create function lib_event.openapi_query_parameters(function_oid oid)
returns json
language sql
stable
as $$
  select pg_catalog.json_agg(lib_event.json_object_ordered(
           array['name', 'in', 'required', 'schema'],
           array[pg_catalog.to_json(i.name), pg_catalog.to_json('query'::text),
                 pg_catalog.to_json(not i.has_default), i.schema::json]) order by i.n)
    from lib_event.openapi_inputs(function_oid) i;
$$;
comment on function lib_event.openapi_query_parameters(oid) is
  'The query parameters of GET /rpc/<name>: one per argument, required when it has no default.';

create function lib_event.openapi_result_schema(function_oid oid)
returns json
language sql
stable
as $$
  -- One result: its OUT columns, or its return type; null for void.
  with out_arg as (
    select a.n, a.name, a.type
      from pg_catalog.pg_proc p,
           unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargnames, p.proargmodes)
             with ordinality as a(type, name, mode, n)
     where p.oid = function_oid and a.mode in ('o', 'b', 't')
  )
  select case
    when exists (select from out_arg) then
      lib_event.json_object_ordered(
        array['type', 'required', 'properties'],
        array[
          pg_catalog.to_json('object'::text),
          (select pg_catalog.json_agg(o.name order by o.n) from out_arg o),
          (select pg_catalog.json_object_agg(o.name, lib_event.openapi_nullable(lib_event.openapi_type_schema(o.type)) order by o.n)
             from out_arg o)
        ])
    when p.prorettype = 'void'::regtype then null
    else lib_event.openapi_type_schema(p.prorettype)::json
  end
    from pg_catalog.pg_proc p
   where p.oid = function_oid;
$$;
comment on function lib_event.openapi_result_schema(oid) is
  'The JSON schema of one result of a function: its OUT columns as an object, or its return type; null when it returns void.';

create function lib_event.openapi_success_response(function_oid oid)
returns json
language sql
stable
as $$
  -- 200 with the result (an array for a set; CSV too for a set of rows),
  -- or 204 for a function that returns nothing.
  select pg_catalog.json_build_object(
           case when r.item is null then '204' else '200' end,
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
                       case when p.proretset then pg_catalog.json_build_object('type', 'array', 'items', r.item) else r.item end),
                     case when p.proretset and (t.typtype = 'c' or p.prorettype = 'record'::regtype) then
                       '{"schema": {"type": "string", "description": "The rows as CSV, a header line first (send Accept: text/csv)."}}'::json
                     end
                   ])
               end
             ]))
    from pg_catalog.pg_proc p
    join pg_catalog.pg_type t on t.oid = p.prorettype
   cross join lateral (select lib_event.openapi_result_schema(p.oid) as item) r
   where p.oid = function_oid;
$$;
comment on function lib_event.openapi_success_response(oid) is
  'The success response of a function''s path: 200 with its result (JSON, and CSV for a set of rows), or 204 when it returns void.';

create or replace function lib_event.openapi_error_responses(statuses int[], function_codes text[], access text[])
returns json
language sql
stable
as $$
  -- One entry per status, each a reference to the shared response with a
  -- description naming what this operation can raise. A PTxxx code the
  -- operation raises adds status xxx (PostgREST: "PT" and a status).
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
              when 413 then 'A value is over a size bound (PT413); the message names the bound.'
              when 416 then 'The requested range starts past the last row (PGRST103).'
           end)
         order by s.status)
    from (select distinct x.status
            from pg_catalog.unnest(statuses || array(
                   select substring(c from 3)::int from pg_catalog.unnest(function_codes) c
                    where c ~ '^PT(400|401|403|404|409|413|416)$')) as x(status)) s;
$$;

create function lib_event.openapi_function_operation(function_oid oid, method text)
returns json
language sql
stable
as $$
  -- POST runs the function; GET (offered unless it is volatile) takes the
  -- arguments as query parameters, read-only.
  select lib_event.json_object_ordered(
    array['operationId', 'tags', 'summary', 'description', 'security', 'parameters', 'requestBody', 'responses'],
    array[
      pg_catalog.to_json('call_' || p.proname || case method when 'get' then '_get' else '' end),
      '["functions"]'::json,
      pg_catalog.to_json(lib_event.openapi_summary(d.comment)),
      pg_catalog.to_json(pg_catalog.concat_ws(E'\n\n',
        lib_event.openapi_description(d.comment),
        case when method = 'get' then 'GET takes the arguments as query parameters and runs read-only.' end,
        'Needs an API key with access ' || pg_catalog.array_to_string(d.access, ' or ') || '.')),
      '[{"apiKey": []}]'::json,
      case when method = 'get' then lib_event.openapi_query_parameters(function_oid) end,
      case when method = 'post' then lib_event.openapi_request_body(function_oid) end,
      (select pg_catalog.json_object_agg(x.key, x.value order by x.key)
         from (select * from pg_catalog.json_each(lib_event.openapi_success_response(function_oid))
               union all
               select * from pg_catalog.json_each(lib_event.openapi_error_responses(
                 case when p.provolatile = 'v' and method = 'post'
                      then array[400, 401, 403, 404, 409] else array[400, 401, 403, 404] end,
                 d.codes, d.access))) x)
    ])
    from pg_catalog.pg_proc p
   cross join lateral (select pg_catalog.obj_description(p.oid, 'pg_proc') as comment,
                              lib_event.openapi_function_access(p.oid) as access,
                              coalesce(lib_event.openapi_error_codes(p.oid), '{}') as codes) d
   where p.oid = function_oid;
$$;
comment on function lib_event.openapi_function_operation(oid, text) is
  'One operation (post or get) of /rpc/<name>: summary and description from the function''s comment, its arguments, result and errors.';

create function lib_event.openapi_is_callable(function_oid oid)
returns boolean
language sql
stable
as $$
  -- What PostgREST can call and the document can describe: an API role may
  -- execute it, every input has a name (PostgREST passes arguments by name)
  -- unless the one input takes the whole body, and it returns a type that
  -- is not a pseudo-type (void and record aside).
  select lib_event.openapi_function_access(p.oid) is not null
     and (lib_event.openapi_takes_whole_body(p.oid)
          or not exists (
            select from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargnames, p.proargmodes) as a(type, name, mode)
             where coalesce(a.mode, 'i') in ('i', 'b', 'v') and coalesce(a.name, '') = ''))
     and (p.prorettype in ('void'::regtype, 'record'::regtype)
          or (select t.typtype <> 'p' from pg_catalog.pg_type t where t.oid = p.prorettype))
    from pg_catalog.pg_proc p
   where p.oid = function_oid and p.prokind = 'f';
$$;
comment on function lib_event.openapi_is_callable(oid) is
  'Whether a function of lib_events belongs in the document: an API role may call it over PostgREST and its shape can be described.';

create function lib_event.openapi_relation_operation(relation oid, method text)
returns json
language sql
stable
as $$
  -- GET reads the rows; HEAD runs the same query for its headers alone
  -- (with Prefer: count=exact, a count without the rows).
  select lib_event.json_object_ordered(
    array['operationId', 'tags', 'summary', 'description', 'security', 'parameters', 'responses'],
    array[
      pg_catalog.to_json('read_' || c.relname || case method when 'head' then '_head' else '' end),
      '["views"]'::json,
      pg_catalog.to_json(lib_event.openapi_summary(d.comment)),
      pg_catalog.to_json(pg_catalog.concat_ws(E'\n\n',
        lib_event.openapi_description(d.comment),
        case method
          when 'get' then 'Rows come as a JSON array, or as CSV with Accept: text/csv. Filter with one query parameter per column; shape the result with select, order, limit and offset (or a Range header); ask for the total with Prefer: count=exact.'
          else 'HEAD runs the same query as GET and answers with its headers only: with Prefer: count=exact, Content-Range carries the number of matching rows (*/1234 when there are none to return).'
        end,
        'Needs an API key with access ' || pg_catalog.array_to_string(d.access, ' or ') || '.')),
      '[{"apiKey": []}]'::json,
      (select pg_catalog.json_agg(x.p order by x.n)
         from (
           select a.attnum::int as n,
                  lib_event.openapi_filter_parameter(a.attname, a.atttypid, pg_catalog.col_description(a.attrelid, a.attnum)) as p
             from pg_catalog.pg_attribute a
            where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
              and exists (select from lib_event.api_roles() k
                           where pg_catalog.has_column_privilege(k.role_name, c.oid, a.attnum, 'SELECT'))
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
                      pg_catalog.to_json(case method when 'head' then 'Headers only. ' || s.description else s.description end),
                      '{"Content-Range": {"$ref": "#/components/headers/Content-Range"}}'::json,
                      case when method = 'get' then pg_catalog.json_build_object(
                        'application/json', pg_catalog.json_build_object('schema',
                          pg_catalog.json_build_object('type', 'array', 'items',
                            pg_catalog.json_build_object('$ref', '#/components/schemas/' || c.relname))),
                        'text/csv', '{"schema": {"type": "string", "description": "The rows as CSV, a header line first."}}'::json)
                      end
                    ]) as v
             from (values ('200', 'The matching rows.'),
                          ('206', 'Part of the matching rows: a range or limit cut the result short (the Content-Range header says which).')) as s(k, description)
           union all
           select e.key, e.value
             from pg_catalog.json_each(lib_event.openapi_error_responses(array[400, 401, 403, 416], '{}', d.access)) as e
         ) x)
    ])
    from pg_catalog.pg_class c
   cross join lateral (select pg_catalog.obj_description(c.oid, 'pg_class') as comment,
                              lib_event.openapi_relation_access(c.oid) as access) d
   where c.oid = relation;
$$;
comment on function lib_event.openapi_relation_operation(oid, text) is
  'One operation (get or head) of /<view>: summary and description from the view''s comment, a filter per column, the rows and errors.';

create or replace function lib_event.openapi_paths()
returns json
language sql
stable
as $$
  with function_path as (
    -- Overloads share a path; the first (by oid) documents it.
    select distinct on (p.proname, m.method) p.proname::text as name, m.method,
           lib_event.openapi_function_operation(p.oid, m.method) as operation
      from pg_catalog.pg_proc p
     cross join (values ('get'), ('post')) as m(method)
     where p.pronamespace = 'lib_events'::regnamespace
       and p.oid is distinct from pg_catalog.to_regprocedure('lib_events.openapi()')
       and lib_event.openapi_is_callable(p.oid)
       and (m.method = 'post' or p.provolatile <> 'v')
       -- PostgREST passes the whole body on POST only.
       and not (m.method = 'get' and lib_event.openapi_takes_whole_body(p.oid))
     order by p.proname, m.method, p.oid
  ), relation_path as (
    select c.relname::text as name, m.method, lib_event.openapi_relation_operation(c.oid, m.method) as operation
      from pg_catalog.pg_class c
     cross join (values ('get'), ('head')) as m(method)
     where c.relnamespace = 'lib_events'::regnamespace
       and c.relkind in ('r', 'v', 'm', 'f', 'p')
       and lib_event.openapi_relation_access(c.oid) is not null
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
  'The paths of the document: / (the document itself), POST /rpc/<name> for every function of lib_events an API role may execute (and GET unless it is volatile or takes the whole body), and GET and HEAD /<view> for every view an API role may read.';

-- Size bounds are PT413 now.
create or replace function lib_event.openapi_components()
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
          '{"type": "object", "description": "The body of every error response: PostgreSQL''s error fields, as PostgREST sends them.", "required": ["code", "message", "details", "hint"], "properties": {"code": {"type": "string", "description": "The error code: LE0xx for lib_event''s input checks, PT401 or PT403 for API keys, PT413 for a size bound, a PostgreSQL SQLSTATE (22P02, 23505...) or PGRSTxxx for PostgREST''s own errors."}, "message": {"type": "string", "description": "What went wrong, naming the offending value."}, "details": {"type": ["string", "null"], "description": "More about the error, if any."}, "hint": {"type": ["string", "null"], "description": "What is allowed instead, if known."}}}'::json
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
          (6, 'PayloadTooLarge', 'A value is over a size bound (PT413): the message names the bound.'),
          (7, 'RangeNotSatisfiable', 'The requested range starts past the last row (PGRST103).')
        ) as r(n, name, description))
  );
$$;
comment on function lib_event.openapi_components() is
  'The components of the document: the X-Api-Key security scheme, the row schemas of lib_events (composite types and readable views), PostgREST''s error body, and the shared query parameters, headers and error responses.';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
