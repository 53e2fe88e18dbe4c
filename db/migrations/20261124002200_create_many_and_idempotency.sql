-- migrate:up
set role lib_event_owner;

-- create gains an argument, which CREATE OR REPLACE cannot add: drop it and
-- create it again, with the same grant and a longer comment.
drop function lib_events.create(text, jsonb, jsonb, timestamptz, uuid, text);

create function lib_events.create(
  event_type      text,
  payload         jsonb default null,
  headers         jsonb default '{}',
  occurred_at     timestamptz default null,
  source          uuid default null,
  partition_key   text default null,
  idempotency_key text default null
)
returns lib_events.event_receipt
language sql
volatile
security definer
set search_path = ''
as $$
  select r.*
    from lib_event.record_events(array[row(event_type, payload, headers, occurred_at, source, partition_key,
           idempotency_key)::lib_event.event_input]) r;
$$;
comment on function lib_events.create(text, jsonb, jsonb, timestamptz, uuid, text, text) is
  'Record one event.

event_type follows <service>.<resourceType>.<verb_past_tense> (e.g.
billing.invoice.paid). payload is any JSON value, of any size. headers is a
JSON object of your own entries; lib_event adds event_type, event__id,
created_at, occurred_at, source, partition_key and consumer, and refuses a
call that sets any of them. occurred_at defaults to the recording time and may
not be in the future. The consumer is the API key''s name. Every event is
announced with NOTIFY lib_event.created carrying its id.

idempotency_key (1 to 255 characters, scoped to your consumer) makes a retry
safe: a second call with the same key and the same content records nothing
and returns the first call''s receipt; the same key with different content
fails with 23505 (HTTP 409).';

grant execute on function lib_events.create(text, jsonb, jsonb, timestamptz, uuid, text, text)
  to lib_event_producer;

-- create was record_event's only caller.
drop function lib_event.record_event(text, jsonb, jsonb, timestamptz, uuid, text);

create function lib_event.event_inputs(events jsonb)
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
      hint = 'POST [{"event_type": "billing.invoice.paid", ...}, ...] with Prefer: params=single-object, or {"events": [...]}.';
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

create function lib_events.create_many(events jsonb)
returns setof lib_events.event_receipt
language sql
volatile
security definer
set search_path = ''
as $$
  select r.*
    from lib_event.record_events(lib_event.event_inputs(
           case when pg_catalog.jsonb_typeof(events) = 'object' and events ? 'events'
                then events -> 'events' else events end)) r;
$$;
comment on function lib_events.create_many(jsonb) is
  'Record up to 1000 events in one call, all or nothing; their receipts come back in the order sent.

events is a JSON array of objects with the arguments of create (event_type,
payload, headers, occurred_at, source, partition_key, idempotency_key).
POST the array itself with the header Prefer: params=single-object, or POST
{"events": [...]}. Every event is checked as create checks it; an error names
the event (event 3 of 10: ...) and records nothing. More than 1000 events:
54000 (HTTP 413). Retries with the same idempotency_key return the original
receipts. Listeners learn every id: NOTIFY lib_event.created carries the new
ids, comma-separated, at most 200 per notification.';

grant execute on function lib_events.create_many(jsonb) to lib_event_producer;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
