-- migrate:up

-- Producer scopes: an event outside the key's event types or tenant is
-- refused with 403 (PT403) naming what the key may record, before anything
-- is written (a batch with one such event records nothing). The tenant is a
-- field of create and create_many (and of an ingest message's body), kept in
-- headers.tenant, which the leaf hash covers, and in the event's indexed
-- tenant column; a key scoped to a tenant gives it to every event it records.

set role lib_event_owner;

create function lib_event.headers_with_tenant(headers jsonb, tenant text, n bigint, how_many bigint) returns jsonb
language plpgsql immutable
set search_path = ''
as $$
begin
  if tenant is null or pg_catalog.jsonb_typeof(headers) is distinct from 'object' then
    return headers;
  end if;
  if headers ? 'tenant' and headers ->> 'tenant' is distinct from tenant then
    raise exception using
      errcode = 'LE014',
      message = pg_catalog.format('%stenant %s and headers.tenant %s differ', lib_event.batch_position(n, how_many),
        pg_catalog.quote_literal(lib_event.shortened(tenant)), lib_event.shortened((headers -> 'tenant')::text)),
      hint = 'Give the tenant once: the tenant field, or headers.tenant.';
  end if;
  return headers || pg_catalog.jsonb_build_object('tenant', tenant);
end
$$;
comment on function lib_event.headers_with_tenant(jsonb,text,bigint,bigint) is 'An event''s headers with its tenant field as headers.tenant, where the event keeps it; LE014 when both are given and differ.';

create function lib_event.apply_producer_scope(events lib_event.event_input[]) returns lib_event.event_input[]
language plpgsql stable
set search_path = ''
as $$
declare
  holder lib_event.api_key := lib_event.request_key();
  how_many integer := coalesce(pg_catalog.cardinality(events), 0);
  likes text[] := lib_event.event_type_likes(holder.scope_event_types::text[]);
  key_tenant text := holder.scope_tenants[1];
  misfit record;
begin
  select e.n, e.headers -> 'tenant' as given into misfit
    from pg_catalog.unnest(events) with ordinality
           as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
   where pg_catalog.jsonb_typeof(e.headers) = 'object' and e.headers ? 'tenant'
     and (pg_catalog.jsonb_typeof(e.headers -> 'tenant') <> 'string'
          or not pg_catalog.pg_input_is_valid(e.headers ->> 'tenant', 'lib_event.tenant'))
   order by e.n
   limit 1;
  if found then
    raise exception using
      errcode = 'LE014',
      message = pg_catalog.format('%stenant %s is not allowed', lib_event.batch_position(misfit.n, how_many),
        lib_event.shortened(misfit.given::text)),
      hint = 'A tenant is a JSON string of 1 to 255 characters, without control characters or leading and trailing space.';
  end if;
  if holder.api_key__id is null then
    return events;
  end if;

  if likes is not null then
    select e.n, e.event_type into misfit
      from pg_catalog.unnest(events) with ordinality
             as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
     where e.event_type is not null and not e.event_type like any (likes)
     order by e.n
     limit 1;
    if found then
      raise exception using
        errcode = 'PT403',
        message = pg_catalog.format('%sevent_type %s is outside the scope of the API key of %s',
          lib_event.batch_position(misfit.n, how_many), pg_catalog.quote_literal(lib_event.shortened(misfit.event_type)),
          holder.consumer),
        detail = pg_catalog.format('The key may record the event types %s. Nothing was written.',
          pg_catalog.array_to_string(holder.scope_event_types, ', ')),
        hint = 'Record only the event types the key allows, or ask an operator for a key with that scope.';
    end if;
  end if;

  if key_tenant is not null then
    select e.n, e.headers ->> 'tenant' as given into misfit
      from pg_catalog.unnest(events) with ordinality
             as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
     where pg_catalog.jsonb_typeof(e.headers) = 'object' and e.headers ->> 'tenant' is distinct from key_tenant
       and e.headers ? 'tenant'
     order by e.n
     limit 1;
    if found then
      raise exception using
        errcode = 'PT403',
        message = pg_catalog.format('%stenant %s is outside the scope of the API key of %s',
          lib_event.batch_position(misfit.n, how_many), pg_catalog.quote_literal(lib_event.shortened(misfit.given)),
          holder.consumer),
        detail = pg_catalog.format('The key records for the tenant %s. Nothing was written.', pg_catalog.quote_literal(key_tenant)),
        hint = 'Leave the tenant out (the key gives its own), or ask an operator for a key of that tenant.';
    end if;
    select pg_catalog.array_agg(row(e.event_type, e.payload,
             case when pg_catalog.jsonb_typeof(e.headers) = 'object'
                  then e.headers || pg_catalog.jsonb_build_object('tenant', key_tenant) else e.headers end,
             e.occurred_at, e.source, e.partition_key, e.idempotency_key)::lib_event.event_input order by e.n)
      into events
      from pg_catalog.unnest(events) with ordinality
             as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n);
  end if;
  return events;
end
$$;
comment on function lib_event.apply_producer_scope(lib_event.event_input[]) is 'The events a request may record under its API key''s scope, each with the key''s tenant if it has one.

PT403 (HTTP 403) for an event type outside the key''s patterns or a tenant
other than its own, naming what the key may record; LE014 for a
headers.tenant that is no tenant (a JSON string of 1 to 255 characters).
Without a key (direct SQL callers) only the tenant''s shape is checked.';


CREATE OR REPLACE FUNCTION lib_event.event_inputs(events jsonb)
 RETURNS lib_event.event_input[]
 LANGUAGE plpgsql
 STABLE
AS $function$
declare
  allowed text[] := array['event_type', 'payload', 'headers', 'occurred_at', 'source', 'partition_key', 'idempotency_key', 'tenant'];
  -- The fields that are text: a JSON string each, or null.
  textual text[] := array['event_type', 'occurred_at', 'source', 'partition_key', 'idempotency_key', 'tenant'];
  how_many integer;
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
  how_many := pg_catalog.jsonb_array_length(events);
  if how_many = 0 then
    raise exception using
      errcode = 'LE007',
      message = 'events must be a non-empty JSON array of event objects: there are none',
      detail = 'PostgREST passes a body that is neither a JSON array nor an object (42, null, "text") as an empty array.',
      hint = 'POST [{"event_type": "billing.invoice.paid", ...}, ...], or {"events": [...]}, with at least one event.';
  end if;

  select e.n, pg_catalog.jsonb_typeof(e.item) as kind into misfit
    from pg_catalog.jsonb_array_elements(events) with ordinality e(item, n)
   where pg_catalog.jsonb_typeof(e.item) <> 'object'
   order by e.n
   limit 1;
  if found then
    raise exception using
      errcode = 'LE007',
      message = pg_catalog.format('event %s of %s is a JSON %s, not an object', misfit.n, how_many, misfit.kind),
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
        misfit.n, how_many, pg_catalog.quote_literal(pg_catalog.left(misfit.name, 100))),
      detail = pg_catalog.format('fields: %s', pg_catalog.array_to_string(allowed, ', ')),
      hint = 'Use the argument names of create; put your own entries in headers or payload.';
  end if;

  -- A number, an object, an array or a boolean where text goes is refused,
  -- not stored as its JSON text.
  select e.n, f.name, pg_catalog.jsonb_typeof(e.item -> f.name) as kind,
         (e.item -> f.name)::text as value into misfit
    from pg_catalog.jsonb_array_elements(events) with ordinality e(item, n),
         pg_catalog.unnest(textual) with ordinality f(name, field_n)
   where pg_catalog.jsonb_typeof(e.item -> f.name) not in ('string', 'null')
   order by e.n, f.field_n
   limit 1;
  if found then
    raise exception using
      errcode = 'LE041',
      message = pg_catalog.format('%s%s must be a JSON string, not %s %s (%s)',
        lib_event.batch_position(misfit.n, how_many), misfit.name,
        case when misfit.kind in ('object', 'array') then 'an' else 'a' end, misfit.kind,
        lib_event.shortened(misfit.value)),
      detail = pg_catalog.format('JSON strings (or null to leave them out): %s', pg_catalog.array_to_string(textual, ', ')),
      hint = pg_catalog.format('Send %s as a JSON string ("42", not 42), or leave it out.', misfit.name);
  end if;

  select e.n, e.item ->> 'occurred_at' as value into misfit
    from pg_catalog.jsonb_array_elements(events) with ordinality e(item, n)
   where pg_catalog.jsonb_typeof(e.item -> 'occurred_at') = 'string'
     and not lib_event.is_rfc3339_time(e.item ->> 'occurred_at')
   order by e.n
   limit 1;
  if found then
    raise exception using
      errcode = '22007',
      message = pg_catalog.format('%soccurred_at %s is not an RFC 3339 date-time',
        lib_event.batch_position(misfit.n, how_many), pg_catalog.quote_literal(lib_event.shortened(misfit.value))),
      detail = 'PostgreSQL''s other forms (today, yesterday, epoch, now, 11/24/2026, a time without an offset) are refused: their meaning depends on the server''s clock, date style or time zone.',
      hint = 'Send the time it happened as 2026-11-24T10:00:00Z or 2026-11-24T11:00:00.250+01:00, or leave occurred_at out.';
  end if;

  -- The same defaults as create: headers absent means {}, a JSON null
  -- payload is no payload.
  select pg_catalog.array_agg(row(
           e.item ->> 'event_type',
           nullif(e.item -> 'payload', 'null'::jsonb),
           lib_event.headers_with_tenant(case when e.item ? 'headers' then e.item -> 'headers' else '{}'::jsonb end,
             e.item ->> 'tenant', e.n, how_many),
           (e.item ->> 'occurred_at')::timestamptz,
           (e.item ->> 'source')::uuid,
           e.item ->> 'partition_key',
           e.item ->> 'idempotency_key'
         )::lib_event.event_input order by e.n)
    into inputs
    from pg_catalog.jsonb_array_elements(events) with ordinality e(item, n);
  return inputs;
end
$function$;

comment on function lib_event.event_inputs(jsonb) is 'A non-empty JSON array of event objects (the body of create_many) as lib_event.event_input values, or the documented error.

LE007: not an array of objects, or empty; LE008: a field create does not
take; LE041: event_type, occurred_at, source, partition_key,
idempotency_key or tenant not a JSON string (or null); tenant goes into
headers.tenant (lib_event.headers_with_tenant); 22007: occurred_at not an RFC 3339
date-time.';


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

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
