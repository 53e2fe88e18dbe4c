-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

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

  -- The key's scope first: an event outside it is refused (PT403) before
  -- anything is checked or claimed; a key with a tenant gives it to each.
  events := lib_event.apply_producer_scope(events);

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
        (event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, tenant)
      select new_ids[1], e.event_type, coalesce(e.occurred_at, recorded_at), recorded_at, e.source, e.partition_key,
             recorder,
             lib_event.stored_headers(e.headers, e.event_type, new_ids[1], recorded_at,
               coalesce(e.occurred_at, recorded_at), e.source, e.partition_key, recorder),
             e.payload, e.headers ->> 'tenant'
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
        (event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, tenant)
      select i.new_id, i.event_type, i.happened_at, recorded_at, i.source, i.partition_key, recorder,
             lib_event.stored_headers(i.headers, i.event_type, i.new_id, recorded_at,
               i.happened_at, i.source, i.partition_key, recorder),
             i.payload, i.headers ->> 'tenant'
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
$function$;

comment on function lib_event.record_events(lib_event.event_input[]) is 'Check and insert events, all or nothing, and return their receipts in the order given: the one implementation behind every public way of recording.

lib_event.apply_producer_scope refuses an event outside the API key''s scope
(PT403) and gives a tenant-scoped key''s tenant to each event;
lib_event.check_event_inputs checks every event (in a batch the message says
which event failed); lib_event.claim_idempotency_keys claims the idempotency
keys, if any; then one statement inserts them all with one recording time.
An event with an idempotency key already used by the same consumer is not
inserted again: with the same content its original receipt comes back, with
other content the call fails with 23505 (HTTP 409). More than 1000 events
raise PT413 (HTTP 413).';
