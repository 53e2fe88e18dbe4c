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
  position integer := 0;
  item lib_event.event_input;
  new_ids uuid[];
  final_ids uuid[];
  keyed boolean := false;
  replayed_ids uuid[] := '{}';
  clash record;
  failed_code text;
  failed_message text;
  failed_detail text;
  failed_hint text;
begin
  if how_many > 1000 then
    raise exception using
      errcode = 'PT413',
      message = pg_catalog.format('a batch of %s events is more than the 1000 allowed', how_many),
      hint = 'Split the batch into calls of at most 1000 events; each call is all or nothing.';
  end if;

  if how_many = 1 then
    -- One event: no need to say which one failed, so no exception block
    -- (and no subtransaction) on the path every create takes.
    perform lib_event.check_event_input(events[1], recorded_at);
    keyed := (events[1]).idempotency_key is not null;
  else
    begin
      foreach item in array coalesce(events, '{}') loop
        position := position + 1;
        perform lib_event.check_event_input(item, recorded_at);
        keyed := keyed or item.idempotency_key is not null;
      end loop;
    exception when others then
      -- In a batch, say which event failed; the code stays the same.
      get stacked diagnostics
        failed_code = returned_sqlstate, failed_message = message_text,
        failed_detail = pg_exception_detail, failed_hint = pg_exception_hint;
      raise exception using
        errcode = failed_code,
        message = pg_catalog.format('event %s of %s: %s', position, how_many, failed_message),
        detail = failed_detail,
        hint = failed_hint;
    end;
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

  if not keyed then
    -- Nothing to deduplicate: one INSERT, receipts straight from RETURNING,
    -- which yields rows in the order they were inserted (the input order).
    return query
      with inserted as (
        insert into lib_event.event
          (event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload)
        select i.new_id, i.event_type, i.happened_at, recorded_at, i.source, i.partition_key, recorder,
               lib_event.stored_headers(i.headers, i.event_type, i.new_id, recorded_at,
                 i.happened_at, i.source, i.partition_key, recorder),
               i.payload
          from (select e.*, new_ids[e.n] as new_id, coalesce(e.occurred_at, recorded_at) as happened_at
                  from pg_catalog.unnest(events) with ordinality
                         as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
                 order by e.n) i
        returning event__id, event_type::text, occurred_at, created_at, consumer::text, headers
      )
      select * from inserted;
    return;
  end if;

  final_ids := new_ids;

  if keyed then
    -- Claim the keys. ON CONFLICT waits for a concurrent transaction holding
    -- the same key and then skips it; keys are claimed in key order so two
    -- batches never wait on each other in a cycle.
    insert into lib_event.idempotency_key (consumer, idempotency_key, content_hash, event__id, created_at)
    select recorder, e.idempotency_key, lib_event.event_content_hash(row(e.event_type, e.payload, e.headers,
             e.occurred_at, e.source, e.partition_key, e.idempotency_key)::lib_event.event_input),
           new_ids[e.n], recorded_at
      from pg_catalog.unnest(events) with ordinality
             as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
     where e.idempotency_key is not null
     order by e.idempotency_key, e.n
    on conflict do nothing;

    -- A new statement sees what concurrent transactions committed meanwhile.
    select e.n, e.idempotency_key, k.event__id,
           k.content_hash = lib_event.event_content_hash(row(e.event_type, e.payload, e.headers,
             e.occurred_at, e.source, e.partition_key, e.idempotency_key)::lib_event.event_input) as same_content
      into clash
      from pg_catalog.unnest(events) with ordinality
             as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
      join lib_event.idempotency_key k
        on k.consumer = recorder and k.idempotency_key = e.idempotency_key
     where k.event__id <> new_ids[e.n]
       and k.content_hash <> lib_event.event_content_hash(row(e.event_type, e.payload, e.headers,
             e.occurred_at, e.source, e.partition_key, e.idempotency_key)::lib_event.event_input)
     order by e.n
     limit 1;
    if found then
      raise exception using
        errcode = '23505',
        message = pg_catalog.format('idempotency_key %L was already used by %s for different content (event %s)',
          pg_catalog.left(clash.idempotency_key, 100), recorder, clash.event__id),
        detail = pg_catalog.format('event %s of %s', clash.n, how_many),
        hint = 'A retry must send exactly the same event; a new event needs a new idempotency_key.';
    end if;

    select pg_catalog.array_agg(coalesce(k.event__id, new_ids[e.n]) order by e.n)
      into final_ids
      from pg_catalog.unnest(events) with ordinality
             as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
      left join lib_event.idempotency_key k
        on k.consumer = recorder and k.idempotency_key = e.idempotency_key;

    -- Retries of earlier calls (ids that no element of this batch inserts).
    select coalesce(pg_catalog.array_agg(distinct f.id), '{}') into replayed_ids
      from pg_catalog.unnest(final_ids) f(id)
     where f.id <> all (new_ids);
  end if;

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
    -- Retries of earlier calls: the original event's receipt.
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

Every event is checked with lib_event.check_event (in a batch the message
says which event failed), then all are inserted by one statement with one
recording time. An event with an idempotency key already used by the same
consumer is not inserted again: with the same content its original receipt
comes back, with other content the call fails with 23505 (HTTP 409). More than
1000 events raise PT413 (HTTP 413).';
