-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.witnessed_size(witness text)
 RETURNS bigint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select coalesce(pg_catalog.max(w.tree_size), 0) from lib_event.checkpoint_cosignature w where w.witness = witnessed_size.witness;
$function$;

comment on function lib_event.witnessed_size(text) is 'The size of the largest checkpoint a witness cosigned (0 when none): the old size of the next add-checkpoint to it.';

grant execute on function lib_event.witnessed_size(text) to lib_event_sequencer;
