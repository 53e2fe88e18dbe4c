-- migrate:up

-- The API document says what GET /rpc/health and GET /rpc/metrics are: no
-- key needed, metrics answered as text/plain, health's 503.

set role lib_event_owner;

CREATE OR REPLACE FUNCTION lib_event.openapi_function_operation(function_oid oid, method text)
 RETURNS json
 LANGUAGE sql
 STABLE
AS $function$
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
        case when d.public then 'No API key needed.'
             else 'Needs an API key with access ' || pg_catalog.array_to_string(d.access, ' or ') || '.' end)),
      case when d.public then '[]'::json else '[{"apiKey": []}]'::json end,
      case when method = 'get' then lib_event.openapi_query_parameters(function_oid) end,
      case when method = 'post' then lib_event.openapi_request_body(function_oid) end,
      (select pg_catalog.json_object_agg(x.key, x.value order by x.key)
         from (select * from pg_catalog.json_each(lib_event.openapi_success_response(function_oid))
               union all
               select * from pg_catalog.json_each(lib_event.openapi_error_responses(
                 case when d.public then array[400, 404]
                      when p.provolatile = 'v' and method = 'post' then array[400, 401, 403, 404, 409]
                      else array[400, 401, 403, 404] end,
                 d.codes, d.access))
               union all
               -- A function that sets its own status (lib_events.health: 503 when unhealthy).
               select '503', '{"description": "The function answered with status 503: the body says why."}'::json
                where p.prosrc like '%''response.status'', ''503''%') x)
    ])
    from pg_catalog.pg_proc p
   cross join lateral (select pg_catalog.obj_description(p.oid, 'pg_proc') as comment,
                              lib_event.openapi_function_access(p.oid) as access,
                              -- Callable without a key: lib_event.check_request lets it through as lib_event_anon.
                              pg_catalog.has_function_privilege('lib_event_anon', p.oid, 'EXECUTE') as public,
                              coalesce(lib_event.openapi_error_codes(p.oid), '{}') as codes) d
   where p.oid = function_oid;
$function$;;

CREATE OR REPLACE FUNCTION lib_event.openapi_success_response(function_oid oid)
 RETURNS json
 LANGUAGE sql
 STABLE
AS $function$
  -- 200 with the result (an array for a set; CSV too for a set of rows),
  -- or 204 for a function that returns nothing.
  select pg_catalog.json_build_object(
           case when r.item is null then '204' else '200' end,
           lib_event.json_object_ordered(
             array['description', 'content'],
             array[
               pg_catalog.to_json(case when r.item is null then 'Done; the function returns nothing.'
                                       else 'The function''s result.' end),
               case when t.typtype = 'd' and pg_catalog.strpos(t.typname, '/') > 0 then
                 -- A media-type handler (a domain named for its media type): text in that type.
                 pg_catalog.json_build_object(t.typname, '{"schema": {"type": "string"}}'::json)
               when r.item is not null then
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
$function$;;

comment on function lib_event.openapi_success_response(oid) is 'The success response of a function''s path: 200 with its result (JSON, and CSV for a set of rows; text in its media type for a media-type handler), or 204 when it returns void.';

reset role;

-- migrate:down
