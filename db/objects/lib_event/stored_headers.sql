-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.stored_headers(headers jsonb, event_type text, event__id uuid, created_at timestamp with time zone, occurred_at timestamp with time zone, source uuid, partition_key text, consumer text)
 RETURNS jsonb
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$
  -- Plain SQL, so the planner inlines it into the INSERT that calls it.
  select headers || pg_catalog.jsonb_build_object(
    'event_type', event_type,
    'event__id', event__id,
    'created_at', lib_event.utc_text(created_at),
    'occurred_at', lib_event.utc_text(occurred_at),
    'source', source,
    'partition_key', partition_key,
    'consumer', consumer);
$function$;

comment on function lib_event.stored_headers(jsonb,text,uuid,timestamp with time zone,timestamp with time zone,uuid,text,text) is 'The headers stored with an event: the caller''s entries plus the standard ones (the one place that lists them).';
