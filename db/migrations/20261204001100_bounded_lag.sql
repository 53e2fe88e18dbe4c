-- migrate:up

-- Bounded lag: a configured bound on the log's unsequenced backlog, in
-- events and in seconds. Past it, create, create_many and the ingest loader
-- refuse before writing: PT429, over HTTP 429 with Retry-After. Not 503:
-- PostgREST v16.2 puts its own Retry-After (its reconnection delay, 0 when
-- connected) before any other on every 503, and takes a 503 for a lost
-- database, reloading its schema cache and flushing its connection pool
-- (src/library/PostgREST/App.hs, postgrest: addRetryHint, connWorker). The
-- producer client and the loader keep the events and send them again later
-- (their idempotency keys make that exactly once). db/recording.md,
-- "Bounded lag".

set role lib_event_owner;

create table lib_event.backlog_bound (
  only_row boolean primary key default true constraint backlog_bound_one_row check (only_row),
  max_events bigint not null default 50000 constraint backlog_bound_events_positive check (max_events >= 1),
  max_seconds integer not null default 30 constraint backlog_bound_seconds_positive check (max_seconds >= 1),
  retry_after_seconds integer not null default 1
    constraint backlog_bound_retry_after_range check (retry_after_seconds between 1 and 3600),
  refresh_ms integer not null default 500
    constraint backlog_bound_refresh_range check (refresh_ms between 10 and 60000)
);
insert into lib_event.backlog_bound default values;
comment on table lib_event.backlog_bound is 'The bound on the log''s unsequenced backlog (one row): past it, writes are refused with PT429 (HTTP 429) and Retry-After.

max_events: recorded events the sequencer has not placed yet; max_seconds: how
long the oldest of them has waited. retry_after_seconds: the Retry-After a
refusal carries. refresh_ms: how often the backlog is measured (one caller
measures, the others read the last measurement), so the backlog may pass the
bound by what is recorded within that time. An operator changes it with
UPDATE lib_event.backlog_bound SET ...';

-- The last measurement, shared by every writer, in three sequences used as
-- registers: setval is not undone when the transaction that measured is
-- refused and rolls back, so a refusal does not leave the next caller to
-- measure again.
create sequence lib_event.backlog_measured_at minvalue 0 start 0;
comment on sequence lib_event.backlog_measured_at is 'When the unsequenced backlog was last measured, in ms since 1970 (lib_event.check_backlog).';
create sequence lib_event.backlog_events minvalue 0 start 0;
comment on sequence lib_event.backlog_events is 'How many events were waiting to be sequenced at the last measurement, counted up to lib_event.backlog_bound.max_events + 1 (lib_event.check_backlog).';
create sequence lib_event.backlog_oldest_at minvalue 0 start 0;
comment on sequence lib_event.backlog_oldest_at is 'When the oldest event waiting to be sequenced was recorded, at the last measurement, in ms since 1970; 0 when none was waiting (lib_event.check_backlog).';

create function lib_event.measure_backlog(most bigint, out events bigint, out oldest_at timestamptz)
language sql
stable
as $$
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
$$;
comment on function lib_event.measure_backlog(bigint) is 'How many recorded events the sequencer has not placed yet (counted up to most, and only when the oldest has waited a second or more; else 1), and when the oldest of them was recorded.';

create function lib_event.check_backlog()
returns void
language plpgsql
volatile
set search_path = ''
as $$
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
$$;
comment on function lib_event.check_backlog() is 'Refuse a write, before it writes, when the unsequenced backlog is past lib_event.backlog_bound: PT429, over HTTP 429 with Retry-After.

The backlog is measured at most every refresh_ms by one caller
(lib_event.measure_backlog); the others read the last measurement from the
sequences lib_event.backlog_measured_at, backlog_events and backlog_oldest_at.';

CREATE OR REPLACE FUNCTION lib_events."create"(OUT receipt lib_events.event_receipt, event_type text, payload jsonb DEFAULT NULL::jsonb, headers jsonb DEFAULT '{}'::jsonb, occurred_at timestamp with time zone DEFAULT NULL::timestamp with time zone, source uuid DEFAULT NULL::uuid, partition_key text DEFAULT NULL::text, idempotency_key text DEFAULT NULL::text)
 RETURNS lib_events.event_receipt
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select lib_event.check_write_request();
  select lib_event.check_backlog();
  select r
    from lib_event.record_events(array[row(event_type, payload, headers, occurred_at, source, partition_key,
           idempotency_key)::lib_event.event_input]) r;
$function$;

CREATE OR REPLACE FUNCTION lib_events."create"(jsonb)
 RETURNS lib_events.event_receipt
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select lib_event.check_write_request();
  select lib_event.check_backlog();
  select r.*
    from lib_event.record_events(lib_event.one_event_input($1)) r;
$function$;

CREATE OR REPLACE FUNCTION lib_events.create_many(jsonb)
 RETURNS SETOF lib_events.event_receipt
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select lib_event.check_write_request();
  select lib_event.check_backlog();
  select r.*
    from lib_event.record_events(lib_event.event_inputs(
           case when pg_catalog.jsonb_typeof($1) = 'object' and $1 ? 'events'
                then $1 -> 'events' else $1 end)) r;
$function$;;

CREATE OR REPLACE FUNCTION lib_event.ingest(publisher text, messages jsonb)
 RETURNS TABLE(message_id text, event__id uuid, error_code text, error_message text, error_hint text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  recorder text;
  checked record;
  input_at integer[];
  ids uuid[];
  errors jsonb := '{}';
  failed_state text;
begin
  if messages is null or pg_catalog.jsonb_typeof(messages) <> 'array' then
    raise exception using
      errcode = 'LE007',
      message = 'messages must be a JSON array of {"id": ..., "body": ...} objects';
  end if;
  select p.consumer into recorder from lib_event.ingest_publisher p where p.amqp_user = publisher;
  if recorder is null then
    return query
      select m ->> 'id', null::uuid, 'LE050',
             case when publisher is null then 'the message has no user_id property'
                  else pg_catalog.format('broker user %L may not record events', publisher) end,
             'Publish with user_id set to your broker user, and map that user to a consumer: insert into lib_event.ingest_publisher (amqp_user, consumer) values (...).'
        from pg_catalog.jsonb_array_elements(messages) m;
    return;
  end if;
  if pg_catalog.jsonb_array_length(messages) = 0 then
    return;
  end if;
  perform lib_event.seal_consumer(recorder);
  -- Past the backlog's bound the whole batch is refused (PT429, transient):
  -- the loader keeps the messages unacked and tries again later.
  perform lib_event.check_backlog();

  -- The usual case: the whole batch in one statement.
  begin
    select pg_catalog.array_agg(r.event__id order by r.n), pg_catalog.array_agg(r.n::integer order by r.n)
      into ids, input_at
      from lib_event.record_events(lib_event.event_inputs(
             (select pg_catalog.jsonb_agg(lib_event.ingest_event(m) order by n)
                from pg_catalog.jsonb_array_elements(messages) with ordinality e(m, n)))) with ordinality
             as r(event__id, event_type, occurred_at, created_at, consumer, headers, n);
  exception when others then
    get stacked diagnostics failed_state = returned_sqlstate;
    if lib_event.is_transient(failed_state) then
      raise;
    end if;
    ids := null;
  end;

  -- A bad message in the batch: check each alone, record the good ones
  -- together, or one at a time if together they still fail.
  if ids is null then
    checked := lib_event.ingest_checked(messages);
    input_at := checked.input_at;
    errors := checked.errors;
    begin
      select pg_catalog.array_agg(r.event__id order by r.n) into ids
        from lib_event.record_events(checked.inputs) with ordinality
               as r(event__id, event_type, occurred_at, created_at, consumer, headers, n);
    exception when others then
      get stacked diagnostics failed_state = returned_sqlstate;
      if lib_event.is_transient(failed_state) then
        raise;
      end if;
      select o.errors, o.ids into errors, ids from lib_event.ingest_one_by_one(checked.inputs, input_at, errors) o;
    end;
  end if;

  return query
    select e.m ->> 'id', ids[pg_catalog.array_position(input_at, e.n::integer)],
           errors -> e.n::text ->> 'code', errors -> e.n::text ->> 'message', errors -> e.n::text ->> 'hint'
      from pg_catalog.jsonb_array_elements(messages) with ordinality e(m, n)
     order by e.n;
end
$function$;;

reset role;

-- migrate:down
