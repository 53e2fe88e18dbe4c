-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.log_positions(event_ids uuid[])
 RETURNS TABLE(event__id uuid, "position" bigint)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select l.event__id, l.position
    from lib_event.log_entry l
   where l.event__id = any (event_ids);
$function$;

comment on function lib_event.log_positions(uuid[]) is 'The positions in the log of these events (no row for one the log does not place): npm run erase gives them to the rows of an archive file of format /1, which has none, when it rewrites the file.

Ids and positions only, never content. Members of lib_event_eraser only.';

grant execute on function lib_event.log_positions(uuid[]) to lib_event_eraser;
