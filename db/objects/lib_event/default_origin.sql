-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.default_origin()
 RETURNS text
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select pg_catalog.format('lib-event.invalid/%s/%s',
    pg_catalog.regexp_replace(pg_catalog.current_database(), '[^A-Za-z0-9._-]', '_', 'g'), lib_event.system_identifier());
$function$;

comment on function lib_event.default_origin() is 'The origin a log takes when none is configured: lib-event.invalid/<database>/<cluster id>.

Unique to the installation (the cluster''s system identifier); stored at the
first checkpoint, so a later restore into another cluster keeps it.';
