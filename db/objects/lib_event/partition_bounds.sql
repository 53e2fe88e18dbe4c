-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.partition_bounds(name text)
 RETURNS TABLE(starts_at timestamp with time zone, ends_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
begin
  return query select p.starts_at, p.ends_at from lib_event.partitions p where p.partition = name;
  if not found then
    raise exception using
      errcode = 'LE060',
      message = pg_catalog.format('%L is not a partition of lib_event.event', pg_catalog.left(name, 100)),
      hint = 'See select partition, starts_at, ends_at from lib_event.partitions.';
  end if;
end
$function$;

comment on function lib_event.partition_bounds(text) is 'The recording times a partition takes, or LE060 when there is no such partition.';
