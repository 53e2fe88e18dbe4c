-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_events.health()
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

grant execute on function lib_events.health() to lib_event_anon;
grant execute on function lib_events.health() to lib_event_maintenance;
grant execute on function lib_events.health() to lib_event_producer;
grant execute on function lib_events.health() to lib_event_producer_reader;
grant execute on function lib_events.health() to lib_event_reader;
