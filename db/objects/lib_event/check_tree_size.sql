-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_tree_size(tree_size bigint, what text)
 RETURNS bigint
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  sequenced bigint := lib_event.tree_size();
begin
  if tree_size is null or tree_size < 1 or tree_size > sequenced then
    raise exception using
      errcode = 'LE070',
      message = pg_catalog.format('%s %s is not a size of the log, which holds %s sequenced events', what, coalesce(tree_size::text, 'null'), sequenced),
      hint = 'Ask for the tree_size of a checkpoint (GET /checkpoints).';
  end if;
  return tree_size;
end
$function$;

comment on function lib_event.check_tree_size(bigint,text) is 'LE070 unless a tree size is between 1 and the number of sequenced events.';
