-- migrate:up
set role lib_event_owner;

-- Bounds PostgREST reports as the client's fault.
--
-- PostgREST (v16.2, mapSQLtoHTTP in src/library/PostgREST/Error.hs) answers
-- SQLSTATE class 54 ("too complex") with 500, so size bounds raised as 54000
-- reached HTTP clients as server errors, which a client retries forever.
-- They now raise PT413 (PostgREST: "PT" followed by a status gives that
-- status). Also refused with a 4xx, never stored: an occurred_at that is not
-- a finite time of our era, JSON nested deeper than any reader can take, a
-- header that spells a standard entry with other case or spaces, and a find
-- cursor that find never issued.

create function lib_event.check_json_depth(what text, value jsonb)
returns void
language plpgsql
immutable
parallel safe
as $$
begin
  -- 128 is serde_json's default recursion limit, the lowest among common
  -- JSON readers that allow deep documents at all; a deeper value would
  -- be stored and then break the readers of the log. The path stops at
  -- level 128, so this check never recurses deeper itself.
  if pg_catalog.jsonb_path_exists(value,
       'strict $.**{128} ? (@.type() == "array" || @.type() == "object")') then
    raise exception using
      errcode = 'LE040',
      message = pg_catalog.format('%s nests arrays and objects more than 128 deep', what),
      hint = 'Flatten the structure: at most 128 levels of nested arrays and objects are accepted.';
  end if;
end
$$;
comment on function lib_event.check_json_depth(text, jsonb) is
  'Refuse (LE040) a JSON value with more than 128 levels of nested arrays and objects; what names the value in the message.';

create or replace function lib_event.check_event(
  event_type    text,
  headers       jsonb,
  occurred_at   timestamptz,
  partition_key text,
  created_at    timestamptz
)
returns void
language plpgsql
stable
as $$
declare
  reserved text[] := array['event_type', 'event__id', 'created_at', 'occurred_at', 'source', 'partition_key', 'consumer'];
  forged text[];
begin
  if event_type is null or not pg_catalog.pg_input_is_valid(event_type, 'lib_event.event_type') then
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

  -- Case and surrounding white space do not make another entry: a reader
  -- looking for consumer must not find a forged Consumer beside it.
  select pg_catalog.array_agg(pg_catalog.quote_literal(k) order by k) into forged
    from pg_catalog.jsonb_object_keys(headers) k
   where pg_catalog.lower(pg_catalog.btrim(k, E' \t\r\n')) = any (reserved);
  if forged is not null then
    raise exception using
      errcode = 'LE003',
      message = pg_catalog.format('headers may not set the standard entries %s', pg_catalog.array_to_string(forged, ', ')),
      detail = pg_catalog.format('standard entries (in any case, with or without surrounding spaces): %s',
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
$$;
comment on function lib_event.check_event(text, jsonb, timestamptz, text, timestamptz) is
  'Raise the documented error when an event is not acceptable (LE001-LE005, LE040, PT413); return nothing otherwise.';

create or replace function lib_event.record_events(events lib_event.event_input[])
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
$$;
comment on function lib_event.record_events(lib_event.event_input[]) is
  'Check and insert events, all or nothing, and return their receipts in the order given: the one implementation behind every public way of recording.

Every event is checked with lib_event.check_event (in a batch the message
says which event failed), then all are inserted by one statement with one
recording time. An event with an idempotency key already used by the same
consumer is not inserted again: with the same content its original receipt
comes back, with other content the call fails with 23505 (HTTP 409). More than
1000 events raise PT413 (HTTP 413).';

create or replace function lib_event.event_inputs(events jsonb)
returns lib_event.event_input[]
language plpgsql
stable
as $$
declare
  allowed text[] := array['event_type', 'payload', 'headers', 'occurred_at', 'source', 'partition_key', 'idempotency_key'];
  misfit record;
  inputs lib_event.event_input[];
begin
  if events is null or pg_catalog.jsonb_typeof(events) <> 'array' then
    raise exception using
      errcode = 'LE007',
      message = pg_catalog.format('events must be a JSON array of event objects, not %s',
        coalesce(pg_catalog.jsonb_typeof(events), 'null')),
      hint = 'POST the array itself, [{"event_type": "billing.invoice.paid", ...}, ...], or {"events": [...]}.';
  end if;

  select e.n, pg_catalog.jsonb_typeof(e.item) as kind into misfit
    from pg_catalog.jsonb_array_elements(events) with ordinality e(item, n)
   where pg_catalog.jsonb_typeof(e.item) <> 'object'
   order by e.n
   limit 1;
  if found then
    raise exception using
      errcode = 'LE007',
      message = pg_catalog.format('event %s of %s is a JSON %s, not an object',
        misfit.n, pg_catalog.jsonb_array_length(events), misfit.kind),
      hint = 'Each element is an object with the arguments of create: {"event_type": ..., "payload": ...}.';
  end if;

  select e.n, k.name into misfit
    from pg_catalog.jsonb_array_elements(events) with ordinality e(item, n),
         pg_catalog.jsonb_object_keys(e.item) k(name)
   where k.name <> all (allowed)
   order by e.n, k.name
   limit 1;
  if found then
    raise exception using
      errcode = 'LE008',
      message = pg_catalog.format('event %s of %s has the unknown field %s',
        misfit.n, pg_catalog.jsonb_array_length(events), pg_catalog.quote_literal(pg_catalog.left(misfit.name, 100))),
      detail = pg_catalog.format('fields: %s', pg_catalog.array_to_string(allowed, ', ')),
      hint = 'Use the argument names of create; put your own entries in headers or payload.';
  end if;

  -- The same defaults as create: headers absent means {}, a JSON null
  -- payload is no payload.
  select pg_catalog.array_agg(row(
           e.item ->> 'event_type',
           nullif(e.item -> 'payload', 'null'::jsonb),
           case when e.item ? 'headers' then e.item -> 'headers' else '{}'::jsonb end,
           (e.item ->> 'occurred_at')::timestamptz,
           (e.item ->> 'source')::uuid,
           e.item ->> 'partition_key',
           e.item ->> 'idempotency_key'
         )::lib_event.event_input order by e.n)
    into inputs
    from pg_catalog.jsonb_array_elements(events) with ordinality e(item, n);
  return coalesce(inputs, '{}');
end
$$;
comment on function lib_event.event_inputs(jsonb) is
  'A JSON array of event objects (the body of create_many) as lib_event.event_input values, or the documented LE007/LE008 error.';

-- PostgREST 13 removed Prefer: params=single-object. A function whose one
-- parameter is an unnamed jsonb receives the whole request body instead
-- (v16.2: hasSingleUnnamedParam in findProc, src/library/PostgREST/Plan.hs),
-- so create_many's parameter loses its name: POST [...] and POST
-- {"events": [...]} both reach it whole.
drop function lib_events.create_many(jsonb);
create function lib_events.create_many(jsonb)
returns setof lib_events.event_receipt
language sql
volatile
security definer
set search_path = ''
as $$
  select r.*
    from lib_event.record_events(lib_event.event_inputs(
           case when pg_catalog.jsonb_typeof($1) = 'object' and $1 ? 'events'
                then $1 -> 'events' else $1 end)) r;
$$;
comment on function lib_events.create_many(jsonb) is
  'Record up to 1000 events in one call, all or nothing; their receipts come back in the order sent.

The body is a JSON array of objects with the arguments of create (event_type,
payload, headers, occurred_at, source, partition_key, idempotency_key), or
{"events": [...]} with such an array. PostgREST passes a plain array only when
every object has the same keys (else 400 PGRST102); the {"events": [...]}
form takes events with different keys. Every event is checked as create
checks it; an error names the event (event 3 of 10: ...) and records nothing.
More than 1000 events: PT413 (HTTP 413). Retries with the same
idempotency_key return the original receipts. Listeners learn every id:
NOTIFY lib_event.created carries the new ids, comma-separated, at most 200 per
notification.';

grant execute on function lib_events.create_many(jsonb) to lib_event_producer;

create or replace function lib_event.find_position(cursor text, out created_at timestamptz, out event__id uuid)
language plpgsql
immutable
strict
as $$
declare
  decoded text[];
begin
  decoded := pg_catalog.string_to_array(pg_catalog.convert_from(pg_catalog.decode(
    pg_catalog.rpad(pg_catalog.translate(cursor, '-_', '+/'),
                    (pg_catalog.length(cursor) + 3) / 4 * 4, '='), 'base64'), 'UTF8'), '/');
  created_at := decoded[1]::timestamptz;
  event__id := decoded[2]::uuid;
  -- find only issues positions of recorded events (lib_events.find checks
  -- that one exists); a time no event can have is refused here already.
  if pg_catalog.cardinality(decoded) <> 2 or created_at is null or event__id is null
     or not pg_catalog.isfinite(created_at) then
    raise exception 'not a find cursor';
  end if;
exception when others then
  raise exception using
    errcode = 'LE020',
    message = pg_catalog.format('cursor %s is not one that find returned',
      pg_catalog.quote_literal(pg_catalog.left(cursor, 100))),
    hint = 'Send the cursor column of the last row of the previous page unchanged, or no cursor for the first page.';
end
$$;
comment on function lib_event.find_position(text) is
  'The (created_at, event__id) a find cursor stands for, or LE020 when it cannot be one.';

-- lib_events.find's page_size bound becomes PT413 in 20261128000300_large_payloads.sql,
-- which redefines find for its byte budget as well.

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
