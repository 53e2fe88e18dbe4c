-- migrate:up
set role lib_event_owner;

-- Two ways to announce events on the lib_event.created channel:
--   inline: the notify trigger(s) on lib_event.event NOTIFY in the producer's
--           own transaction (the original behaviour, the default);
--   relay:  the triggers are disabled and the relay process
--           (scripts/relay.ts) follows the log and NOTIFYs from one
--           connection.
-- The switch enables or disables every trigger on lib_event.event whose name
-- starts with event_notify_, whatever each one does (per row or per
-- statement), so it stays right when the inline notification changes. A
-- disabled trigger is not fired at all: relay mode costs the producers
-- nothing per row, where a trigger that read a setting would still run.

create function lib_event.notify_triggers()
returns setof name
language sql
stable
as $$
  select t.tgname
    from pg_catalog.pg_trigger t
   where t.tgrelid = 'lib_event.event'::pg_catalog.regclass
     and not t.tgisinternal
     and t.tgname like 'event\_notify\_%'
   order by t.tgname;
$$;
comment on function lib_event.notify_triggers() is
  'The triggers that announce events inline: those on lib_event.event named event_notify_*.';

create function lib_event.notify_mode()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when exists (
      select from pg_catalog.pg_trigger t
       where t.tgrelid = 'lib_event.event'::pg_catalog.regclass
         and t.tgname in (select lib_event.notify_triggers())
         and t.tgenabled <> 'D')
    then 'inline'
    else 'relay'
  end;
$$;
comment on function lib_event.notify_mode() is
  'How events are announced now: inline (a notify trigger on lib_event.event is enabled) or relay (none is; the relay process announces them).';

create function lib_event.set_notify_mode(mode text)
returns text
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
$$;
comment on function lib_event.set_notify_mode(text) is
  'Choose how events are announced: inline or relay. Owner only. Returns the mode now in force.

relay disables the event_notify_* triggers on lib_event.event, so producers
do not NOTIFY and keep group commit; run the relay process (scripts/relay.ts)
then. Start the relay before switching to relay, and switch back to inline
before stopping it: listeners may then hear an id twice, never miss one.
Raises LE032 for any other mode.';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
