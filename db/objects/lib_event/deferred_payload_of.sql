-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.deferred_payload_of(event__id uuid)
 RETURNS lib_event.deferred_payload
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select d.* from lib_event.deferred_payload d where d.event__id = deferred_payload_of.event__id;
$function$;

comment on function lib_event.deferred_payload_of(uuid) is 'The deferred_payload row of an event, or null when its payload is not deferred (security definer: the events view calls it as the reader).';

grant execute on function lib_event.deferred_payload_of(uuid) to lib_event_reader;
