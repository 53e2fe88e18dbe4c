-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_events.follow_head()
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select lib_event.tree_size()::text;
$function$;

comment on function lib_events.follow_head() is 'The cursor of the newest event in the log: start here to follow only what comes next.

lib_events.follow(cursor => <this>) returns every event placed in the log
after it, including those whose transactions are still running now. On an
empty log it is the beginning of the log ("0"). GET /rpc/follow_head.';

grant execute on function lib_events.follow_head() to lib_event_bridge;
grant execute on function lib_events.follow_head() to lib_event_reader;
