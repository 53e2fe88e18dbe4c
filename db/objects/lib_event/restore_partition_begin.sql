-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.restore_partition_begin(manifest jsonb)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
 SET "TimeZone" TO 'UTC'
AS $function$
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
$function$;

comment on function lib_event.restore_partition_begin(jsonb) is 'Start restoring an archived partition (npm run restore, as lib_event_maintenance): make its table, not attached yet.

LE066 when the manifest is not a partition''s or names another file than the one this database archived, LE067 when a partition of that name or overlapping its period exists. Then lib_event.restore_partition_rows and lib_event.restore_partition_attach, in the same transaction.';

grant execute on function lib_event.restore_partition_begin(jsonb) to lib_event_maintenance;
