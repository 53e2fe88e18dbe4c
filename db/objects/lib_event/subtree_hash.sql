-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.subtree_hash(start bigint, stop bigint)
 RETURNS bytea
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  width bigint := stop - start;
  split bigint := 1;
begin
  -- RFC 6962 MTH of leaves start .. stop - 1. A complete, aligned subtree
  -- is stored; otherwise split at the largest power of two below the width.
  if width = 0 then
    return pg_catalog.sha256(''::bytea);
  end if;
  if width & (width - 1) = 0 and start % width = 0 then
    return lib_event.tree_node(length(pg_catalog.ltrim(width::bit(64)::text, '0')) - 1, start / width);
  end if;
  while split * 2 < width loop
    split := split * 2;
  end loop;
  return pg_catalog.sha256('\x01'::bytea || lib_event.subtree_hash(start, start + split) || lib_event.subtree_hash(start + split, stop));
end
$function$;

comment on function lib_event.subtree_hash(bigint,bigint) is 'The RFC 6962 Merkle tree hash of the leaves at indexes start to stop - 1, from stored complete subtrees.';

grant execute on function lib_event.subtree_hash(bigint,bigint) to lib_event_sequencer;
