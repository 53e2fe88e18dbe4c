-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.record_lifecycle_event(event_type text, payload jsonb)
 RETURNS uuid
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  recorded uuid;
begin
  perform pg_catalog.set_config('lib_event.lifecycle_seal', lib_event.consumer_seal(' lifecycle event'), true);
  select r.event__id into recorded
    from lib_event.record_events(array[row(event_type, payload, '{}'::jsonb, null::timestamptz, null::uuid,
           'lib_event.partitions', null::text)::lib_event.event_input]) r;
  perform pg_catalog.set_config('lib_event.lifecycle_seal', '', true);
  return recorded;
end
$function$;

comment on function lib_event.record_lifecycle_event(text,jsonb) is 'Record one of the log''s own lifecycle events (lib_event.partition.archived, .dropped, .restored) in the log, under partition_key lib_event.partitions. Their functions run in UTC, so the times in the payloads read alike: JSON timestamps, 2025-01-01T00:00:00+00:00.';
