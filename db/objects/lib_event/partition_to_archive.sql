-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.partition_to_archive(name text)
 RETURNS TABLE(starts_at timestamp with time zone, ends_at timestamp with time zone, lower_id uuid, upper_id uuid, unplaced bigint)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
 SET "TimeZone" TO 'UTC'
AS $function$
declare
  bounds record;
begin
  select * into bounds from lib_event.partition_bounds(name);
  perform lib_event.check_closed(name, bounds.ends_at);
  starts_at := bounds.starts_at;
  ends_at := bounds.ends_at;
  lower_id := lib_event.uuid_floor(bounds.starts_at);
  upper_id := lib_event.uuid_floor(bounds.ends_at);
  -- An event the sequencer has not placed would leave the log unseen once its partition is dropped.
  execute pg_catalog.format('select count(*) from lib_event.%I e
     where not exists (select from lib_event.log_entry l where l.event__id = e.event__id)', name) into unplaced;
  return next;
end
$function$;

comment on function lib_event.partition_to_archive(text) is 'A closed partition''s period and event__id bounds, and how many of its events the sequencer has not placed yet.

For npm run archive, which reads the rows from lib_event.event between lower_id (inclusive) and upper_id (exclusive). LE060 when there is no such partition, LE061 while it is still being written.';

grant execute on function lib_event.partition_to_archive(text) to lib_event_maintenance;
