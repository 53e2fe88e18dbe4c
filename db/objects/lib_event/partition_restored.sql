-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.partition_restored(manifest jsonb)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
 SET "TimeZone" TO 'UTC'
AS $function$
declare
  name text := manifest ->> 'partition';
begin
  -- The archive may come from another database (a restore elsewhere): what
  -- its manifest says is recorded too.
  insert into lib_event.partition_archive as a
    (partition, starts_at, ends_at, rows, first_event__id, last_event__id, file, sha256, bytes, schema_version, restored_at)
  values (name, (manifest ->> 'starts_at')::timestamptz, (manifest ->> 'ends_at')::timestamptz, (manifest ->> 'rows')::bigint,
          (manifest ->> 'first_event__id')::uuid, (manifest ->> 'last_event__id')::uuid, manifest ->> 'file',
          manifest ->> 'sha256', (manifest ->> 'bytes')::bigint, manifest ->> 'schema_version', pg_catalog.now())
  on conflict (partition) do update set restored_at = pg_catalog.now(), dropped_at = null;
  return lib_event.record_lifecycle_event('lib_event.partition.restored', pg_catalog.jsonb_build_object(
    'partition', name, 'starts_at', (manifest ->> 'starts_at')::timestamptz, 'ends_at', (manifest ->> 'ends_at')::timestamptz,
    'rows', (manifest ->> 'rows')::bigint, 'sha256', manifest ->> 'sha256'));
end
$function$;

comment on function lib_event.partition_restored(jsonb) is 'Record that a partition was brought back from its archive (npm run restore, with the archive''s manifest): a lib_event.partition.restored event.';
