-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.restrict_database_access()
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  execute pg_catalog.format('revoke temporary, connect on database %I from public', pg_catalog.current_database());
  execute pg_catalog.format('grant connect on database %I to lib_event_authenticator, lib_event_relay, lib_event_ingest, '
    'lib_event_sequencer, lib_event_bridge, lib_event_maintenance', pg_catalog.current_database());
end
$function$;

comment on function lib_event.restrict_database_access() is 'Take TEMP and CONNECT on this database from PUBLIC and grant CONNECT to the login roles. Run by the migrations, and by a superuser on a copy of the database (CREATE DATABASE ... TEMPLATE does not copy database privileges).';
