-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.drop_expired_partition(name text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  perform lib_event.partition_bounds(name);
  if not exists (select from lib_event.partitions_past_retention() p where p.partition = name) then
    raise exception using
      errcode = 'LE065',
      message = pg_catalog.format('partition %s is not past the retention period', name),
      hint = 'The maintenance login drops only what select partition from lib_event.partitions_past_retention() lists; set the retention with lib_event.set_retention.';
  end if;
  return lib_event.drop_partition(name, force => false);
end
$function$;

comment on function lib_event.drop_expired_partition(text) is 'Drop a partition past the retention period once it is archived as it is now: npm run archive''s last step, as lib_event_maintenance.

LE065 when the partition is not past the retention period, LE063 when it is not archived with the rows it holds (lib_event.drop_partition, never forced). Records a lib_event.partition.dropped event.';

grant execute on function lib_event.drop_expired_partition(text) to lib_event_maintenance;
