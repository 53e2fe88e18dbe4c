-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.tree_root(tree_size bigint)
 RETURNS bytea
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select lib_event.subtree_hash(0, tree_size);
$function$;

comment on function lib_event.tree_root(bigint) is 'The Merkle tree hash of the first tree_size events.';

grant execute on function lib_event.tree_root(bigint) to lib_event_sequencer;
