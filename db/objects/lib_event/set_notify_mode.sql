-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.set_notify_mode(mode text)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  trigger_name name;
begin
  if mode is null or mode not in ('inline', 'relay') then
    raise exception using
      errcode = 'LE032',
      message = pg_catalog.format('notify mode %s is not known', coalesce(pg_catalog.quote_literal(pg_catalog.left(mode, 100)), 'null')),
      hint = 'Use inline (producers NOTIFY as they commit) or relay (the relay process NOTIFYs).';
  end if;
  -- ALTER TABLE ... ENABLE/DISABLE TRIGGER waits for the transactions that
  -- are writing to lib_event.event and holds new writers back until this
  -- transaction commits: a one-off pause of a few milliseconds.
  for trigger_name in select lib_event.notify_triggers() loop
    execute pg_catalog.format('alter table lib_event.event %s trigger %I',
      case mode when 'relay' then 'disable' else 'enable' end, trigger_name);
  end loop;
  return lib_event.notify_mode();
end
$function$;

comment on function lib_event.set_notify_mode(text) is 'Choose how events are announced: inline or relay. Owner only. Returns the mode now in force.

relay disables the event_notify_* triggers on lib_event.event, so producers
do not NOTIFY and keep group commit; run the relay process (scripts/relay/relay.ts)
then. Start the relay before switching to relay, and switch back to inline
before stopping it: listeners may then hear an id twice, never miss one.
Raises LE032 for any other mode.';
