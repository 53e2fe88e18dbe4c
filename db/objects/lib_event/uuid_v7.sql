-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.uuid_v7(at timestamp with time zone DEFAULT clock_timestamp())
 RETURNS uuid
 LANGUAGE sql
 PARALLEL SAFE
AS $function$
  -- A random (v4) uuid with its first 48 bits replaced by the Unix time in
  -- milliseconds and its version nibble turned from 4 into 7 (RFC 9562).
  select pg_catalog.encode(
    pg_catalog.set_bit(
      pg_catalog.set_bit(
        overlay(
          pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
          placing substring(
            pg_catalog.int8send(pg_catalog.floor(extract(epoch from at) * 1000)::bigint)
            from 3)
          from 1 for 6),
        52, 1),
      53, 1),
    'hex')::uuid;
$function$;

comment on function lib_event.uuid_v7(timestamp with time zone) is 'A time-ordered UUID (version 7) for the given instant.

Ids sort by creation time, so the primary key can double as a range
partitioning key and new rows land at the right edge of the index.';
