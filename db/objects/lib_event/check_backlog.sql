-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_backlog()
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  max_events bigint;
  max_seconds integer;
  retry_after integer;
  refresh_ms integer;
  measured_at bigint;
  events bigint;
  oldest_ms bigint;
  now_ms bigint := (extract(epoch from pg_catalog.clock_timestamp()) * 1000)::bigint;
  measured record;
  what text;
begin
  -- One query on the path every write takes.
  select b.max_events, b.max_seconds, b.retry_after_seconds, b.refresh_ms, m.last_value, e.last_value, o.last_value
    into strict max_events, max_seconds, retry_after, refresh_ms, measured_at, events, oldest_ms
    from lib_event.backlog_bound b, lib_event.backlog_measured_at m, lib_event.backlog_events e, lib_event.backlog_oldest_at o;
  -- One writer at a time measures, when the last measurement is older than
  -- refresh_ms; the others go on with it.
  if measured_at < now_ms - refresh_ms
     and pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('lib_event.backlog_measured_at')) then
    measured := lib_event.measure_backlog(max_events + 1);
    events := measured.events;
    oldest_ms := coalesce((extract(epoch from measured.oldest_at) * 1000)::bigint, 0);
    perform pg_catalog.setval('lib_event.backlog_events', events, true),
            pg_catalog.setval('lib_event.backlog_oldest_at', oldest_ms, true),
            pg_catalog.setval('lib_event.backlog_measured_at', now_ms, true);
  end if;

  if events > max_events then
    what := pg_catalog.format('%s or more events are waiting to be sequenced, more than the %s allowed', events, max_events);
  elsif oldest_ms > 0 and oldest_ms < now_ms - max_seconds * 1000::bigint then
    what := pg_catalog.format('the oldest event waiting to be sequenced was recorded %s s ago, more than the %s s allowed',
      (now_ms - oldest_ms) / 1000, max_seconds);
  else
    return;
  end if;

  perform lib_event.count_refusal('PT429');

  -- Through PostgREST: its RAISE SQLSTATE 'PGRST' form, the one way an
  -- error answer carries a header (src/library/PostgREST/Error.hs,
  -- parseRaisePGRST: the message is the body, the detail the status and
  -- headers). To SQL callers and the ingest loader: PT429.
  if pg_catalog.current_setting('request.method', true) is not null then
    raise sqlstate 'PGRST' using
      message = pg_catalog.json_build_object(
        'code', 'PT429',
        'message', pg_catalog.format('the log is behind: %s; nothing was recorded', what),
        'details', 'lib_event bounds the events recorded but not yet sequenced (lib_event.backlog_bound), so that every follower''s lag stays bounded.',
        'hint', pg_catalog.format('Send the same events again after %s s (Retry-After), with the same idempotency keys.', retry_after))::text,
      detail = pg_catalog.json_build_object(
        'status', 429,
        'headers', pg_catalog.json_build_object('Retry-After', retry_after::text))::text;
  end if;
  raise exception using
    errcode = 'PT429',
    message = pg_catalog.format('the log is behind: %s; nothing was recorded', what),
    detail = pg_catalog.format('retry after %s s', retry_after),
    hint = pg_catalog.format('Send the same events again after %s s, with the same idempotency keys.', retry_after);
end
$function$;

comment on function lib_event.check_backlog() is 'Refuse a write, before it writes, when the unsequenced backlog is past lib_event.backlog_bound: PT429, over HTTP 429 with Retry-After.

The backlog is measured at most every refresh_ms by one caller
(lib_event.measure_backlog); the others read the last measurement from the
sequences lib_event.backlog_measured_at, backlog_events and backlog_oldest_at.';
