-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_function_access(function_oid oid)
 RETURNS text[]
 LANGUAGE sql
 STABLE
AS $function$
  select pg_catalog.array_agg(r.access order by r.access collate "C")
    from lib_event.api_roles() r
   where pg_catalog.has_function_privilege(r.role_name, function_oid, 'EXECUTE');
$function$;

comment on function lib_event.openapi_function_access(oid) is 'The API key access values whose role may execute a function; null when none may.';
