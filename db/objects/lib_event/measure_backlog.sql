-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.measure_backlog(most bigint, OUT events bigint, OUT oldest_at timestamp with time zone)
 RETURNS record
 LANGUAGE sql
 STABLE
AS $function$
  -- The events after the sequencer's cursor, in the order it walks them
  -- (xact_id, event__id: one index). The oldest is one probe; they are
  -- counted, no further than `most`, only when it has waited a second or
  -- more: a sequencer that keeps up costs no count.
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
           when oldest.at > pg_catalog.clock_timestamp() - interval '1 second' then 1
           else (select pg_catalog.count(*)
                   from (select
                           from lib_event.event e
                          where (e.xact_id, e.event__id) > cursor.after
                          limit most) t)
         end,
         oldest.at
    from oldest, cursor
$function$;

comment on function lib_event.measure_backlog(bigint) is 'How many recorded events the sequencer has not placed yet (counted up to most, and only when the oldest has waited a second or more; else 1), and when the oldest of them was recorded.';
