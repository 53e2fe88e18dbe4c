-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.system_identifier()
 RETURNS bigint
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select s.system_identifier from pg_catalog.pg_control_system() s;
$function$;

comment on function lib_event.system_identifier() is 'The identifier of this PostgreSQL cluster (initdb''s): a restore into another cluster, or a logical copy, sees another one; a physical replica sees the same.';
