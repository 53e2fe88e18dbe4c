-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.tree_node(level integer, index bigint)
 RETURNS bytea
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select case when level = 0
              then (select l.leaf_hash from lib_event.log_entry l where l.position = index + 1)
              else (select n.hash from lib_event.merkle_node n where n.level = tree_node.level and n.index = tree_node.index) end;
$function$;

comment on function lib_event.tree_node(integer,bigint) is 'The hash of a complete subtree: a leaf (level 0) or a stored node.';

grant execute on function lib_event.tree_node(integer,bigint) to lib_event_sequencer;
