-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.deferred_payload_bytes()
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$ select 262144 $function$;

comment on function lib_event.deferred_payload_bytes() is 'Payloads with more bytes of JSON text than this (256 KiB) are left out of pages and read with lib_events.event_payload.';
