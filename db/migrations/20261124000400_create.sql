-- migrate:up
set role lib_event_owner;

create type lib_events.event_receipt as (
  event__id   uuid,
  event_type  text,
  occurred_at timestamptz,
  created_at  timestamptz,
  consumer    text,
  headers     jsonb
);
comment on type lib_events.event_receipt is
  'What recording an event returns: its id, times, consumer and stored headers (not the payload, which the caller already has).';

create function lib_event.current_consumer()
returns text
language plpgsql
stable
as $$
declare
  from_api_key text := pg_catalog.current_setting('lib_event.consumer', true);
begin
  -- Behind PostgREST the session user is the authenticator and the consumer
  -- is the API key's name, set by lib_event.check_request. Nobody else can
  -- log in as the authenticator, so a direct SQL caller cannot borrow a key's
  -- name: it is recorded under its own login role.
  if session_user <> 'lib_event_authenticator' then
    return session_user;
  end if;
  if from_api_key is null or from_api_key = '' then
    raise exception using
      errcode = 'PT401',
      message = 'this request carries no authenticated API key',
      hint = 'Send a valid key in the X-Api-Key header; PostgREST must run lib_event.check_request as its db-pre-request.';
  end if;
  return from_api_key;
end
$$;
comment on function lib_event.current_consumer() is
  'Who is recording: the API key''s consumer behind PostgREST, else the session''s login role.';

create function lib_event.utc_text(at timestamptz)
returns text
language sql
immutable
strict
parallel safe
as $$
  select pg_catalog.to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
$$;
comment on function lib_event.utc_text(timestamptz) is
  'ISO 8601 in UTC with microseconds: the form timestamps take in stored headers, whatever the session time zone.';

create function lib_event.check_event(
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

  select pg_catalog.array_agg(k order by k) into forged
    from pg_catalog.jsonb_object_keys(headers) k
   where k = any (reserved);
  if forged is not null then
    raise exception using
      errcode = 'LE003',
      message = pg_catalog.format('headers may not set the standard entries %s', pg_catalog.array_to_string(forged, ', ')),
      detail = pg_catalog.format('standard entries: %s', pg_catalog.array_to_string(reserved, ', ')),
      hint = 'lib_event fills those itself; pass occurred_at, source and partition_key as arguments of their own.';
  end if;

  if pg_catalog.octet_length(headers::text) > 65536 then
    raise exception using
      errcode = '54000',
      message = pg_catalog.format('headers are %s bytes, more than the 65536 allowed', pg_catalog.octet_length(headers::text)),
      hint = 'Headers describe the event; put bulky content in the payload, which has no such bound.';
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
  'Raise the documented LE0xx error when an event is not acceptable; return nothing otherwise.';

create function lib_event.record_event(
  event_type    text,
  payload       jsonb,
  headers       jsonb,
  occurred_at   timestamptz,
  source        uuid,
  partition_key text
)
returns lib_events.event_receipt
language plpgsql
volatile
as $$
declare
  recorded_at timestamptz := pg_catalog.clock_timestamp();
  new_id uuid := lib_event.uuid_v7(recorded_at);
  recorder text := lib_event.current_consumer();
  happened_at timestamptz := coalesce(occurred_at, recorded_at);
  stored_headers jsonb;
begin
  perform lib_event.check_event(event_type, headers, happened_at, partition_key, recorded_at);

  stored_headers := headers || pg_catalog.jsonb_build_object(
    'event_type', event_type,
    'event__id', new_id,
    'created_at', lib_event.utc_text(recorded_at),
    'occurred_at', lib_event.utc_text(happened_at),
    'source', source,
    'partition_key', partition_key,
    'consumer', recorder
  );

  insert into lib_event.event
    (event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload)
  values
    (new_id, event_type, happened_at, recorded_at, source, partition_key, recorder, stored_headers, payload);

  return row(new_id, event_type, happened_at, recorded_at, recorder, stored_headers)::lib_events.event_receipt;
end
$$;
comment on function lib_event.record_event(text, jsonb, jsonb, timestamptz, uuid, text) is
  'Check and insert one event; the one implementation behind every public way of recording.';

create function lib_events.create(
  event_type    text,
  payload       jsonb default null,
  headers       jsonb default '{}',
  occurred_at   timestamptz default null,
  source        uuid default null,
  partition_key text default null
)
returns lib_events.event_receipt
language sql
volatile
security definer
set search_path = ''
as $$
  select lib_event.record_event(event_type, payload, headers, occurred_at, source, partition_key);
$$;
comment on function lib_events.create(text, jsonb, jsonb, timestamptz, uuid, text) is
  'Record one event.

event_type follows <service>.<resourceType>.<verb_past_tense> (e.g.
billing.invoice.paid). payload is any JSON value, of any size. headers is a
JSON object of your own entries; lib_event adds event_type, event__id,
created_at, occurred_at, source, partition_key and consumer, and refuses a
call that sets any of them. occurred_at defaults to the recording time and may
not be in the future. The consumer is the API key''s name. Every event is
announced with NOTIFY lib_event.created carrying its id.';

grant execute on function lib_events.create(text, jsonb, jsonb, timestamptz, uuid, text)
  to lib_event_producer;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
