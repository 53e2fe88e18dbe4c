-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_events.metrics()
 RETURNS lib_events."text/plain"
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  with items as (select * from lib_event.health_items()),
  tally as (select * from lib_event.sequencer_tally),
  item_metric (item, name, help) as (values
    ('sequencer_backlog_events', 'lib_event_sequencer_backlog_events', 'Committed events the sequencer has not placed in the log yet (counted up to 1000001).'),
    ('sequencer_backlog_age', 'lib_event_sequencer_backlog_age_seconds', 'How long the oldest committed event not in the log yet has waited.'),
    ('checkpoint_age', 'lib_event_checkpoint_age_seconds', 'Age of the newest checkpoint while events are in the log that no checkpoint covers, else 0.'),
    ('relay_lag_events', 'lib_event_relay_lag_events', 'Events in the log the relay has not announced yet.'),
    ('bridge_lag_events', 'lib_event_bridge_lag_events', 'Events in the log the RabbitMQ bridge has not published yet.'),
    ('partitions_ahead', 'lib_event_partitions_ahead', 'Partitions of lib_event.event ready for the periods after the current one.'),
    ('events_outside_partitions', 'lib_event_events_outside_partitions', 'Events kept aside because no partition covered their time.'),
    ('partitions_past_retention', 'lib_event_partitions_past_retention', 'Partitions older than the retention by more than a day, not dropped.'),
    ('archive_failed', 'lib_event_archive_failed', '1 when the last npm run archive failed.'))
  select pg_catalog.string_agg(family, '' order by ordinal)::lib_events."text/plain"
    from (
      select 1 as ordinal, lib_event.metric_family('lib_event_up', 'gauge',
               'Whether every health item is inside its healthy range (1) or not (0); GET /rpc/health says which.',
               array[pg_catalog.format('lib_event_up %s', case when (select pg_catalog.bool_and(i.healthy) from items i) then 1 else 0 end)]) as family
      union all
      select 2, lib_event.metric_family('lib_event_log_events', 'gauge', 'Events placed in the log (its tree size).',
               array[pg_catalog.format('lib_event_log_events %s', lib_event.tree_size())])
      union all
      select 3 + m.n, lib_event.metric_family(m.name, 'gauge', m.help,
               (select pg_catalog.array_agg(case
                         when i.subject is null then pg_catalog.format('%s %s', m.name, i.value)
                         else pg_catalog.format('%s{%s="%s"} %s', m.name, pg_catalog.split_part(i.item, '_', 1),
                                                lib_event.metric_label(i.subject), i.value) end order by i.subject)
                  from items i where i.item = m.item))
        from (select im.*, pg_catalog.row_number() over () as n from item_metric im) m
      union all
      select 20, lib_event.metric_family('lib_event_health_limit', 'gauge',
               'The bound of each health item''s healthy range (lib_event.health_limit), in the item''s unit.',
               (select pg_catalog.array_agg(pg_catalog.format('lib_event_health_limit{item="%s",bound="%s"} %s',
                         l.item, case when l.healthy_at_most is not null then 'max' else 'min' end,
                         coalesce(l.healthy_at_most, l.healthy_at_least)) order by l.item)
                  from lib_event.health_limit l))
      union all
      select 21, lib_event.metric_family('lib_event_events_total', 'counter',
               'Events placed in the log since counting began, by service (event type up to its first dot) and consumer.',
               (select pg_catalog.array_agg(pg_catalog.format('lib_event_events_total{type_prefix="%s",consumer="%s"} %s',
                         lib_event.metric_label(t.type_prefix), lib_event.metric_label(t.consumer), t.events)
                         order by t.type_prefix, t.consumer)
                  from lib_event.event_tally t))
      union all
      select 22, lib_event.metric_family('lib_event_sequencer_batches_total', 'counter', 'Batches of events the sequencer placed in the log.',
               array[pg_catalog.format('lib_event_sequencer_batches_total %s', (select t.batches from tally t))])
      union all
      select 23, lib_event.metric_family('lib_event_sequencer_batch_duration_seconds', 'summary', 'Time the sequencer took to place its batches.',
               array[pg_catalog.format('lib_event_sequencer_batch_duration_seconds_sum %s', (select t.batch_seconds from tally t)),
                     pg_catalog.format('lib_event_sequencer_batch_duration_seconds_count %s', (select t.batches from tally t))])
      union all
      select 24, lib_event.metric_family('lib_event_sequencer_events_total', 'counter', 'Events the sequencer placed in the log in those batches.',
               array[pg_catalog.format('lib_event_sequencer_events_total %s', (select t.events from tally t))])
      union all
      select 25, lib_event.metric_family('lib_event_partitions_end_timestamp_seconds', 'gauge',
               'When the last partition of lib_event.event ends (Unix time): recording stops then unless more are made.',
               array[pg_catalog.format('lib_event_partitions_end_timestamp_seconds %s',
                       coalesce((select extract(epoch from pg_catalog.max(p.ends_at)) from lib_event.partitions p), 0))])
      union all
      select 26, lib_event.metric_family('lib_event_archive_last_success_timestamp_seconds', 'gauge',
               'When npm run archive last succeeded (Unix time), 0 when never.',
               array[pg_catalog.format('lib_event_archive_last_success_timestamp_seconds %s',
                       coalesce((select extract(epoch from r.last_success_at) from lib_event.job_run r where r.job = 'archive'), 0))])
      union all
      select 28, lib_event.metric_family('lib_event_bridge_published_total', 'counter', 'Events the RabbitMQ bridge has published (confirmed by the broker).',
               (select pg_catalog.array_agg(pg_catalog.format('lib_event_bridge_published_total{bridge="%s"} %s',
                         lib_event.metric_label(b.bridge), b.published) order by b.bridge)
                  from lib_event.bridge_cursor b))
      union all
      select 29, lib_event.metric_family('lib_event_relay_announced_total', 'counter', 'Events the relay has announced on lib_event.created.',
               (select pg_catalog.array_agg(pg_catalog.format('lib_event_relay_announced_total{relay="%s"} %s',
                         lib_event.metric_label(r.relay), r.emitted) order by r.relay)
                  from lib_event.relay_cursor r))
      union all
      select 30, lib_event.metric_family('lib_event_refusals_total', 'counter',
               'Writes refused by lib_event''s checks, by error code (db/errors.md); refusals of reads are not counted.',
               (select pg_catalog.array_agg(pg_catalog.format('lib_event_refusals_total{code="%s"} %s',
                         pg_catalog.upper(pg_catalog.substr(s.sequencename, 10)), coalesce(s.last_value, 0))
                         order by s.sequencename)
                  from pg_catalog.pg_sequences s
                 where s.schemaname = 'lib_event' and s.sequencename like 'refusals\_%'))
      union all
      select 31, lib_event.metric_family('lib_event_keys_used_last_day', 'gauge',
               'API keys used in the last day (noted while the sequencer runs: db/operations.md).',
               array[pg_catalog.format('lib_event_keys_used_last_day %s',
                       (select pg_catalog.count(*) from lib_event.api_key k
                         where k.last_used_at > pg_catalog.now() - interval '1 day'))])
      union all
      select 27, lib_event.metric_family('lib_event_api_keys', 'gauge', 'API keys not revoked, by access.',
               (select pg_catalog.array_agg(pg_catalog.format('lib_event_api_keys{access="%s"} %s', a.access, a.n) order by a.access)
                  from (select k.access::text as access, pg_catalog.count(*) as n from lib_event.api_key k
                         where k.revoked_at is null group by 1) a))
    ) families;
$function$;

comment on function lib_events.metrics() is 'lib_event''s state and counters in Prometheus''s text format: point a scrape job at GET /rpc/metrics.

No key needed, nothing secret (as GET /rpc/health). Gauges: lib_event_up,
lib_event_log_events, one per health item (lib_event_sequencer_backlog_events,
lib_event_sequencer_backlog_age_seconds, lib_event_checkpoint_age_seconds,
lib_event_relay_lag_events{relay}, lib_event_bridge_lag_events{bridge},
lib_event_partitions_ahead, lib_event_events_outside_partitions,
lib_event_partitions_past_retention, lib_event_archive_failed), their bounds
(lib_event_health_limit), lib_event_partitions_end_timestamp_seconds,
lib_event_archive_last_success_timestamp_seconds,
lib_event_api_keys{access} and lib_event_keys_used_last_day. Counters: lib_event_events_total{type_prefix,consumer},
lib_event_sequencer_batches_total, lib_event_sequencer_events_total,
lib_event_bridge_published_total{bridge}, lib_event_relay_announced_total{relay},
lib_event_refusals_total{code} and the summary lib_event_sequencer_batch_duration_seconds. db/operations.md has
alerting rules for them.';

grant execute on function lib_events.metrics() to lib_event_anon;
grant execute on function lib_events.metrics() to lib_event_producer;
grant execute on function lib_events.metrics() to lib_event_producer_reader;
grant execute on function lib_events.metrics() to lib_event_reader;
