-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.drop_partition(name text, force boolean DEFAULT false)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
 SET "TimeZone" TO 'UTC'
AS $function$
declare
  bounds record;
  archive lib_event.partition_archive;
  counted bigint;
  keys bigint;
  deferred bigint;
begin
  select * into bounds from lib_event.partition_bounds(name);
  perform lib_event.check_closed(name, bounds.ends_at);
  select * into archive from lib_event.partition_archive a where a.partition = name;
  -- No writer may add a row between the count and the drop.
  execute pg_catalog.format('lock table lib_event.%I in share mode', name);
  execute pg_catalog.format('select count(*) from lib_event.%I', name) into counted;
  if not force and (archive.partition is null or archive.rows <> counted) then
    raise exception using
      errcode = 'LE063',
      message = pg_catalog.format('partition %s is not archived%s', name,
        case when archive.partition is not null then pg_catalog.format(' as it is now (%s rows archived, %s now)', archive.rows, counted) else '' end),
      hint = 'Run npm run archive first; to drop it without an archive, call lib_event.drop_partition(name, force => true).';
  end if;
  -- DETACH locks the whole log: give up after 5 s rather than queue every
  -- producer behind a long reader (55P03; npm run archive tries again next run).
  perform pg_catalog.set_config('lock_timeout', '5s', true);
  -- What only these events needed goes with them.
  delete from lib_event.deferred_payload d
   where d.event__id >= lib_event.uuid_floor(bounds.starts_at) and d.event__id < lib_event.uuid_floor(bounds.ends_at);
  get diagnostics deferred = row_count;
  delete from lib_event.idempotency_key k
   where k.event__id >= lib_event.uuid_floor(bounds.starts_at) and k.event__id < lib_event.uuid_floor(bounds.ends_at);
  get diagnostics keys = row_count;
  execute pg_catalog.format('alter table lib_event.event detach partition lib_event.%I', name);
  execute pg_catalog.format('drop table lib_event.%I', name);
  update lib_event.partition_archive a set dropped_at = pg_catalog.now() where a.partition = name;
  return lib_event.record_lifecycle_event('lib_event.partition.dropped', pg_catalog.jsonb_build_object(
    'partition', name, 'starts_at', bounds.starts_at, 'ends_at', bounds.ends_at, 'rows', counted,
    'archived', archive.partition is not null, 'forced', force, 'sha256', archive.sha256,
    'idempotency_keys', keys, 'deferred_payloads', deferred));
end
$function$;

comment on function lib_event.drop_partition(text,boolean) is 'Drop a partition whose period ended: only when it is archived with the rows it holds (LE063 otherwise), unless force; its idempotency keys and deferred-payload notes go with it. Records a lib_event.partition.dropped event.';
