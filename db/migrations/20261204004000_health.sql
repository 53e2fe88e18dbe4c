-- migrate:up

-- What an operator paged at night asks first: is lib_event keeping up?
-- lib_events.health() answers with every item of the log's own state, its
-- healthy range and whether it is inside it (HTTP 503 when one is not);
-- lib_events.metrics() says the same, plus counters, in Prometheus's text
-- format. Both are public (no key), like PostgREST's own /live, and hold
-- nothing secret: counts, ages and the names of relays, bridges and
-- consumers, never an event.

set role lib_event_owner;

create table lib_event.health_limit (
  item text collate "C" primary key,
  healthy_at_most double precision,
  healthy_at_least double precision,
  unit text collate "C" not null,
  meaning text not null,
  constraint health_limit_one_bound check ((healthy_at_most is null) <> (healthy_at_least is null))
);
comment on table lib_event.health_limit is
  'The healthy range of each item of lib_events.health(): one bound per item, in its unit. The owner may change a bound with UPDATE; the defaults suit a log whose sequencer runs beside it.';
comment on column lib_event.health_limit.item is 'The item''s name, as health() and the metrics name it.';
comment on column lib_event.health_limit.healthy_at_most is 'The item is healthy while its value is at most this.';
comment on column lib_event.health_limit.healthy_at_least is 'The item is healthy while its value is at least this.';
comment on column lib_event.health_limit.unit is 'The unit of the value and the bound.';
comment on column lib_event.health_limit.meaning is 'What the item measures, for the person reading health().';

insert into lib_event.health_limit (item, healthy_at_most, healthy_at_least, unit, meaning) values
  ('sequencer_backlog_events', 10000, null, 'events',
   'Committed events the sequencer has not placed in the log yet (counted up to 1,000,001). Followers, the relay and the bridges hand out only placed events.'),
  ('sequencer_backlog_age', 10, null, 'seconds',
   'How long the oldest committed event not placed in the log yet has waited; 0 when there is none.'),
  ('checkpoint_age', 60, null, 'seconds',
   'How long ago the newest checkpoint was signed, while events are in the log that no checkpoint covers; 0 when the newest checkpoint covers the whole log.'),
  ('relay_lag_events', 100000, null, 'events',
   'Per relay: events placed in the log that the relay has not announced yet.'),
  ('bridge_lag_events', 100000, null, 'events',
   'Per RabbitMQ bridge: events placed in the log that the bridge has not published yet.'),
  ('partitions_ahead', 1, null, 'partitions',
   'Partitions of lib_event.event ready for the periods after the current one (lib_event.maintain_partitions makes them, hourly under npm start). Without one, recording stops when the current period ends.'),
  ('events_outside_partitions', 0, null, 'events',
   'Events recorded while no partition covered their time, kept aside in lib_event.event_outside_partitions (see db/partitions.md).'),
  ('partitions_past_retention', 0, null, 'partitions',
   'Partitions older than the retention by more than a day: npm run archive (or the retention drop) has not run, or failed.'),
  ('archive_failed', 0, null, 'runs',
   '1 when the last npm run archive failed, 0 when it succeeded or never ran.');
update lib_event.health_limit set healthy_at_least = healthy_at_most, healthy_at_most = null where item = 'partitions_ahead';

-- Counters the metrics carry, kept where a rolled-back request cannot undo
-- them: the sequencer adds to them after each batch it places.
create table lib_event.sequencer_tally (
  only_row boolean primary key default true constraint sequencer_tally_one_row check (only_row),
  counted_to bigint not null,
  batches bigint not null default 0,
  batch_seconds double precision not null default 0,
  events bigint not null default 0,
  counted_at timestamptz not null default pg_catalog.now()
);
comment on table lib_event.sequencer_tally is
  'The sequencer''s counters for the metrics: batches placed, their total duration and events, and the log position up to which lib_event.event_tally counts. One row; counting starts when it was made.';
comment on column lib_event.sequencer_tally.only_row is 'Always true: the table has one row.';
comment on column lib_event.sequencer_tally.counted_to is 'The log position up to which lib_event.event_tally counts events.';
comment on column lib_event.sequencer_tally.batches is 'Batches of events the sequencer placed in the log.';
comment on column lib_event.sequencer_tally.batch_seconds is 'Their total duration, as the sequencer timed them.';
comment on column lib_event.sequencer_tally.events is 'The events in those batches.';
comment on column lib_event.sequencer_tally.counted_at is 'When the counters last moved.';
insert into lib_event.sequencer_tally (counted_to) values (lib_event.tree_size());

create table lib_event.event_tally (
  type_prefix text collate "C" not null,
  consumer text collate "C" not null,
  events bigint not null,
  primary key (type_prefix, consumer)
);
comment on table lib_event.event_tally is
  'Events placed in the log since counting began, by the first part of their event type (the service: billing of billing.invoice.paid) and the consumer that recorded them. Bounded labels for the metrics: one row per service and key holder.';
comment on column lib_event.event_tally.type_prefix is 'The event type up to its first dot.';
comment on column lib_event.event_tally.consumer is 'The consumer that recorded the events.';
comment on column lib_event.event_tally.events is 'How many.';

create table lib_event.job_run (
  job text collate "C" primary key constraint job_run_job check (job in ('archive')),
  succeeded boolean not null,
  detail text not null,
  finished_at timestamptz not null default pg_catalog.now(),
  last_success_at timestamptz
);
comment on table lib_event.job_run is
  'How the last run of each maintenance job ended (npm run archive), for lib_events.health() and the metrics.';
comment on column lib_event.job_run.job is 'The job: archive.';
comment on column lib_event.job_run.succeeded is 'Whether the last run succeeded.';
comment on column lib_event.job_run.detail is 'Its one-line summary or error message.';
comment on column lib_event.job_run.finished_at is 'When it ended.';
comment on column lib_event.job_run.last_success_at is 'When a run last succeeded.';

create function lib_event.note_job(job text, succeeded boolean, detail text)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  insert into lib_event.job_run as r (job, succeeded, detail, last_success_at)
  values (job, succeeded, pg_catalog.left(detail, 1000), case when succeeded then pg_catalog.now() end)
  on conflict on constraint job_run_pkey do update
     set succeeded = excluded.succeeded, detail = excluded.detail, finished_at = excluded.finished_at,
         last_success_at = coalesce(excluded.last_success_at, r.last_success_at);
$$;
comment on function lib_event.note_job(text, boolean, text) is
  'Record how a run of a maintenance job (archive) ended; lib_events.health() reports a failed last archive.';

create function lib_event.tally_sequenced(placed integer, took double precision, max integer default 10000)
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  tally lib_event.sequencer_tally;
  upto bigint;
begin
  select * into tally from lib_event.sequencer_tally for update;
  upto := least(lib_event.tree_size(), tally.counted_to + max);
  insert into lib_event.event_tally as t (type_prefix, consumer, events)
  select pg_catalog.split_part(e.event_type, '.', 1), e.consumer, pg_catalog.count(*)
    from lib_event.log_entry l
    join lib_event.event e on e.event__id = l.event__id
   where l.position > tally.counted_to and l.position <= upto
   group by 1, 2
  on conflict on constraint event_tally_pkey do update set events = t.events + excluded.events;
  update lib_event.sequencer_tally
     set counted_to = upto,
         batches = batches + case when placed > 0 then 1 else 0 end,
         batch_seconds = batch_seconds + case when placed > 0 then took else 0 end,
         events = events + placed,
         counted_at = pg_catalog.now();
  return upto - tally.counted_to;
end
$$;
comment on function lib_event.tally_sequenced(integer, double precision, integer) is
  'The sequencer''s counters: add a batch it placed (placed: its events, 0 for none; took: its duration in seconds) and count up to max more placed events by type prefix and consumer. Returns how many positions it counted. Called by the sequencer after each batch, outside the batch''s transaction.';

create function lib_event.sequencer_backlog(out events bigint, out oldest_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  -- Everything before the sequencer's cursor is placed (it moves only past
  -- committed events, in xact_id order): the backlog is what lies after it.
  select pg_catalog.count(*), pg_catalog.min(b.created_at)
    from lib_event.sequencer_cursor c
    cross join lateral (
      select e.created_at
        from lib_event.event e
       where (e.xact_id, e.event__id) > (c.xact_id, c.event__id)
       limit 1000001) b;
$$;
comment on function lib_event.sequencer_backlog() is
  'Committed events the sequencer has not placed in the log yet (counted up to 1,000,001) and when the oldest of them was recorded.';

create function lib_event.health_items()
returns table (item text, subject text, value double precision, unit text, healthy_when text, healthy boolean, meaning text)
language sql
stable
security definer
set search_path = ''
as $$
  with head as (select lib_event.tree_size() as size),
  backlog as (select * from lib_event.sequencer_backlog()),
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
$$;
comment on function lib_event.health_items() is
  'Each item of lib_events.health(): its value now, its unit, its healthy range (lib_event.health_limit) and whether it is inside it. Relays and bridges have one item each (subject: their name).';

create function lib_events.health()
returns json
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  answer json;
  all_healthy boolean;
begin
  select pg_catalog.bool_and(i.healthy),
         pg_catalog.json_build_object(
           'healthy', pg_catalog.bool_and(i.healthy),
           'unhealthy', coalesce(pg_catalog.json_agg(pg_catalog.concat_ws(':', i.item, i.subject) order by i.item, i.subject)
                                   filter (where not i.healthy), '[]'),
           'checked_at', pg_catalog.now(),
           'log_size', lib_event.tree_size(),
           'items', pg_catalog.json_agg(pg_catalog.json_build_object(
             'item', i.item, 'subject', i.subject, 'value', i.value, 'unit', i.unit,
             'healthy_when', i.healthy_when, 'healthy', i.healthy, 'meaning', i.meaning) order by i.item, i.subject),
           'activity', (select pg_catalog.json_build_object(
               'keys_active', pg_catalog.count(*) filter (where k.revoked_at is null),
               'consumers_recorded_last_day', (
                 select pg_catalog.count(*) from (select distinct a.consumer from lib_event.api_key a where a.revoked_at is null) c
                  where exists (select from lib_event.event e
                                 where e.consumer = c.consumer and e.created_at > pg_catalog.now() - interval '1 day')))
             from lib_event.api_key k))
    into all_healthy, answer
    from lib_event.health_items() i;
  -- A load balancer or a probe reads the status; a person reads the body.
  if not all_healthy then
    perform pg_catalog.set_config('response.status', '503', true);
  end if;
  return answer;
end
$$;
comment on function lib_events.health() is
  'Whether lib_event is keeping up: each item of its state, its healthy range and whether it is inside it; HTTP 503 when one is not.

No key needed, nothing secret: counts and ages, and the names of relays and
bridges. Items: sequencer_backlog_events and sequencer_backlog_age (events
recorded but not yet in the log), checkpoint_age, relay_lag_events and
bridge_lag_events (per relay and bridge), partitions_ahead,
events_outside_partitions, partitions_past_retention, archive_failed; their
ranges are in lib_event.health_limit. activity counts the keys not revoked
and the consumers that recorded in the last day. npm run status prints the
same for a person; GET /rpc/metrics gives it to Prometheus.';

-- The operator's login runs npm run status too.
grant execute on function lib_events.health() to lib_event_anon, lib_event_producer, lib_event_reader, lib_event_producer_reader, lib_event_maintenance;
grant execute on function lib_event.tally_sequenced(integer, double precision, integer) to lib_event_sequencer;
grant execute on function lib_event.note_job(text, boolean, text) to lib_event_maintenance;

reset role;

-- migrate:down
