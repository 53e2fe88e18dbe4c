-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_components()
 RETURNS json
 LANGUAGE sql
 STABLE
AS $function$
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
