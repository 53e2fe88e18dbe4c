-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_arguments_schema(function_oid oid)
 RETURNS json
 LANGUAGE sql
 STABLE
AS $function$
  select lib_event.json_object_ordered(
    array['type', 'required', 'properties', 'additionalProperties'],
    array[
      pg_catalog.to_json('object'::text),
      (select pg_catalog.json_agg(i.name order by i.n) from lib_event.openapi_inputs(function_oid) i where not i.has_default),
      coalesce((select pg_catalog.json_object_agg(i.name, i.schema order by i.n) from lib_event.openapi_inputs(function_oid) i), '{}'::json),
      pg_catalog.to_json(false)
    ]);
$function$;

comment on function lib_event.openapi_arguments_schema(oid) is 'The JSON object that calls a function by argument names: its properties are the arguments, the required ones those without a default.';
