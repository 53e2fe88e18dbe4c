-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.set_retention(keep interval)
 RETURNS interval
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  if keep < interval '1 day' then
    raise exception using
      errcode = 'LE064',
      message = pg_catalog.format('retention must be at least 1 day, not %s', keep),
      hint = 'Give an interval such as ''400 days'', or null to keep every event.';
  end if;
  update lib_event.partition_policy set retention = keep, updated_at = pg_catalog.now();
  return keep;
end
$function$;

comment on function lib_event.set_retention(interval) is 'Keep events this long in the database (at least a day: LE064), or null for ever: partitions past it are archived, then dropped, by npm run archive.';
