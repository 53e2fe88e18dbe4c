-- migrate:up

-- lib_event.record_events in parts with one job each: check the batch, claim
-- its idempotency keys, insert. One INSERT serves batches with and without
-- keys (it carried two copies of it).

set role lib_event_owner;

create function lib_event.check_event_inputs(events lib_event.event_input[], recorded_at timestamptz)
returns boolean
language plpgsql
stable
as $$
declare
  how_many integer := coalesce(pg_catalog.cardinality(events), 0);
  position integer := 0;
  item lib_event.event_input;
  keyed boolean := false;
  failed_code text;
  failed_message text;
  failed_detail text;
  failed_hint text;
begin
  if how_many = 1 then
    -- One event: no need to say which one failed, so no exception block
    -- (and no subtransaction) on the path every create takes.
    perform lib_event.check_event_input(events[1], recorded_at);
    return (events[1]).idempotency_key is not null;
  end if;
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
  return keyed;
end
$$;
comment on function lib_event.check_event_inputs(lib_event.event_input[], timestamptz) is
  'Check every event of a batch with lib_event.check_event_input (in a batch of several the message says which event failed); true when any carries an idempotency key.';

create function lib_event.claim_idempotency_keys(
  events lib_event.event_input[], new_ids uuid[], recorder text, recorded_at timestamptz)
returns uuid[]
language plpgsql
volatile
as $$
declare
  clash record;
  final_ids uuid[];
begin
  -- ON CONFLICT waits for a concurrent transaction holding the same key and
  -- then skips it; keys are claimed in key order so two batches never wait
  -- on each other in a cycle.
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
  select e.n, e.idempotency_key, k.event__id
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
      detail = pg_catalog.format('event %s of %s', clash.n, pg_catalog.cardinality(events)),
      hint = 'A retry must send exactly the same event; a new event needs a new idempotency_key.';
  end if;

  select pg_catalog.array_agg(coalesce(k.event__id, new_ids[e.n]) order by e.n)
    into final_ids
    from pg_catalog.unnest(events) with ordinality
           as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
    left join lib_event.idempotency_key k
      on k.consumer = recorder and k.idempotency_key = e.idempotency_key;
  return final_ids;
end
$$;
comment on function lib_event.claim_idempotency_keys(lib_event.event_input[], uuid[], text, timestamptz) is
  'Claim the idempotency keys of a batch for the recorder and return, in input order, the id each event ends with: its new id, or the id of the event its key already names. A key already used for other content raises 23505 (HTTP 409).';

create or replace function lib_event.record_events(events lib_event.event_input[])
returns setof lib_events.event_receipt
language plpgsql
as $$
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
$$;

reset role;

-- migrate:down
