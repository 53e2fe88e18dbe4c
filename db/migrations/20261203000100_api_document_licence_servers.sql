-- migrate:up

-- What Redocly's recommended rules ask of the API document, and what an
-- OpenAPI client needs: the licence (Apache-2.0, as LICENSE and
-- package.json say), the server the paths are relative to, a 4xx answer
-- for GET / (406: an Accept header it cannot satisfy), and the members of
-- the root document that its schema requires.

set role lib_event_owner;

create function lib_event.openapi_servers()
returns json
language plpgsql
stable
as $$
declare
  -- PostgREST's openapi-server-proxy-uri feeds only PostgREST's own document;
  -- a db-root-spec function sees the request.* settings and app.settings.*
  -- (src/library/PostgREST/Query/PreQuery.hs, txVarQuery), so the public
  -- address comes in as an app setting of the same name.
  configured text := nullif(pg_catalog.current_setting('app.settings.openapi_server_proxy_uri', true), '');
begin
  if configured is null then
    -- Relative to the document's own address (OpenAPI 3.1, Server Object):
    -- the document is served at the API's root, so "/" is the host and port
    -- the client reached, and the document is the same on every request.
    return '[{"url": "/", "description": "The API root, where this document is served."}]';
  end if;
  if configured !~ '^(https?://[^/?#[:space:]]+(/[^?#[:space:]]*)?|/[^?#[:space:]]*)$' then
    raise exception using
      errcode = 'PT500',
      message = pg_catalog.format('app.settings.openapi_server_proxy_uri is %s: neither an http:// or https:// URL nor a path starting with /',
        pg_catalog.left(configured, 200)),
      hint = 'Set it to the API''s public address, without query or fragment: app.settings.openapi_server_proxy_uri = "https://audit.example.com/api" in db/postgrest.conf, or PGRST_APP_SETTINGS_OPENAPI_SERVER_PROXY_URI; leave it unset for "/".';
  end if;
  return pg_catalog.json_build_array(pg_catalog.json_build_object(
    -- Without its trailing slash: the paths begin with one.
    'url', coalesce(nullif(pg_catalog.rtrim(configured, '/'), ''), '/'),
    'description', 'The API''s public address (app.settings.openapi_server_proxy_uri).'));
end
$$;
comment on function lib_event.openapi_servers() is
  'The servers of the API document: app.settings.openapi_server_proxy_uri when PostgREST''s configuration sets it (the public address behind a proxy), else "/", the root the document is served from.

A value that is neither an http(s) URL nor a path raises PT500 (HTTP 500) naming it.';

create or replace function lib_event.openapi_document()
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
    array['openapi', 'info', 'servers', 'tags', 'security', 'paths', 'components'],
    array[
      pg_catalog.to_json('3.1.0'::text),
      lib_event.json_object_ordered(
        array['title', 'summary', 'description', 'license', 'version'],
        array[
          pg_catalog.to_json('lib_event'::text),
          pg_catalog.to_json(lib_event.openapi_summary(api_comment)),
          pg_catalog.to_json(pg_catalog.concat_ws(E'\n\n',
            lib_event.openapi_description(api_comment),
            'An append-only audit event log. Every operation needs an API key in the X-Api-Key header; this document, at /, is public.',
            'Errors come as {code, message, details, hint}: LE0xx codes are input lib_event refuses (400), PT401 a missing or unknown key, PT403 a key without the access the operation needs.')),
          -- The repository's licence (LICENSE, package.json), by its SPDX identifier.
          '{"name": "Apache License 2.0", "identifier": "Apache-2.0"}'::json,
          -- Changes whenever the API does.
          pg_catalog.to_json(pg_catalog.left(pg_catalog.encode(
            pg_catalog.sha256(pg_catalog.convert_to(paths::text || components::text, 'UTF8')), 'hex'), 12))
        ]),
      lib_event.openapi_servers(),
      '[{"name": "functions", "description": "Functions of lib_events, called at /rpc/<name>."}, {"name": "views", "description": "Views of lib_events, read at /<view> with PostgREST query parameters."}, {"name": "document", "description": "This document."}]'::json,
      '[{"apiKey": []}]'::json,
      paths,
      components
    ]);
end
$$;
comment on function lib_event.openapi_document() is 'The OpenAPI 3.1 document of the lib_events API, built from the catalog; lib_events.openapi serves it.';

-- GET / documents its 406, and the members its schema requires.
create or replace function lib_event.openapi_paths()
returns json
language sql
stable
as $function$
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
           '{"get": {"operationId": "openapi", "tags": ["document"], "summary": "This OpenAPI document", "description": "The OpenAPI 3.1 description of this API, built from the database catalog on each request. Public: it needs no API key.", "security": [], "responses": {"200": {"description": "The OpenAPI document.", "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "info", "paths"], "properties": {"openapi": {"type": "string", "description": "The OpenAPI version of the document: 3.1.0."}, "info": {"type": "object", "description": "The API''s title, description, licence and version.", "additionalProperties": {}}, "paths": {"type": "object", "description": "The operations, by path.", "additionalProperties": {}}}, "additionalProperties": {}}}}}, "406": {"$ref": "#/components/responses/NotAcceptable"}}}}'::json as item
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
$function$;

comment on function lib_event.openapi_paths() is 'The paths of the document: / (the document itself), POST /rpc/<name> for every function of lib_events an API role may execute (and GET unless it is volatile or takes the whole body), and GET and HEAD /<view> for every view an API role may read.';

-- NotAcceptable: the 406 PostgREST gives when content negotiation fails
-- (src/library/PostgREST/Plan/Negotiate.hs; PGRST107 in Error.hs).
create or replace function lib_event.openapi_components()
returns json
language sql
stable
as $function$
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
          (7, 'RangeNotSatisfiable', 'The requested range starts past the last row (PGRST103).'),
          (8, 'NotAcceptable', 'None of the media types the Accept header lists is one this operation answers with (PGRST107).')
        ) as r(n, name, description))
  );
$function$;

comment on function lib_event.openapi_components() is 'The components of the document: the X-Api-Key security scheme, the row schemas of lib_events (composite types and readable views), PostgREST''s error body, and the shared query parameters, headers and error responses.';

reset role;

-- migrate:down
