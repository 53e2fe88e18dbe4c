-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_restoring(name text)
 RETURNS regclass
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
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
$function$;

comment on function lib_event.check_restoring(text) is 'The table of a partition being restored (made by lib_event.restore_partition_begin, not attached yet), or LE068.';
