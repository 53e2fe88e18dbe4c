-- migrate:up
set role lib_event_owner;

-- One set-based implementation records one event or a thousand: create and
-- create_many both end up in lib_event.record_events.

create type lib_event.event_input as (
  event_type      text,
  payload         jsonb,
  headers         jsonb,
  occurred_at     timestamptz,
  source          uuid,
  partition_key   text,
  idempotency_key text
);
comment on type lib_event.event_input is
  'One event as a caller hands it in, before checking: the arguments of lib_events.create.';

create table lib_event.idempotency_key (
  consumer        text collate "C" not null,
  idempotency_key text collate "C" not null,
  content_hash    bytea not null,
  event__id       uuid not null,
  created_at      timestamptz not null,
  constraint idempotency_key_pkey primary key (consumer, idempotency_key),
  constraint idempotency_key_length check (pg_catalog.length(idempotency_key) between 1 and 255),
  constraint idempotency_key_content_hash_is_sha256 check (pg_catalog.length(content_hash) = 32)
);
comment on table lib_event.idempotency_key is
  'Idempotency keys that producers sent, per consumer, with the event each one recorded.

A separate table rather than a unique column of lib_event.event: a unique
constraint on a partitioned table must include the partition key, and keys
can be kept for a shorter time than events.';
comment on column lib_event.idempotency_key.consumer is 'The consumer that sent the key: keys are scoped per consumer.';
comment on column lib_event.idempotency_key.idempotency_key is 'The caller''s key, 1 to 255 characters.';
comment on column lib_event.idempotency_key.content_hash is 'sha256 of the event as sent (lib_event.event_content_hash): a retry must send the same content.';
comment on column lib_event.idempotency_key.event__id is 'The event the first call with this key recorded.';
comment on column lib_event.idempotency_key.created_at is 'When the key was first used.';

create function lib_event.event_content_hash(event lib_event.event_input)
returns bytea
language sql
immutable
parallel safe
as $$
  -- Times go through utc_text so that the session time zone changes nothing;
  -- jsonb already ignores key order and white space.
  select pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_array(
    event.event_type, event.payload, event.headers, lib_event.utc_text(event.occurred_at),
    event.source, event.partition_key)::text, 'UTF8'));
$$;
comment on function lib_event.event_content_hash(lib_event.event_input) is
  'The content of an event as sent (everything but its idempotency key), hashed: equal for a faithful retry.';

create function lib_event.check_event_input(event lib_event.event_input, recorded_at timestamptz)
returns void
language plpgsql
stable
as $$
begin
  perform lib_event.check_event(event.event_type, event.headers,
    coalesce(event.occurred_at, recorded_at), event.partition_key, recorded_at);
  if pg_catalog.length(event.idempotency_key) not between 1 and 255 then
    raise exception using
      errcode = 'LE006',
      message = pg_catalog.format('idempotency_key must be 1 to 255 characters, not %s',
        pg_catalog.length(event.idempotency_key)),
      hint = 'Send a short unique string per event (a UUID, say), or leave idempotency_key out.';
  end if;
end
$$;
comment on function lib_event.check_event_input(lib_event.event_input, timestamptz) is
  'lib_event.check_event for one event as handed in, plus the bound on its idempotency key (LE006).';

create function lib_event.stored_headers(
  headers       jsonb,
  event_type    text,
  event__id     uuid,
  created_at    timestamptz,
  occurred_at   timestamptz,
  source        uuid,
  partition_key text,
  consumer      text
)
returns jsonb
language sql
immutable
parallel safe
as $$
  -- Plain SQL, so the planner inlines it into the INSERT that calls it.
  select headers || pg_catalog.jsonb_build_object(
    'event_type', event_type,
    'event__id', event__id,
    'created_at', lib_event.utc_text(created_at),
    'occurred_at', lib_event.utc_text(occurred_at),
    'source', source,
    'partition_key', partition_key,
    'consumer', consumer);
$$;
comment on function lib_event.stored_headers(jsonb, text, uuid, timestamptz, timestamptz, uuid, text, text) is
  'The headers stored with an event: the caller''s entries plus the standard ones (the one place that lists them).';

create function lib_event.record_events(events lib_event.event_input[])
returns setof lib_events.event_receipt
language plpgsql
volatile
as $$
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
      errcode = '54000',
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
          from (select e.*, lib_event.uuid_v7(recorded_at) as new_id, coalesce(e.occurred_at, recorded_at) as happened_at
                  from pg_catalog.unnest(events) with ordinality
                         as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
                 order by e.n) i
        returning event__id, event_type::text, occurred_at, created_at, consumer::text, headers
      )
      select * from inserted;
    return;
  end if;

  select pg_catalog.array_agg(lib_event.uuid_v7(recorded_at) order by n)
    into new_ids
    from pg_catalog.generate_series(1, how_many) n;
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
$$;
comment on function lib_event.record_events(lib_event.event_input[]) is
  'Check and insert events, all or nothing, and return their receipts in the order given: the one implementation behind every public way of recording.

Every event is checked with lib_event.check_event (in a batch the message
says which event failed), then all are inserted by one statement with one
recording time. An event with an idempotency key already used by the same
consumer is not inserted again: with the same content its original receipt
comes back, with other content the call fails with 23505 (HTTP 409). More than
1000 events raise 54000 (HTTP 413).';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
