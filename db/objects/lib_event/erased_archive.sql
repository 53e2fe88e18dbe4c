-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.erased_archive(erasure uuid, manifest jsonb)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  record jsonb;
  replaced text;
begin
  select e.payload into record from lib_event.event e
   where e.event__id = erasure and e.event_type = 'lib_event.event.erased';
  select f ->> 'sha256' into replaced
    from pg_catalog.jsonb_array_elements(record -> 'archive_files') f
   where f ->> 'partition' = manifest ->> 'partition';
  if replaced is null then
    raise exception using errcode = 'LE097',
      message = pg_catalog.format('erased_archive: erasure %s rewrote no archive file of partition %s', erasure, manifest ->> 'partition'),
      hint = 'npm run erase calls it, in the transaction of lib_event.erase, for each file it rewrote.';
  end if;
  update lib_event.partition_archive a
     set file = manifest ->> 'file', sha256 = manifest ->> 'sha256', bytes = (manifest ->> 'bytes')::bigint
   where a.partition = manifest ->> 'partition';
  if found and not exists (select from lib_event.partition_archive a
                            where a.partition = manifest ->> 'partition' and (manifest ->> 'rows')::bigint = a.rows) then
    raise exception using errcode = 'LE097',
      message = pg_catalog.format('erased_archive: the rewritten file of %s holds %s rows, not the rows archived', manifest ->> 'partition', manifest ->> 'rows'),
      hint = 'Nothing was erased.';
  end if;
end
$function$;

comment on function lib_event.erased_archive(uuid,jsonb) is 'Record the archive file npm run erase rewrote for an erasure (its manifest): lib_event.partition_archive names the new file and SHA-256, so a restore takes it.

Called in the transaction of lib_event.erase, before it commits. LE097 when
the erasure names no file of that partition, or the row count changed.
Members of lib_event_eraser only.';

grant execute on function lib_event.erased_archive(uuid,jsonb) to lib_event_eraser;
