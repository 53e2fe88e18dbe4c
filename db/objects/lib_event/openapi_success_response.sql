-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

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
$function$;

comment on function lib_event.openapi_success_response(oid) is 'The success response of a function''s path: 200 with its result (JSON, and CSV for a set of rows; text in its media type for a media-type handler), or 204 when it returns void.';
