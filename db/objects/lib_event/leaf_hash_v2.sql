-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.leaf_hash_v2(event__id uuid, event_type text, occurred_at timestamp with time zone, created_at timestamp with time zone, source uuid, partition_key text, consumer text, content_commitment bytea)
 RETURNS bytea
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$
  -- RFC 6962 leaf: SHA-256 of 0x00 and the encoding; the first field names
  -- the format, which a v1 encoding (an event id first) never starts with.
  select pg_catalog.sha256('\x00'::bytea
    || lib_event.leaf_field('lib_event.leaf/2')
    || lib_event.leaf_field(event__id::text)
    || lib_event.leaf_field(event_type)
    || lib_event.leaf_field(lib_event.utc_text(occurred_at))
    || lib_event.leaf_field(lib_event.utc_text(created_at))
    || lib_event.leaf_field(source::text)
    || lib_event.leaf_field(partition_key)
    || lib_event.leaf_field(consumer)
    || lib_event.leaf_field(pg_catalog.encode(content_commitment, 'hex')));
$function$;

comment on function lib_event.leaf_hash_v2(uuid,text,timestamp with time zone,timestamp with time zone,uuid,text,text,bytea) is 'The leaf hash of an event in format v2 (db/verifiable-log.md): SHA-256 of 0x00, the field "lib_event.leaf/2", the event''s own fields as in v1, and the content commitment in hex, each length-prefixed.';
