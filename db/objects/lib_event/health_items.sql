-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

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

comment on function lib_event.health_items() is 'Each item of lib_events.health(): its value now, its unit, its healthy range (lib_event.health_limit) and whether it is inside it. Relays and bridges have one item each (subject: their name).';
