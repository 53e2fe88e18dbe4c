-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.consistency_path(first_size bigint, start bigint, stop bigint, whole boolean)
 RETURNS bytea[]
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  split bigint;
begin
  -- RFC 6962 2.1.2 SUBPROOF(m, D[start:stop], b), m counted from start.
  if first_size = stop - start then
    return case when whole then '{}'::bytea[] else array[lib_event.subtree_hash(start, stop)] end;
  end if;
  split := lib_event.largest_power_below(stop - start);
  if first_size <= split then
    return lib_event.consistency_path(first_size, start, start + split, whole) || lib_event.subtree_hash(start + split, stop);
  end if;
  return lib_event.consistency_path(first_size - split, start + split, stop, false) || lib_event.subtree_hash(start, start + split);
end
$function$;

comment on function lib_event.consistency_path(bigint,bigint,bigint,boolean) is 'RFC 6962 SUBPROOF of the first first_size leaves within leaves start to stop - 1.';
