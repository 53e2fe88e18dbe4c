-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.uuid_time(id uuid)
 RETURNS timestamp with time zone
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  select pg_catalog.to_timestamp(
    ('x' || pg_catalog.left(pg_catalog.replace(id::text, '-', ''), 12))::bit(48)::bigint / 1000.0);
$function$;

comment on function lib_event.uuid_time(uuid) is 'The millisecond a UUIDv7 was made (its first 48 bits): for an event__id, its recording time to the millisecond.';
