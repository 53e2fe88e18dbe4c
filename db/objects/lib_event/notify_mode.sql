-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.notify_mode()
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select case
    when exists (
      select from pg_catalog.pg_trigger t
       where t.tgrelid = 'lib_event.event'::pg_catalog.regclass
         and t.tgname in (select lib_event.notify_triggers())
         and t.tgenabled <> 'D')
    then 'inline'
    else 'relay'
  end;
$function$;

comment on function lib_event.notify_mode() is 'How events are announced now: inline (a notify trigger on lib_event.event is enabled) or relay (none is; the relay process announces them).';

grant execute on function lib_event.notify_mode() to lib_event_relay;
