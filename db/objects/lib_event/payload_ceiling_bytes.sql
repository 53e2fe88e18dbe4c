-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.payload_ceiling_bytes()
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$ select 67108864 $function$;

comment on function lib_event.payload_ceiling_bytes() is 'The largest payload accepted, in bytes of its jsonb value: 64 MiB.';

grant execute on function lib_event.payload_ceiling_bytes() to lib_event_anon;
