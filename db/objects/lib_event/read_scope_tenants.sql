-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.read_scope_tenants()
 RETURNS text[]
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select k.scope_tenants::text[] from lib_event.request_key() k where k.access <> 'producer'
$function$;

comment on function lib_event.read_scope_tenants() is 'The tenants whose events this request''s key may read; null when any (then events without a tenant too).';

grant execute on function lib_event.read_scope_tenants() to lib_event_reader;
