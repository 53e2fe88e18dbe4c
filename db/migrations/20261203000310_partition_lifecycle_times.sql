-- migrate:up

-- The times in the payloads of the log's own lifecycle events are written
-- one way: lib_event.partition.restored wrote starts_at and ends_at as the
-- manifest's text ("2025-01-01 00:00:00+00"), while .archived and .dropped
-- wrote JSON timestamps ("2025-01-01T00:00:00+00:00"), whose offset followed
-- the caller's time zone. All three now write JSON timestamps (RFC 3339) in
-- UTC, whatever the session's time zone. Events already recorded keep what
-- they say.

set role lib_event_owner;

create or replace function lib_event.partition_restored(manifest jsonb)
returns uuid
language plpgsql
security definer
set search_path = ''
set timezone = 'UTC'
as $$
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
$$;

alter function lib_event.partition_archived(jsonb) set timezone = 'UTC';
alter function lib_event.drop_partition(text, boolean) set timezone = 'UTC';

comment on function lib_event.record_lifecycle_event(text, jsonb) is
  'Record one of the log''s own lifecycle events (lib_event.partition.archived, .dropped, .restored) in the log, under partition_key lib_event.partitions. Their functions run in UTC, so the times in the payloads read alike: JSON timestamps, 2025-01-01T00:00:00+00:00.';

reset role;

-- migrate:down
