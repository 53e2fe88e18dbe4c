-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.event_content_hash(event lib_event.event_input)
 RETURNS bytea
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$
  -- Times go through utc_text so that the session time zone changes nothing;
  -- jsonb already ignores key order and white space.
  select pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_array(
    event.event_type, event.payload, event.headers, lib_event.utc_text(event.occurred_at),
    event.source, event.partition_key)::text, 'UTF8'));
$function$;

comment on function lib_event.event_content_hash(lib_event.event_input) is 'The content of an event as sent (everything but its idempotency key), hashed: equal for a faithful retry.';
