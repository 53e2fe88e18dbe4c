-- migrate:up

-- Archiving, retention and restores run as lib_event_maintenance, not as a
-- superuser. What needs the owner (dropping, making and attaching a
-- partition) is done by definer functions that check first, and only this
-- login may call them:
-- - lib_event.partition_to_archive: a closed partition's bounds, for the
--   archive to read its rows from lib_event.event (maintenance may read the
--   log: it writes it to files);
-- - lib_event.drop_expired_partition: drops a partition only when it is past
--   the retention period and archived as it is now (never forced);
-- - lib_event.restore_partition_begin / _rows / _attach: a restore, all in
--   the caller's one transaction, into a period no partition holds.

-- dbmate's table, made by the migrating superuser: the archive's manifest names the schema version.
grant select on public.schema_migrations to lib_event_maintenance;

set role lib_event_owner;

create function lib_event.partition_to_archive(name text)
returns table (starts_at timestamptz, ends_at timestamptz, lower_id uuid, upper_id uuid, unplaced bigint)
language plpgsql
stable
security definer
set search_path = ''
set "TimeZone" = 'UTC'
as $$
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
$$;
comment on function lib_event.partition_to_archive(text) is
  'A closed partition''s period and event__id bounds, and how many of its events the sequencer has not placed yet.

For npm run archive, which reads the rows from lib_event.event between lower_id (inclusive) and upper_id (exclusive). LE060 when there is no such partition, LE061 while it is still being written.';

create function lib_event.drop_expired_partition(name text)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
$$;
comment on function lib_event.drop_expired_partition(text) is
  'Drop a partition past the retention period once it is archived as it is now: npm run archive''s last step, as lib_event_maintenance.

LE065 when the partition is not past the retention period, LE063 when it is not archived with the rows it holds (lib_event.drop_partition, never forced). Records a lib_event.partition.dropped event.';

create function lib_event.check_restoring(name text)
returns regclass
language plpgsql
stable
set search_path = ''
as $$
declare
  restoring regclass := pg_catalog.to_regclass(pg_catalog.format('lib_event.%I', name));
begin
  -- Only a table lib_event.restore_partition_begin made, not attached yet.
  if restoring is null or not exists (
       select from pg_catalog.pg_constraint c join pg_catalog.pg_class t on t.oid = c.conrelid
        where c.conrelid = restoring and c.conname = 'restored_bounds' and not t.relispartition) then
    raise exception using
      errcode = 'LE068',
      message = pg_catalog.format('%s is not a partition being restored', pg_catalog.left(name, 100)),
      hint = 'Call lib_event.restore_partition_begin(manifest) first, in the same transaction.';
  end if;
  return restoring;
end
$$;
comment on function lib_event.check_restoring(text) is
  'The table of a partition being restored (made by lib_event.restore_partition_begin, not attached yet), or LE068.';

create function lib_event.restore_partition_begin(manifest jsonb)
returns void
language plpgsql
volatile
security definer
set search_path = ''
set "TimeZone" = 'UTC'
as $$
declare
  name text := manifest ->> 'partition';
  starts timestamptz := (manifest ->> 'starts_at')::timestamptz;
  ends timestamptz := (manifest ->> 'ends_at')::timestamptz;
  recorded text;
  overlapping text;
begin
  if name is null or name !~ '^event_[a-z0-9_]{1,50}$' or starts is null or ends is null or starts >= ends then
    raise exception using
      errcode = 'LE066',
      message = pg_catalog.format('the manifest names partition %s from %s to %s', pg_catalog.left(name, 100), starts, ends),
      hint = 'Restore from the manifest npm run archive wrote: a partition named event_..., and a period that ends after it starts.';
  end if;
  -- An archive this database recorded must come back from the very file it recorded.
  select a.sha256 into recorded from lib_event.partition_archive a where a.partition = name;
  if recorded is not null and recorded is distinct from manifest ->> 'sha256' then
    raise exception using
      errcode = 'LE066',
      message = pg_catalog.format('%s was archived here as a file with SHA-256 %s; this manifest names %s; nothing was restored',
        name, recorded, manifest ->> 'sha256'),
      hint = 'Restore from the archive file this database recorded (lib_event.partition_archive).';
  end if;
  select pg_catalog.string_agg(p.partition, ', ') into overlapping
    from lib_event.partitions p where p.partition = name or (p.starts_at < ends and starts < p.ends_at);
  if overlapping is not null or pg_catalog.to_regclass(pg_catalog.format('lib_event.%I', name)) is not null then
    raise exception using
      errcode = 'LE067',
      message = pg_catalog.format('%s (%s to %s) would overlap partition %s, which exists; nothing was restored',
        name, starts, ends, coalesce(overlapping, name)),
      hint = 'Drop it first (lib_event.drop_partition) if the archive is to replace it.';
  end if;
  -- Filled apart and attached last (lib_event.restore_partition_attach): the
  -- constraint spares ATTACH a scan of the rows.
  execute pg_catalog.format('create table lib_event.%I (like lib_event.event including defaults including constraints,
      constraint restored_bounds check (event__id >= %L and event__id < %L))',
    name, lib_event.uuid_floor(starts), lib_event.uuid_floor(ends));
end
$$;
comment on function lib_event.restore_partition_begin(jsonb) is
  'Start restoring an archived partition (npm run restore, as lib_event_maintenance): make its table, not attached yet.

LE066 when the manifest is not a partition''s or names another file than the one this database archived, LE067 when a partition of that name or overlapping its period exists. Then lib_event.restore_partition_rows and lib_event.restore_partition_attach, in the same transaction.';

create function lib_event.restore_partition_rows(
  name text, event__id text[], event_type text[], occurred_at text[], created_at text[], source text[],
  partition_key text[], consumer text[], headers text[], payload text[], xact_id text[])
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
set "TimeZone" = 'UTC'
as $$
declare
  inserted bigint;
begin
  execute pg_catalog.format('insert into %s
      (event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, xact_id)
    select r.event__id::uuid, r.event_type, r.occurred_at::timestamptz, r.created_at::timestamptz, r.source::uuid,
           r.partition_key, r.consumer, r.headers::jsonb, r.payload::jsonb, r.xact_id::xid8
      from unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           as r(event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, xact_id)',
    lib_event.check_restoring(name))
    using event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, xact_id;
  get diagnostics inserted = row_count;
  return inserted;
end
$$;
comment on function lib_event.restore_partition_rows(text, text[], text[], text[], text[], text[], text[], text[], text[], text[], text[]) is
  'Put archived rows, one array per column as PostgreSQL''s text output, into a partition being restored; returns how many.

LE068 unless lib_event.restore_partition_begin made the table in this transaction and it is not attached yet.';

create function lib_event.restore_partition_attach(manifest jsonb)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
set "TimeZone" = 'UTC'
as $$
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
$$;
comment on function lib_event.restore_partition_attach(jsonb) is
  'Finish restoring an archived partition: note its large payloads, attach it to lib_event.event and record a lib_event.partition.restored event.

LE068 unless lib_event.restore_partition_begin made the table in this transaction and it is not attached yet.';

grant execute on function lib_event.partition_to_archive(text), lib_event.partition_archived(jsonb),
  lib_event.drop_expired_partition(text), lib_event.restore_partition_begin(jsonb),
  lib_event.restore_partition_rows(text, text[], text[], text[], text[], text[], text[], text[], text[], text[], text[]),
  lib_event.restore_partition_attach(jsonb)
  to lib_event_maintenance;
-- The archive reads every event of a closed partition, with its log position.
grant select on lib_event.event, lib_event.log_entry to lib_event_maintenance;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
