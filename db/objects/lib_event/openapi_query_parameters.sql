-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_query_parameters(function_oid oid)
 RETURNS json
 LANGUAGE sql
 STABLE
AS $function$
  select pg_catalog.json_agg(lib_event.json_object_ordered(
           array['name', 'in', 'description', 'required', 'deprecated', 'schema'],
           array[pg_catalog.to_json(i.name), pg_catalog.to_json('query'::text),
                 (i.schema -> 'description')::json, pg_catalog.to_json(not i.has_default),
                 (i.schema -> 'deprecated')::json, i.schema::json]) order by i.n)
    from lib_event.openapi_inputs(function_oid) i;
$function$;

comment on function lib_event.openapi_query_parameters(oid) is 'The query parameters of GET /rpc/<name>: one per argument, required when it has no default, deprecated under an older name.';
