-- migrate:up

-- When each API key was last used, reader keys too. PostgREST runs a GET in
-- a READ ONLY transaction, where the pre-request can write no table (nor
-- call nextval); NOTIFY works there. So the pre-request announces a key's
-- use on lib_event.key_used, at most once a minute per session and key,
-- and the sequencer, which always runs, listens and notes it in
-- lib_event.api_key.last_used_at (lib_event.note_keys_used). A use while
-- no sequencer listens is not noted.

set role lib_event_owner;

alter table lib_event.api_key add column last_used_at timestamptz;

comment on column lib_event.api_key.last_used_at is 'When a request last used this key, to the minute or so: noted by the sequencer from the pre-request''s lib_event.key_used notifications (lib_event.note_keys_used); null when never noted. A use while the sequencer was down is not noted.';

CREATE OR REPLACE FUNCTION lib_event.authenticate_request(api_key text)
 RETURNS TABLE(consumer text, access lib_event.api_key_access)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  holder record;
  -- The minute this session last announced this key's use, in a session
  -- setting: PostgREST reuses its sessions, so most requests send nothing.
  announced_setting text;
  this_minute text := pg_catalog.floor(extract(epoch from pg_catalog.now()) / 60)::bigint::text;
begin
  select k.api_key__id, k.consumer::text as consumer, k.access into holder
    from lib_event.api_key k
   where k.key_hash = lib_event.api_key_hash(api_key)
     and k.revoked_at is null;
  if found then
    perform lib_event.seal_consumer(holder.consumer);
    perform lib_event.seal_key(holder.api_key__id);
    -- NOTIFY, not a write: a GET runs READ ONLY. It is sent at commit, so a
    -- refused request announces nothing (and the setting rolls back too).
    announced_setting := 'lib_event.key_used_' || pg_catalog.replace(holder.api_key__id::text, '-', '_');
    if pg_catalog.current_setting(announced_setting, true) is distinct from this_minute then
      perform pg_catalog.set_config(announced_setting, this_minute, false);
      perform pg_catalog.pg_notify('lib_event.key_used', holder.api_key__id::text);
    end if;
    return query select holder.consumer, holder.access;
  end if;
end
$function$;

comment on function lib_event.authenticate_request(text) is 'The pre-request''s key lookup: the consumer and access of an active API key, with the consumer and the key sealed into this transaction (lib_event.seal_consumer, lib_event.seal_key: the key''s scopes then apply); no row, and nothing sealed, when the key is unknown or revoked.

An active key''s use is announced on lib_event.key_used (payload: its
api_key__id) at most once a minute per session and key; the sequencer notes
it in lib_event.api_key.last_used_at.';

create function lib_event.note_keys_used(api_key__ids uuid[])
 returns integer
 language sql
 volatile security definer
 set search_path to ''
as $function$
  with noted as (
    update lib_event.api_key k
       set last_used_at = pg_catalog.now()
     where k.api_key__id = any (api_key__ids)
       and (k.last_used_at is null or k.last_used_at < pg_catalog.now())
    returning 1)
  select pg_catalog.count(*)::integer from noted
$function$;

comment on function lib_event.note_keys_used(uuid[]) is 'Note that these API keys were used just now (lib_event.api_key.last_used_at): the sequencer calls it with the ids it heard on lib_event.key_used, a second''s worth at a time; returns how many keys it noted (unknown ids are skipped). Executable by lib_event_sequencer alone.';

revoke all on function lib_event.note_keys_used(uuid[]) from public;
grant execute on function lib_event.note_keys_used(uuid[]) to lib_event_sequencer;

create or replace function lib_events.health()
 RETURNS json
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
               'keys_used_last_day', pg_catalog.count(*) filter (where k.last_used_at > pg_catalog.now() - interval '1 day'),
               'consumers_recorded_last_day', (
                 select pg_catalog.count(*) from (select distinct a.consumer from lib_event.api_key a where a.revoked_at is null) c
                  where exists (select from lib_event.event e
                                 where e.consumer = c.consumer and e.created_at > pg_catalog.now() - interval '1 day')))
             from lib_event.api_key k))
    into all_healthy, answer
    from lib_event.health_items() i;
  -- A load balancer or a probe reads the status; a person reads the body.
  -- 500, not 503: PostgREST 16.2 answers any 503 by reloading its schema
  -- cache and flushing its connection pool (App.hs, isServiceUnavailable),
  -- which a probe polling an unhealthy log would repeat every few seconds.
  if not all_healthy then
    perform pg_catalog.set_config('response.status', '500', true);
  end if;
  return answer;
end
$function$;

comment on function lib_events.health() is 'Whether lib_event is keeping up: each item of its state, its healthy range and whether it is inside it; HTTP 500 when one is not (not 503, which PostgREST takes for a lost database: db/operations.md).

No key needed, nothing secret: counts and ages, and the names of relays and
bridges. Items: sequencer_backlog_events and sequencer_backlog_age (events
recorded but not yet in the log), checkpoint_age, relay_lag_events and
bridge_lag_events (per relay and bridge), partitions_ahead,
events_outside_partitions, partitions_past_retention, archive_failed; their
ranges are in lib_event.health_limit. activity counts the keys not revoked,
those used in the last day (keys_used_last_day: lib_event.api_key.last_used_at,
noted while the sequencer runs) and the consumers that recorded in the last
day. npm run status prints the
same for a person; GET /rpc/metrics gives it to Prometheus.';

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

reset role;

-- migrate:down
