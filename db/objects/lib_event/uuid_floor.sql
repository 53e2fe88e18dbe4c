-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.uuid_floor(at timestamp with time zone)
 RETURNS uuid
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  -- The lowest UUIDv7 of the millisecond `at` falls in: its 48-bit Unix time
  -- in milliseconds, then zeros. uuid compares byte by byte, so every id
  -- recorded at or after `at` sorts at or above it.
  -- Before 1970 every id is above the bound; from 2^48 ms on (year 10889)
  -- none reaches it: the lowest and the highest uuid. The epoch of the UTC
  -- wall time is the instant's (and, unlike the epoch of a timestamptz, an
  -- immutable extract, so the planner can inline this function).
  select case
    when at < 'epoch' then '00000000-0000-0000-0000-000000000000'::uuid
    when at >= '10889-08-02 05:31:50.656+00' then 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid
    else pg_catalog.encode(
      substring(pg_catalog.int8send(pg_catalog.floor(extract(epoch from at at time zone 'UTC') * 1000)::bigint) from 3)
        || '\x00000000000000000000'::bytea,
      'hex')::uuid
  end;
$function$;

comment on function lib_event.uuid_floor(timestamp with time zone) is 'The lowest UUIDv7 of the millisecond of `at`: the bound of a partition, or of a time-bounded search, in event__id terms (the lowest uuid before 1970, the highest from the year 10889 and for infinity).';
