-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.leaf_hash(event__id uuid, event_type text, occurred_at timestamp with time zone, created_at timestamp with time zone, source uuid, partition_key text, consumer text, headers jsonb, payload jsonb)
 RETURNS bytea
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$
  -- RFC 6962 leaf: SHA-256 of 0x00 and the encoding. Times in UTC with
  -- microseconds, JSON as PostgreSQL prints jsonb (exact numbers, keys in
  -- jsonb's order), so the bytes are the ones an export shows.
  select pg_catalog.sha256('\x00'::bytea
    || lib_event.leaf_field(event__id::text)
    || lib_event.leaf_field(event_type)
    || lib_event.leaf_field(lib_event.utc_text(occurred_at))
    || lib_event.leaf_field(lib_event.utc_text(created_at))
    || lib_event.leaf_field(source::text)
    || lib_event.leaf_field(partition_key)
    || lib_event.leaf_field(consumer)
    || lib_event.leaf_field(headers::text)
    || lib_event.leaf_field(payload::text));
$function$;

comment on function lib_event.leaf_hash(uuid,text,timestamp with time zone,timestamp with time zone,uuid,text,text,jsonb,jsonb) is 'The leaf hash of an event in format v1 (db/verifiable-log.md), for events recorded before v2: SHA-256 of 0x00 followed by each field, length-prefixed, in column order.';
