-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.relay_head()
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select lib_events.follow_head();
$function$;

comment on function lib_event.relay_head() is 'Where a relay without a cursor starts: lib_events.follow_head() (events before it were announced inline).';

grant execute on function lib_event.relay_head() to lib_event_relay;
