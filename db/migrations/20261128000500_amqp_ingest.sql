-- migrate:up

-- The RabbitMQ ingest loader logs in as its own role, which may do one thing:
-- call lib_event.ingest. Roles are cluster-wide: create it only when missing.
-- The operator sets its password (INGEST_PASSWORD), as for the relay.
do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'lib_event_ingest') then
    create role lib_event_ingest login;
  end if;
end
$$;
comment on role lib_event_ingest is
  'The RabbitMQ ingest loader (scripts/amqp-ingest.ts): records queued events through lib_event.ingest, under the consumer its publisher''s broker user is mapped to. Reads nothing.';

grant usage on schema lib_event to lib_event_ingest;

set role lib_event_owner;

create table lib_event.ingest_publisher (
  amqp_user  text collate "C" not null,
  consumer   lib_event.consumer_name not null,
  created_at timestamptz not null default pg_catalog.now(),
  constraint ingest_publisher_pkey primary key (amqp_user)
);
comment on table lib_event.ingest_publisher is
  'Who may record through the RabbitMQ ingest queue, and as whom: a broker user and the consumer its events are recorded under.

The broker user is the message''s user_id property, which RabbitMQ checks
against the user that opened the connection (a message claiming another user
is refused by the broker). A message whose user is not listed here is
dead-lettered with LE050, never recorded.';
comment on column lib_event.ingest_publisher.amqp_user is 'The RabbitMQ user name, as validated in the user_id message property.';
comment on column lib_event.ingest_publisher.consumer is 'The consumer recorded on this user''s events (same rule as an API key''s consumer).';
comment on column lib_event.ingest_publisher.created_at is 'When the mapping was added.';

-- The loader's session is trusted with the consumer setting the way the
-- authenticator's is: it can only reach lib_event.ingest, which sets the
-- setting itself from lib_event.ingest_publisher before recording.
create or replace function lib_event.current_consumer()
returns text
language plpgsql
stable
as $$
declare
  from_trusted_front text := pg_catalog.current_setting('lib_event.consumer', true);
begin
  -- Behind PostgREST the session user is the authenticator and the consumer
  -- is the API key's name, set by lib_event.check_request; behind the ingest
  -- loader it is the mapped broker user, set by lib_event.ingest. Nobody else
  -- can log in as either, so a direct SQL caller cannot borrow a name: it is
  -- recorded under its own login role.
  if session_user not in ('lib_event_authenticator', 'lib_event_ingest') then
    return session_user;
  end if;
  if from_trusted_front is null or from_trusted_front = '' then
    raise exception using
      errcode = 'PT401',
      message = 'this request carries no authenticated API key',
      hint = 'Send a valid key in the X-Api-Key header; PostgREST must run lib_event.check_request as its db-pre-request.';
  end if;
  return from_trusted_front;
end
$$;
comment on function lib_event.current_consumer() is
  'Who is recording: the API key''s consumer behind PostgREST, the mapped broker user behind the ingest loader, else the session''s login role.';

create function lib_event.ingest_event(message jsonb)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
  body text := message ->> 'body';
  message_id text := message ->> 'id';
  event jsonb;
begin
  if message_id is null or message_id = '' then
    raise exception using
      errcode = 'LE052',
      message = 'the message has no message_id property',
      hint = 'Publish each event with a unique message_id (a UUID, say): it is the event''s idempotency key, so a redelivery is not recorded twice.';
  end if;
  if body is null or not pg_catalog.pg_input_is_valid(body, 'jsonb') then
    raise exception using
      errcode = 'LE051',
      message = 'the message body is not JSON',
      detail = pg_catalog.format('body starts with %L', pg_catalog.left(coalesce(body, ''), 60)),
      hint = 'Publish the arguments of create as a JSON object: {"event_type": "billing.invoice.paid", "payload": {...}}.';
  end if;
  event := body::jsonb;
  if pg_catalog.jsonb_typeof(event) <> 'object' then
    raise exception using
      errcode = 'LE051',
      message = pg_catalog.format('the message body is a JSON %s, not an object', pg_catalog.jsonb_typeof(event)),
      hint = 'Publish the arguments of create as a JSON object: {"event_type": "billing.invoice.paid", "payload": {...}}.';
  end if;
  if event ? 'idempotency_key' and event ->> 'idempotency_key' is distinct from message_id then
    raise exception using
      errcode = 'LE053',
      message = 'the body''s idempotency_key differs from the message''s message_id',
      hint = 'Leave idempotency_key out of the body: the message_id is the idempotency key.';
  end if;
  return event || pg_catalog.jsonb_build_object('idempotency_key', message_id);
end
$$;
comment on function lib_event.ingest_event(jsonb) is
  'One queued message {"id": message_id, "body": text} as the arguments of create, its message id as the idempotency key; LE051 (body not a JSON object), LE052 (no message id), LE053 (another idempotency key in the body).';

create function lib_event.is_transient(state text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  -- Only what the message itself got wrong keeps it out: a data exception
  -- (class 22), an integrity clash (23), lib_event's own checks (LE...) and
  -- its size bounds (PT413). Everything else (no partition ready, a lock, a
  -- read-only server after failover, lost connections, internal errors) is
  -- the server's trouble: the loader retries the batch and nothing is
  -- dead-lettered for it.
  select not (pg_catalog.left(state, 2) in ('22', '23', 'LE') or state = 'PT413');
$$;
comment on function lib_event.is_transient(text) is
  'Whether an SQLSTATE says "try again later" (the server''s trouble) rather than "this message is wrong" (22, 23, LE..., PT413).';

create function lib_event.ingest_failure(code text, reason text, advice text)
returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
begin
  if lib_event.is_transient(code) then
    raise exception using errcode = code, message = reason, hint = coalesce(advice, '');
  end if;
  return pg_catalog.jsonb_build_object('code', code, 'message', reason, 'hint', nullif(advice, ''));
end
$$;
comment on function lib_event.ingest_failure(text, text, text) is
  'Why a queued message is kept out, as {"code", "message", "hint"}; a transient error (lib_event.is_transient) is raised again instead, so the loader retries.';

create function lib_event.ingest_checked(messages jsonb, out inputs lib_event.event_input[], out input_at integer[], out errors jsonb)
language plpgsql
stable
set search_path = ''
as $$
declare
  item record;
  input lib_event.event_input;
  failed_state text;
  failed_message text;
  failed_hint text;
begin
  inputs := '{}';
  input_at := '{}';
  errors := '{}';
  for item in select e.m, e.n::integer as n from pg_catalog.jsonb_array_elements(messages) with ordinality e(m, n) order by e.n loop
    begin
      input := (lib_event.event_inputs(pg_catalog.jsonb_build_array(lib_event.ingest_event(item.m))))[1];
      perform lib_event.check_event_input(input, pg_catalog.clock_timestamp());
      inputs := inputs || input;
      input_at := input_at || item.n;
    exception when others then
      get stacked diagnostics failed_state = returned_sqlstate, failed_message = message_text, failed_hint = pg_exception_hint;
      errors := errors || pg_catalog.jsonb_build_object(item.n::text, lib_event.ingest_failure(failed_state, failed_message, failed_hint));
    end;
  end loop;
end
$$;
comment on function lib_event.ingest_checked(jsonb) is
  'Each queued message checked alone: the valid ones as event inputs with their positions, the others'' errors keyed by position.';

create function lib_event.ingest_one_by_one(inputs lib_event.event_input[], input_at integer[], inout errors jsonb, out ids uuid[])
language plpgsql
volatile
set search_path = ''
as $$
declare
  recorded uuid;
  failed_state text;
  failed_message text;
  failed_hint text;
begin
  ids := '{}';
  for i in 1 .. coalesce(pg_catalog.cardinality(inputs), 0) loop
    begin
      select r.event__id into recorded from lib_event.record_events(array[inputs[i]]) r;
      ids := ids || recorded;
    exception when others then
      get stacked diagnostics failed_state = returned_sqlstate, failed_message = message_text, failed_hint = pg_exception_hint;
      ids := ids || null::uuid;
      errors := errors || pg_catalog.jsonb_build_object(input_at[i]::text, lib_event.ingest_failure(failed_state, failed_message, failed_hint));
    end;
  end loop;
end
$$;
comment on function lib_event.ingest_one_by_one(lib_event.event_input[], integer[], jsonb) is
  'Valid events that failed together (an idempotency key reused for other content, say), recorded one at a time: their ids, and the errors of those that fail alone.';

create function lib_event.ingest(publisher text, messages jsonb)
returns table (message_id text, event__id uuid, error_code text, error_message text, error_hint text)
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
  perform pg_catalog.set_config('lib_event.consumer', recorder, true);

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
$$;
comment on function lib_event.ingest(text, jsonb) is
  'Record a batch of queued messages [{"id": message_id, "body": text}] from one broker user, for the ingest loader.

The user must be listed in lib_event.ingest_publisher; its events are recorded
under the mapped consumer, each message''s id as its idempotency key, so a
redelivered message returns its first receipt. Returns one row per message, in
order: the event__id, or the error (code, message, hint) that keeps it out.
Transient errors (connection, serialization, resources) are raised, not
returned: the loader retries the batch.';

revoke all on function lib_event.ingest_event(jsonb) from public;
revoke all on function lib_event.is_transient(text) from public;
revoke all on function lib_event.ingest_failure(text, text, text) from public;
revoke all on function lib_event.ingest_checked(jsonb) from public;
revoke all on function lib_event.ingest_one_by_one(lib_event.event_input[], integer[], jsonb) from public;
revoke all on function lib_event.ingest(text, jsonb) from public;
grant execute on function lib_event.ingest(text, jsonb) to lib_event_ingest;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
