-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.relay_positions(cursor text, page_size integer)
 RETURNS TABLE(event__id uuid, cursor text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  -- Only ids and cursors: the relay never reads an event's content.
  select l.event__id, l.position::text
    from lib_event.log_entry l
   where l.position > lib_event.follow_position(relay_positions.cursor)
   order by l.position
   limit lib_event.check_follow_page_size(page_size);
$function$;

comment on function lib_event.relay_positions(text,integer) is 'What the relay announces next: the ids and cursors lib_events.follow would return, without the events'' content.';

grant execute on function lib_event.relay_positions(text,integer) to lib_event_relay;
