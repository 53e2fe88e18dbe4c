-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.sequencer_backlog(OUT events bigint, OUT oldest_at timestamp with time zone)
 RETURNS record
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  -- Everything before the sequencer's cursor is placed (it moves only past
  -- committed events, in xact_id order): the backlog is what lies after it.
  select pg_catalog.count(*), pg_catalog.min(b.created_at)
    from lib_event.sequencer_cursor c
    cross join lateral (
      select e.created_at
        from lib_event.event e
       where (e.xact_id, e.event__id) > (c.xact_id, c.event__id)
       limit 1000001) b;
$function$;

comment on function lib_event.sequencer_backlog() is 'Committed events the sequencer has not placed in the log yet (counted up to 1,000,001) and when the oldest of them was recorded.';
