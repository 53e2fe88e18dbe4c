-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.partition_archived(manifest jsonb)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
 SET "TimeZone" TO 'UTC'
AS $function$
declare
  name text := manifest ->> 'partition';
  bounds record;
  counted bigint;
  first_id uuid;
  last_id uuid;
begin
  select * into bounds from lib_event.partition_bounds(name);
  perform lib_event.check_closed(name, bounds.ends_at);
  -- The file was checked against the manifest; the manifest against the
  -- partition, here, before anything relies on it.
  -- (uuid has no min or max aggregate before PostgreSQL 18: the ends of the index instead.)
  execute pg_catalog.format('select (select count(*) from lib_event.%1$I),
      (select event__id from lib_event.%1$I order by event__id limit 1),
      (select event__id from lib_event.%1$I order by event__id desc limit 1)', name)
     into counted, first_id, last_id;
  if counted <> (manifest ->> 'rows')::bigint
     or first_id is distinct from (manifest ->> 'first_event__id')::uuid
     or last_id is distinct from (manifest ->> 'last_event__id')::uuid then
    raise exception using
      errcode = 'LE062',
      message = pg_catalog.format('the archive of %s does not match it: %s rows from %s to %s in the file, %s rows from %s to %s in the partition',
        name, manifest ->> 'rows', manifest ->> 'first_event__id', manifest ->> 'last_event__id', counted, first_id, last_id),
      hint = 'Archive it again (npm run archive -- --partition ' || name || ').';
  end if;
  insert into lib_event.partition_archive as a
    (partition, starts_at, ends_at, rows, first_event__id, last_event__id, file, sha256, bytes, schema_version)
  values (name, bounds.starts_at, bounds.ends_at, counted, first_id, last_id, manifest ->> 'file',
          manifest ->> 'sha256', (manifest ->> 'bytes')::bigint, manifest ->> 'schema_version')
  on conflict (partition) do update
     set rows = excluded.rows, first_event__id = excluded.first_event__id, last_event__id = excluded.last_event__id,
         file = excluded.file, sha256 = excluded.sha256, bytes = excluded.bytes,
         schema_version = excluded.schema_version, archived_at = pg_catalog.now();
  return lib_event.record_lifecycle_event('lib_event.partition.archived', pg_catalog.jsonb_build_object(
    'partition', name, 'starts_at', bounds.starts_at, 'ends_at', bounds.ends_at, 'rows', counted,
    'first_event__id', first_id, 'last_event__id', last_id, 'file', manifest ->> 'file',
    'sha256', manifest ->> 'sha256', 'bytes', (manifest ->> 'bytes')::bigint));
end
$function$;

comment on function lib_event.partition_archived(jsonb) is 'Record that a partition was written to an archive file (the manifest npm run archive wrote), after checking its row count and first and last ids against the partition (LE062 when they differ): records a lib_event.partition.archived event.';

grant execute on function lib_event.partition_archived(jsonb) to lib_event_maintenance;
