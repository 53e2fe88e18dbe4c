-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.inclusion_path(leaf bigint, start bigint, stop bigint)
 RETURNS bytea[]
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  split bigint;
begin
  -- RFC 6962 2.1.1 PATH(m, D[start:stop]), from the leaf up.
  if stop - start <= 1 then
    return '{}';
  end if;
  split := start + lib_event.largest_power_below(stop - start);
  if leaf < split then
    return lib_event.inclusion_path(leaf, start, split) || lib_event.subtree_hash(split, stop);
  end if;
  return lib_event.inclusion_path(leaf, split, stop) || lib_event.subtree_hash(start, split);
end
$function$;

comment on function lib_event.inclusion_path(bigint,bigint,bigint) is 'The audit path of leaf index `leaf` in the tree of leaves start to stop - 1 (RFC 6962 PATH), nearest sibling first.';
