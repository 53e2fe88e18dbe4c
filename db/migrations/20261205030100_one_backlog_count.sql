-- migrate:up

-- One count of the unsequenced backlog where there were two: the health
-- answer (lib_event.sequencer_backlog) and the bound on writes
-- (lib_event.measure_backlog) both counted the events after the
-- sequencer's cursor. lib_event.measure_backlog now takes the age past
-- which it counts: the bound on writes keeps its second (a sequencer that
-- keeps up costs no count), the health answer counts whatever the age.

set role lib_event_owner;

drop function lib_event.measure_backlog(bigint);

create function lib_event.measure_backlog(most bigint, counted_after interval default interval '1 second',
                                          out events bigint, out oldest_at timestamptz)
language sql
stable
set search_path = ''
as $$
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
$$;
comment on function lib_event.measure_backlog(bigint, interval) is 'How many recorded events the sequencer has not placed yet, counted up to most, and when the first of them in its order was recorded.

The count is made only when that event has waited counted_after or more (else
the answer is 1): lib_event.check_backlog leaves the default second, so a
sequencer that keeps up costs the writes no count; the health answer
(lib_event.health_items) passes 0 and counts up to 1,000,001.';

CREATE OR REPLACE FUNCTION lib_event.health_items()
 RETURNS TABLE(item text, subject text, value double precision, unit text, healthy_when text, healthy boolean, meaning text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  with head as (select lib_event.tree_size() as size),
  backlog as (select * from lib_event.measure_backlog(1000001, interval '0')),
  newest_checkpoint as (
    select c.tree_size, c.signed_at from lib_event.log_checkpoint c order by c.tree_size desc limit 1),
  measured (item, subject, value) as (
    select 'sequencer_backlog_events', null::text, b.events::double precision from backlog b
    union all
    select 'sequencer_backlog_age', null,
           coalesce(greatest(0, extract(epoch from pg_catalog.now() - b.oldest_at)), 0)::double precision from backlog b
    union all
    select 'checkpoint_age', null,
           case when h.size = 0 or h.size = c.tree_size then 0
                else extract(epoch from pg_catalog.now() - coalesce(c.signed_at,
                       (select pg_catalog.min(l.sequenced_at) from lib_event.log_entry l)))::double precision end
      from head h left join newest_checkpoint c on true
    union all
    select 'relay_lag_events', r.relay, (h.size - lib_event.follow_position(r.cursor))::double precision
      from lib_event.relay_cursor r cross join head h
    union all
    select 'bridge_lag_events', b.bridge, (h.size - lib_event.follow_position(b.cursor))::double precision
      from lib_event.bridge_cursor b cross join head h
    union all
    select 'partitions_ahead', null, pg_catalog.count(*)::double precision
      from lib_event.partitions p where p.starts_at > pg_catalog.now()
    union all
    select 'events_outside_partitions', null, (select pg_catalog.count(*) from lib_event.event_outside_partitions)::double precision
    union all
    select 'partitions_past_retention', null,
           (select pg_catalog.count(*) from lib_event.partitions_past_retention(pg_catalog.now() - interval '1 day'))::double precision
    union all
    select 'archive_failed', null,
           coalesce((select case when r.succeeded then 0 else 1 end from lib_event.job_run r where r.job = 'archive'), 0)::double precision
  )
  select m.item, m.subject, m.value, l.unit,
         case when l.healthy_at_most is not null then pg_catalog.format('at most %s', l.healthy_at_most)
              else pg_catalog.format('at least %s', l.healthy_at_least) end,
         coalesce(m.value <= l.healthy_at_most, m.value >= l.healthy_at_least),
         l.meaning
    from measured m
    join lib_event.health_limit l on l.item = m.item
   order by m.item, m.subject;
$function$;

drop function lib_event.sequencer_backlog();

reset role;

-- migrate:down
