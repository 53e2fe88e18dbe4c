-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.append_to_log(event_ids uuid[])
 RETURNS integer
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  old_size bigint := lib_event.tree_size();
  added integer;
begin
  -- The events, in the order given, that are not in the log yet.
  insert into lib_event.log_entry (position, event__id, leaf_hash)
  select old_size + pg_catalog.row_number() over (order by g.ord), e.event__id,
         coalesce(e.leaf_hash,
                  lib_event.leaf_hash(e.event__id, e.event_type, e.occurred_at, e.created_at, e.source,
                                      e.partition_key, e.consumer, e.headers, e.payload))
    from pg_catalog.unnest(event_ids) with ordinality g (event__id, ord)
    join lib_event.event e on e.event__id = g.event__id
   where not exists (select from lib_event.log_entry l where l.event__id = g.event__id);
  get diagnostics added = row_count;
  perform lib_event.extend_tree(old_size, added);
  return added;
end
$function$;

comment on function lib_event.append_to_log(uuid[]) is 'Give the listed events that are not in the log yet the next positions, in the order listed, and extend the tree (lib_event.extend_tree). Called by lib_event.sweep_new_cluster.';
