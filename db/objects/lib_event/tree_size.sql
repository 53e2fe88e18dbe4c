-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.tree_size()
 RETURNS bigint
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select coalesce((select l.position from lib_event.log_entry l order by l.position desc limit 1), 0);
$function$;

comment on function lib_event.tree_size() is 'How many events are sequenced.';

grant execute on function lib_event.tree_size() to lib_event_sequencer;
