-- migrate:up

-- The ingest queue applies a key's scope: a broker user may be mapped to an
-- API key (its consumer then must be the key's), and lib_event.ingest seals
-- that key for the batch, so lib_event.record_events checks its scope as it
-- does for a request over HTTP.

alter table lib_event.ingest_publisher
  add column api_key__id uuid references lib_event.api_key (api_key__id);
comment on column lib_event.ingest_publisher.api_key__id is 'The API key whose scope (event types, tenant) the broker user''s events must keep to; null: no scope. The key is not presented: the broker authenticated the user.';

set role lib_event_owner;

create function lib_event.check_ingest_publisher_key() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.api_key__id is not null
     and not exists (select from lib_event.api_key k
                      where k.api_key__id = new.api_key__id and k.consumer = new.consumer and k.access <> 'reader') then
    raise exception using
      errcode = 'LE015',
      message = pg_catalog.format('broker user %L is mapped to key %s, which is no recording key of consumer %s',
        new.amqp_user, new.api_key__id, new.consumer),
      hint = 'Map the user to a producer or producer_reader key of the same consumer (npm run key:list shows them), or leave api_key__id null.';
  end if;
  return new;
end
$$;
comment on function lib_event.check_ingest_publisher_key() is 'Trigger function: a broker user mapped to an API key is mapped to a recording key of its own consumer (LE015).';


CREATE OR REPLACE FUNCTION lib_event.ingest(publisher text, messages jsonb)
 RETURNS TABLE(message_id text, event__id uuid, error_code text, error_message text, error_hint text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  recorder text;
  recorder_key uuid;
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
  -- A mapping to a key that has been revoked records nothing, as none.
  select p.consumer, p.api_key__id into recorder, recorder_key
    from lib_event.ingest_publisher p
    left join lib_event.api_key k on k.api_key__id = p.api_key__id
   where p.amqp_user = publisher and (p.api_key__id is null or k.revoked_at is null);
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
  perform lib_event.seal_consumer(recorder);
  -- The mapped key's scope applies as it does over HTTP
  -- (lib_event.apply_producer_scope, in lib_event.record_events).
  if recorder_key is not null then
    perform lib_event.seal_key(recorder_key);
  end if;
  -- Past the backlog's bound the whole batch is refused (PT429, transient):
  -- the loader keeps the messages unacked and tries again later.
  perform lib_event.check_backlog();

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
$function$;

comment on function lib_event.ingest(text,jsonb) is 'Record a batch of queued messages [{"id": message_id, "body": text}] from one broker user, for the ingest loader.

The user must be listed in lib_event.ingest_publisher; its events are recorded
under the mapped consumer, and within the scope of the mapped API key if
there is one (a message outside it is refused with PT403, dead-lettered; a
revoked key records nothing), each message''s id as its idempotency key, so a
redelivered message returns its first receipt. Returns one row per message, in
order: the event__id, or the error (code, message, hint) that keeps it out.
Transient errors (connection, serialization, resources) are raised, not
returned: the loader retries the batch.';

grant execute on function lib_event.ingest(text,jsonb) to lib_event_ingest;

create or replace function lib_event.is_transient(state text) returns boolean
language sql immutable
set search_path = ''
as $$
  -- Only what the message itself got wrong keeps it out: a data exception
  -- (class 22), an integrity clash (23), lib_event's own checks (LE...), its
  -- size bounds (PT413) and an event outside the mapped key's scope (PT403).
  -- Everything else (no partition ready, a lock, a read-only server after
  -- failover, lost connections, internal errors) is the server's trouble:
  -- the loader retries the batch and nothing is dead-lettered for it.
  select not (pg_catalog.left(state, 2) in ('22', '23', 'LE') or state in ('PT413', 'PT403'));
$$;
comment on function lib_event.is_transient(text) is 'Whether an SQLSTATE says "try again later" (the server''s trouble) rather than "this message is wrong" (22, 23, LE..., PT413, PT403).';

reset role;

create trigger ingest_publisher_key_checked before insert or update on lib_event.ingest_publisher
  for each row execute function lib_event.check_ingest_publisher_key();
comment on trigger ingest_publisher_key_checked on lib_event.ingest_publisher is 'A mapped key is a recording key of the mapped consumer.';

-- migrate:down
-- Forward-only: a new migration undoes an old one.
