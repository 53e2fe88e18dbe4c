-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.add_tree_nodes(old_size bigint, new_size bigint)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  -- Each level gains the complete nodes the new leaves finish: one
  -- statement per level, each new node's two children found by primary key.
  insert into lib_event.merkle_node (level, index, hash)
  select 1, i, pg_catalog.sha256('\x01'::bytea || l.leaf_hash || r.leaf_hash)
    from pg_catalog.generate_series(old_size >> 1, (new_size >> 1) - 1) i
    join lib_event.log_entry l on l.position = 2 * i + 1
    join lib_event.log_entry r on r.position = 2 * i + 2;
  for lvl in 2 .. 62 loop
    exit when (new_size >> lvl) = 0;
    insert into lib_event.merkle_node (level, index, hash)
    select lvl, i, pg_catalog.sha256('\x01'::bytea || l.hash || r.hash)
      from pg_catalog.generate_series(old_size >> lvl, (new_size >> lvl) - 1) i
      join lib_event.merkle_node l on l.level = lvl - 1 and l.index = 2 * i
      join lib_event.merkle_node r on r.level = lvl - 1 and r.index = 2 * i + 1;
  end loop;
end
$function$;

comment on function lib_event.add_tree_nodes(bigint,bigint) is 'Store the complete subtrees that leaves old_size to new_size - 1 complete, level by level.';
