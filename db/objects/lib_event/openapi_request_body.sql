-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_request_body(function_oid oid)
 RETURNS json
 LANGUAGE sql
 STABLE
AS $function$
  select pg_catalog.json_build_object(
    'required', lib_event.openapi_takes_whole_body(function_oid)
                or exists (select from lib_event.openapi_inputs(function_oid) i where not i.has_default),
    'content', pg_catalog.json_build_object('application/json', pg_catalog.json_build_object('schema',
      case when lib_event.openapi_takes_whole_body(function_oid)
           then lib_event.openapi_whole_body_schema(function_oid)
           else lib_event.openapi_arguments_schema(function_oid) end)));
$function$;

comment on function lib_event.openapi_request_body(oid) is 'The request body of POST /rpc/<name>: the arguments by name, or the whole body a whole-body function takes.';
