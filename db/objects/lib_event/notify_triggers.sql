-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.notify_triggers()
 RETURNS SETOF name
 LANGUAGE sql
 STABLE
AS $function$
  select t.tgname
    from pg_catalog.pg_trigger t
   where t.tgrelid = 'lib_event.event'::pg_catalog.regclass
     and not t.tgisinternal
     and t.tgname like 'event\_notify\_%'
   order by t.tgname;
$function$;

comment on function lib_event.notify_triggers() is 'The triggers that announce events inline: those on lib_event.event named event_notify_*.';
