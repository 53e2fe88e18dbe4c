-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_takes_whole_body(function_oid oid)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  select p.pronargs = 1
     and coalesce(p.proargnames[1], '') = ''
     and p.proargtypes[0] in ('json'::regtype, 'jsonb'::regtype)
    from pg_catalog.pg_proc p
   where p.oid = function_oid;
$function$;

comment on function lib_event.openapi_takes_whole_body(oid) is 'Whether a function has one unnamed json or jsonb parameter, which PostgREST fills with the whole POST body.';
