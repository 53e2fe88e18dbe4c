-- migrate:up

-- A cheaper create, every check kept (the profile is in
-- scripts/bench/README.md, section create_profile):
-- - lib_event.utc_text and lib_event.stored_headers are STABLE, as what they
--   call is (to_char, jsonb_build_object): declared IMMUTABLE, the planner
--   would not inline them, and each INSERT planned and ran stored_headers as
--   a function of its own.
-- - lib_event.uuid_time and lib_event.uuid_floor, which the check
--   event_id_encodes_created_at runs on every row, pin no search_path (they
--   are not security definer and name everything with its schema) and
--   uuid_floor reads the epoch of the UTC time, an IMMUTABLE extract: the
--   planner inlines both into the check.
-- - lib_event.check_event tests the event type against the domain's pattern
--   instead of pg_input_is_valid.
-- - lib_event.record_events inserts one event without an idempotency key
--   with one plain INSERT ... RETURNING.

set role lib_event_owner;

alter function lib_event.utc_text(timestamp with time zone) stable;
alter function lib_event.stored_headers(jsonb, text, uuid, timestamp with time zone, timestamp with time zone, uuid, text, text) stable;

alter function lib_event.uuid_time(uuid) reset search_path;

create or replace function lib_event.uuid_floor(at timestamp with time zone)
returns uuid
language sql
immutable
parallel safe
as $$
  -- The lowest UUIDv7 of the millisecond `at` falls in: its 48-bit Unix time
  -- in milliseconds, then zeros. uuid compares byte by byte, so every id
  -- recorded at or after `at` sorts at or above it.
  -- Before 1970 every id is above the bound; from 2^48 ms on (year 10889)
  -- none reaches it: the lowest and the highest uuid. The epoch of the UTC
  -- wall time is the instant's (and, unlike the epoch of a timestamptz, an
  -- immutable extract, so the planner can inline this function).
  select case
    when at < 'epoch' then '00000000-0000-0000-0000-000000000000'::uuid
    when at >= '10889-08-02 05:31:50.656+00' then 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid
    else pg_catalog.encode(
      substring(pg_catalog.int8send(pg_catalog.floor(extract(epoch from at at time zone 'UTC') * 1000)::bigint) from 3)
        || '\x00000000000000000000'::bytea,
      'hex')::uuid
  end;
$$;

CREATE OR REPLACE FUNCTION lib_event.check_event(event_type text, headers jsonb, occurred_at timestamp with time zone, partition_key text, created_at timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
AS $function$
declare
  reserved text[] := array['event_type', 'event__id', 'created_at', 'occurred_at', 'source', 'partition_key', 'consumer'];
  forged text[];
begin
  -- The domain lib_event.event_type's own pattern, tested here rather than
  -- with pg_input_is_valid(event_type, 'lib_event.event_type'), which parses
  -- the type's name and builds the domain's check on every call (some 45 µs
  -- of a create's time). The column's domain still checks every insert; a
  -- test keeps the two patterns the same.
  if event_type is null
     or event_type COLLATE "C" !~ '^[a-z][a-zA-Z0-9_]{0,62}\.[a-z][a-zA-Z0-9_]{0,62}\.[a-z][a-zA-Z0-9_]{0,62}$' then
    raise exception using
      errcode = 'LE001',
      message = pg_catalog.format('event_type %s does not follow <service>.<resourceType>.<verb_past_tense>',
        coalesce(pg_catalog.quote_literal(pg_catalog.left(event_type, 100)) || case when pg_catalog.length(event_type) > 100 then '...' else '' end, 'null')),
      detail = pg_catalog.format('length %s', coalesce(pg_catalog.length(event_type)::text, 'null')),
      hint = 'Use three dot-separated segments, each a lowercase letter followed by up to 62 letters, digits or underscores, e.g. billing.invoice.paid.';
  end if;

  if headers is null or pg_catalog.jsonb_typeof(headers) <> 'object' then
    raise exception using
      errcode = 'LE002',
      message = pg_catalog.format('headers must be a JSON object, not %s', coalesce(pg_catalog.jsonb_typeof(headers), 'null')),
      hint = 'Send headers as {"name": value, ...}, or leave them out.';
  end if;

  -- Case, width and what surrounds a name do not make another entry: a
  -- reader looking for consumer must not find a forged Consumer beside it.
  select pg_catalog.array_agg(pg_catalog.quote_literal(k) order by k) into forged
    from pg_catalog.jsonb_object_keys(headers) k
   where lib_event.header_name(k) = any (reserved);
  if forged is not null then
    raise exception using
      errcode = 'LE003',
      message = pg_catalog.format('headers may not set the standard entries %s', pg_catalog.array_to_string(forged, ', ')),
      detail = pg_catalog.format('standard entries (in any case or width, with or without white space, control or invisible characters around them): %s',
        pg_catalog.array_to_string(reserved, ', ')),
      hint = 'lib_event fills those itself; pass occurred_at, source and partition_key as arguments of their own.';
  end if;

  if pg_catalog.octet_length(headers::text) > 65536 then
    raise exception using
      errcode = 'PT413',
      message = pg_catalog.format('headers are %s bytes, more than the 65536 allowed', pg_catalog.octet_length(headers::text)),
      hint = 'Headers describe the event; put bulky content in the payload.';
  end if;
  perform lib_event.check_json_depth('headers', headers);

  if not pg_catalog.isfinite(occurred_at) or occurred_at < '0001-01-01 00:00:00+00' then
    raise exception using
      errcode = 'LE004',
      message = pg_catalog.format('occurred_at %s is not a time an event can have', occurred_at),
      detail = 'occurred_at must be finite and in the year 1 or later.',
      hint = 'Send the time it happened as ISO 8601 (2026-11-24T10:00:00Z), or leave occurred_at out.';
  end if;
  if occurred_at > created_at + interval '5 minutes' then
    raise exception using
      errcode = 'LE004',
      message = pg_catalog.format('occurred_at %s is in the future', lib_event.utc_text(occurred_at)),
      detail = pg_catalog.format('recorded at %s; up to 5 minutes of clock skew are tolerated', lib_event.utc_text(created_at)),
      hint = 'An event is something that has already happened: send the time it happened, or leave occurred_at out.';
  end if;

  if pg_catalog.length(partition_key) not between 1 and 255 then
    raise exception using
      errcode = 'LE005',
      message = pg_catalog.format('partition_key must be 1 to 255 characters, not %s', pg_catalog.length(partition_key)),
      hint = 'Leave partition_key out (null) when events need no grouping.';
  end if;
end
$function$;;

CREATE OR REPLACE FUNCTION lib_event.record_events(events lib_event.event_input[])
 RETURNS SETOF lib_events.event_receipt
 LANGUAGE plpgsql
AS $function$
declare
  recorded_at timestamptz := pg_catalog.clock_timestamp();
  recorder text := lib_event.current_consumer();
  how_many integer := coalesce(pg_catalog.cardinality(events), 0);
  new_ids uuid[];
  final_ids uuid[];
  replayed_ids uuid[] := '{}';
begin
  if how_many > 1000 then
    raise exception using
      errcode = 'PT413',
      message = pg_catalog.format('a batch of %s events is more than the 1000 allowed', how_many),
      hint = 'Split the batch into calls of at most 1000 events; each call is all or nothing.';
  end if;

  -- Ids in input order: they share one millisecond, so sorted they keep the
  -- order events were given in, which is their order in the log.
  if how_many = 1 then
    new_ids := array[lib_event.uuid_v7(recorded_at)];
  else
    select pg_catalog.array_agg(ids.id order by ids.id)
      into new_ids
      from (select lib_event.uuid_v7(recorded_at) as id from pg_catalog.generate_series(1, how_many)) ids;
  end if;

  -- One event without an idempotency key, what every create without one
  -- sends: checked the same way, inserted by one plain INSERT that returns
  -- its receipt (no receipts to join, no replays to look up).
  if how_many = 1 and (events[1]).idempotency_key is null then
    perform lib_event.check_event_inputs(events, recorded_at);
    return query
      insert into lib_event.event
        (event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload)
      select new_ids[1], e.event_type, coalesce(e.occurred_at, recorded_at), recorded_at, e.source, e.partition_key,
             recorder,
             lib_event.stored_headers(e.headers, e.event_type, new_ids[1], recorded_at,
               coalesce(e.occurred_at, recorded_at), e.source, e.partition_key, recorder),
             e.payload
        from (select (events[1]).*) e
      returning event__id, event_type::text, occurred_at, created_at, consumer::text, headers;
    return;
  end if;

  final_ids := new_ids;
  if lib_event.check_event_inputs(events, recorded_at) then
    final_ids := lib_event.claim_idempotency_keys(events, new_ids, recorder, recorded_at);
    -- Retries of earlier calls: ids that no event of this batch inserts.
    select coalesce(pg_catalog.array_agg(distinct f.id), '{}') into replayed_ids
      from pg_catalog.unnest(final_ids) f(id)
     where f.id <> all (new_ids);
  end if;

  -- Insert the events whose id is their own (not a retry's); RETURNING and
  -- the replayed events' rows give the receipts, in input order.
  return query
    with input as (
      select e.*, new_ids[e.n] as new_id, final_ids[e.n] as final_id,
             coalesce(e.occurred_at, recorded_at) as happened_at
        from pg_catalog.unnest(events) with ordinality
               as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
    ),
    inserted as (
      insert into lib_event.event
        (event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload)
      select i.new_id, i.event_type, i.happened_at, recorded_at, i.source, i.partition_key, recorder,
             lib_event.stored_headers(i.headers, i.event_type, i.new_id, recorded_at,
               i.happened_at, i.source, i.partition_key, recorder),
             i.payload
        from input i
       where i.new_id = i.final_id
       order by i.n
      returning event__id, event_type::text, occurred_at, created_at, consumer::text, headers
    ),
    replayed as (
      select ev.event__id, ev.event_type::text, ev.occurred_at, ev.created_at, ev.consumer::text, ev.headers
        from lib_event.event ev
       where ev.event__id = any (replayed_ids)
    ),
    receipts as (
      select * from inserted
      union all
      select * from replayed
    )
    select r.event__id, r.event_type, r.occurred_at, r.created_at, r.consumer, r.headers
      from input i
      join receipts r on r.event__id = i.final_id
     order by i.n;
end
$function$;;

reset role;

-- migrate:down
