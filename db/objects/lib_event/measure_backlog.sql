-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.measure_backlog(most bigint, counted_after interval DEFAULT '00:00:01'::interval, OUT events bigint, OUT oldest_at timestamp with time zone)
 RETURNS record
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  -- The events after the sequencer's cursor, in the order it walks them
  -- (xact_id, event__id: one index); everything before the cursor is
  -- placed (it moves only past committed events, in xact_id order). The
  -- oldest is one probe; they are counted, no further than most, only when
  -- it has waited counted_after or more, else the answer is 1.
  with cursor as (
    select coalesce((select (c.xact_id, c.event__id) from lib_event.sequencer_cursor c),
                    ('0'::xid8, '00000000-0000-0000-0000-000000000000'::uuid)) as after
  ),
  oldest as (
    select (select e.created_at
              from lib_event.event e
             where (e.xact_id, e.event__id) > cursor.after
             order by e.xact_id, e.event__id
             limit 1) as at
      from cursor
  )
  select case
           when oldest.at is null then 0
           when oldest.at > pg_catalog.clock_timestamp() - counted_after then 1
           else (select pg_catalog.count(*)
                   from (select
                           from lib_event.event e
                          where (e.xact_id, e.event__id) > cursor.after
                          limit most) t)
         end,
         oldest.at
    from oldest, cursor
$function$;

comment on function lib_event.measure_backlog(bigint,interval) is 'How many recorded events the sequencer has not placed yet, counted up to most, and when the first of them in its order was recorded.

The count is made only when that event has waited counted_after or more (else
the answer is 1): lib_event.check_backlog leaves the default second, so a
sequencer that keeps up costs the writes no count; the health answer
(lib_event.health_items) passes 0 and counts up to 1,000,001.';
