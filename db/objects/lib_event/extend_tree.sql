-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.extend_tree(old_size bigint, added integer)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  if added > 0 then
    perform lib_event.add_tree_nodes(old_size, old_size + added);
    -- Followers wake on this: positions up to the payload can be read.
    perform pg_catalog.pg_notify('lib_event.sequenced', (old_size + added)::text);
  end if;
end
$function$;

comment on function lib_event.extend_tree(bigint,integer) is 'After added events were placed behind old_size: store the tree nodes they complete and NOTIFY lib_event.sequenced with the new tree size. Called in the transaction that placed them.';
