-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.erasure_recorded(erasure uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select exists (select from lib_event.event e where e.event__id = erasure and e.event_type = 'lib_event.event.erased');
$function$;

comment on function lib_event.erasure_recorded(uuid) is 'Whether the lib_event.event.erased event of this id is committed: npm run erase completes an archive rewrite a killed run left when it is, and discards it when not.';

grant execute on function lib_event.erasure_recorded(uuid) to lib_event_eraser;
