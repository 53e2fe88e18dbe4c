-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.read_scoped()
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select lib_event.read_scope_event_types() is not null or lib_event.read_scope_consumers() is not null
      or lib_event.read_scope_tenants() is not null
$function$;

comment on function lib_event.read_scoped() is 'Whether this request''s key reads only a share of the log.';
