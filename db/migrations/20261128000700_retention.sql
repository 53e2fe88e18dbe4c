-- migrate:up

-- Retention: partitions past the retention period are archived (npm run
-- archive writes a Parquet file and a manifest), the archive is checked and
-- recorded here, and only then is the partition dropped. Each step is an
-- event in the log itself, so auditors see the log's own lifecycle.

set role lib_event_owner;

alter table lib_event.partition_policy
  add column retention interval,
  add constraint partition_policy_retention check (retention >= interval '1 day');
comment on column lib_event.partition_policy.retention is
  'How long events are kept in the database (at least a day); a partition whose whole period is older is archived, then dropped. Null keeps everything.';
update lib_event.partition_policy
   set retention = nullif(pg_catalog.current_setting('lib_event.retention', true), '')::interval;

create table lib_event.partition_archive (
  partition      text collate "C" not null,
  starts_at      timestamptz not null,
  ends_at        timestamptz not null,
  rows           bigint not null,
  first_event__id uuid,
  last_event__id uuid,
  file           text not null,
  sha256         text collate "C" not null,
  bytes          bigint not null,
  schema_version text collate "C" not null,
  archived_at    timestamptz not null default pg_catalog.now(),
  dropped_at     timestamptz,
  restored_at    timestamptz,
  constraint partition_archive_pkey primary key (partition),
  constraint partition_archive_sha256 check (sha256 ~ '^[0-9a-f]{64}$'),
  constraint partition_archive_rows check (rows >= 0)
);
comment on table lib_event.partition_archive is
  'Every partition written to an archive file (npm run archive): what the manifest says, and when it was dropped or restored.';
comment on column lib_event.partition_archive.partition is 'The partition''s table name.';
comment on column lib_event.partition_archive.starts_at is 'The first recording time it held (inclusive; -infinity for the first partition of a converted install).';
comment on column lib_event.partition_archive.ends_at is 'The recording time it held events up to (exclusive).';
comment on column lib_event.partition_archive.rows is 'Events in the file, equal to the partition''s when archived.';
comment on column lib_event.partition_archive.first_event__id is 'The lowest event__id in the file (null when empty).';
comment on column lib_event.partition_archive.last_event__id is 'The highest event__id in the file (null when empty).';
comment on column lib_event.partition_archive.file is 'Where the Parquet file was written, as the archiver saw it.';
comment on column lib_event.partition_archive.sha256 is 'SHA-256 of the file, hex.';
comment on column lib_event.partition_archive.bytes is 'Size of the file.';
comment on column lib_event.partition_archive.schema_version is 'The latest migration applied when it was written: the shape of its rows.';
comment on column lib_event.partition_archive.archived_at is 'When the archive was checked and recorded.';
comment on column lib_event.partition_archive.dropped_at is 'When the partition was dropped from the database, if it was.';
comment on column lib_event.partition_archive.restored_at is 'When it was last brought back from the file, if it was.';

create function lib_event.record_lifecycle_event(event_type text, payload jsonb)
returns uuid
language sql
set search_path = ''
as $$
  select r.event__id
    from lib_event.record_events(array[row(event_type, payload, '{}'::jsonb, null::timestamptz, null::uuid,
           'lib_event.partitions', null::text)::lib_event.event_input]) r;
$$;
comment on function lib_event.record_lifecycle_event(text, jsonb) is
  'Record one of the log''s own lifecycle events (lib_event.partition.archived, .dropped, .restored) in the log, under partition_key lib_event.partitions.';

create function lib_event.partition_bounds(name text)
returns table (starts_at timestamptz, ends_at timestamptz)
language plpgsql
stable
set search_path = ''
as $$
begin
  return query select p.starts_at, p.ends_at from lib_event.partitions p where p.partition = name;
  if not found then
    raise exception using
      errcode = 'LE060',
      message = pg_catalog.format('%L is not a partition of lib_event.event', pg_catalog.left(name, 100)),
      hint = 'See select partition, starts_at, ends_at from lib_event.partitions.';
  end if;
end
$$;
comment on function lib_event.partition_bounds(text) is
  'The recording times a partition takes, or LE060 when there is no such partition.';

create function lib_event.check_closed(name text, ends_at timestamptz)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  -- A partition is closed once its period is over and no transaction that
  -- could still write to it is running: recording assigns ids at clock time,
  -- so the last writer of a period ends within moments of its end.
  if ends_at > pg_catalog.now() - interval '1 hour' then
    raise exception using
      errcode = 'LE061',
      message = pg_catalog.format('partition %s is still being written: it takes events until %s', name, ends_at),
      hint = 'Archive or drop a partition only when its period ended more than an hour ago.';
  end if;
end
$$;
comment on function lib_event.check_closed(text, timestamptz) is
  'LE061 unless a partition''s period ended more than an hour ago: one still being written is never archived or dropped.';

create function lib_event.partitions_past_retention(at timestamptz default pg_catalog.now())
returns table (partition text, starts_at timestamptz, ends_at timestamptz, archived boolean)
language sql
stable
security definer
set search_path = ''
as $$
  select p.partition, p.starts_at, p.ends_at, a.partition is not null
    from lib_event.partitions p
    join lib_event.partition_policy policy on policy.retention is not null
    left join lib_event.partition_archive a on a.partition = p.partition
   where p.ends_at <= at - policy.retention
   order by p.starts_at;
$$;
comment on function lib_event.partitions_past_retention(timestamptz) is
  'The partitions whose whole period is older than the retention (lib_event.partition_policy.retention), oldest first, and whether each is archived: what npm run archive works through.';

create function lib_event.partition_archived(manifest jsonb)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
comment on function lib_event.partition_archived(jsonb) is
  'Record that a partition was written to an archive file (the manifest npm run archive wrote), after checking its row count and first and last ids against the partition (LE062 when they differ): records a lib_event.partition.archived event.';

create function lib_event.drop_partition(name text, force boolean default false)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
comment on function lib_event.drop_partition(text, boolean) is
  'Drop a partition whose period ended: only when it is archived with the rows it holds (LE063 otherwise), unless force; its idempotency keys and deferred-payload notes go with it. Records a lib_event.partition.dropped event.';

create function lib_event.partition_restored(manifest jsonb)
returns uuid
language plpgsql
security definer
set search_path = ''
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
    'partition', name, 'starts_at', manifest -> 'starts_at', 'ends_at', manifest -> 'ends_at',
    'rows', (manifest ->> 'rows')::bigint, 'sha256', manifest ->> 'sha256'));
end
$$;
comment on function lib_event.partition_restored(jsonb) is
  'Record that a partition was brought back from its archive (npm run restore, with the archive''s manifest): a lib_event.partition.restored event.';

create function lib_event.set_retention(keep interval)
returns interval
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
comment on function lib_event.set_retention(interval) is
  'Keep events this long in the database (at least a day: LE064), or null for ever: partitions past it are archived, then dropped, by npm run archive.';

revoke all on function lib_event.record_lifecycle_event(text, jsonb) from public;
revoke all on function lib_event.partition_bounds(text) from public;
revoke all on function lib_event.check_closed(text, timestamptz) from public;
revoke all on function lib_event.partitions_past_retention(timestamptz) from public;
revoke all on function lib_event.partition_archived(jsonb) from public;
revoke all on function lib_event.drop_partition(text, boolean) from public;
revoke all on function lib_event.partition_restored(jsonb) from public;
revoke all on function lib_event.set_retention(interval) from public;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
