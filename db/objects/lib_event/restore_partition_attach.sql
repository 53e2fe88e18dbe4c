-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.restore_partition_attach(manifest jsonb)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
 SET "TimeZone" TO 'UTC'
AS $function$
declare
  name text := manifest ->> 'partition';
  restoring regclass := lib_event.check_restoring(name);
begin
  -- What the partition's trigger notes for large payloads, noted here.
  execute pg_catalog.format('insert into lib_event.deferred_payload (event__id, payload_size, payload_sha256)
      select event__id, pg_catalog.octet_length(payload::text), pg_catalog.sha256(pg_catalog.convert_to(payload::text, ''UTF8''))
        from %s where pg_catalog.octet_length(payload::text) > lib_event.deferred_payload_bytes()', restoring);
  -- ATTACH locks the default partition (readers that scan every partition wait), so only for a moment.
  execute pg_catalog.format('alter table lib_event.event attach partition %s for values from (%L) to (%L)', restoring,
    lib_event.uuid_floor((manifest ->> 'starts_at')::timestamptz), lib_event.uuid_floor((manifest ->> 'ends_at')::timestamptz));
  execute pg_catalog.format('alter table %s drop constraint restored_bounds', restoring);
  execute pg_catalog.format('comment on table %s is %L', restoring,
    pg_catalog.format('Restored from %s (sha256 %s).', manifest ->> 'file', manifest ->> 'sha256'));
  return lib_event.partition_restored(manifest);
end
$function$;

comment on function lib_event.restore_partition_attach(jsonb) is 'Finish restoring an archived partition: note its large payloads, attach it to lib_event.event and record a lib_event.partition.restored event.

LE068 unless lib_event.restore_partition_begin made the table in this transaction and it is not attached yet.';

grant execute on function lib_event.restore_partition_attach(jsonb) to lib_event_maintenance;
