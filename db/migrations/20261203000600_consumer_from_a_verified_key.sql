-- migrate:up

-- The consumer comes only from a verified key (or, behind the ingest loader,
-- from a mapped broker user). lib_event.current_consumer trusted the
-- lib_event.consumer setting whenever the session user was the
-- authenticator, and a setting can be set by anyone: with the
-- authenticator's password, set_config('lib_event.consumer', 'payroll',
-- true) and set role lib_event_producer recorded under any name, even one no
-- key has.
--
-- The setting now carries a seal: a keyed SHA-256 of the consumer, the
-- backend and the transaction's start, under a key only lib_event_owner can
-- read. Only definer code seals (the key lookup of the pre-request and
-- lib_event.ingest); current_consumer, a definer function too, checks the
-- seal and refuses a name without a good one. It writes nothing, so it costs
-- no row per request and works on a read replica; the seal is good for one
-- transaction of one backend, so PostgREST's pooled connections cannot
-- inherit it.

set role lib_event_owner;

create table lib_event.consumer_seal_key (
  only_row boolean primary key default true check (only_row),
  seal_key bytea not null check (pg_catalog.length(seal_key) >= 32)
);
comment on table lib_event.consumer_seal_key is
  'The key that seals the lib_event.consumer setting (lib_event.consumer_seal). One row, readable by lib_event_owner alone; replace it to void every seal in flight.';
comment on column lib_event.consumer_seal_key.only_row is 'Always true: the table holds one key.';
comment on column lib_event.consumer_seal_key.seal_key is '32 bytes from the server''s strong random source (two gen_random_uuid, 244 random bits).';
-- gen_random_uuid draws from the server's strong random source.
insert into lib_event.consumer_seal_key (seal_key)
  values (pg_catalog.uuid_send(pg_catalog.gen_random_uuid()) || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()));

create function lib_event.consumer_seal(consumer text)
returns text
language sql
stable
set search_path = ''
as $$
  -- sha256(key || sha256(key || message)): the outer hash hides the inner
  -- one, so the seal cannot be extended to a longer name. The transaction's
  -- start as epoch seconds, not text: the time zone cannot change it.
  select pg_catalog.encode(pg_catalog.sha256(k.seal_key || pg_catalog.sha256(k.seal_key || pg_catalog.convert_to(
           pg_catalog.concat_ws(':', pg_catalog.pg_backend_pid(),
             pg_catalog.date_part('epoch', pg_catalog.transaction_timestamp()), consumer), 'UTF8'))), 'hex')
    from lib_event.consumer_seal_key k
$$;
comment on function lib_event.consumer_seal(text) is 'The seal of a consumer name for this backend''s current transaction. Executable by lib_event_owner alone: its definer functions seal (lib_event.seal_consumer) and check (lib_event.current_consumer).';

create function lib_event.seal_consumer(consumer text)
returns void
language sql
volatile
set search_path = ''
as $$
  select pg_catalog.set_config('lib_event.consumer', consumer, true),
         pg_catalog.set_config('lib_event.consumer_seal', lib_event.consumer_seal(consumer), true)
$$;
comment on function lib_event.seal_consumer(text) is 'Name the consumer of this transaction, sealed: lib_event.current_consumer accepts it for this transaction of this backend only. Executable by lib_event_owner alone; called by definer code that has verified who records.';

create function lib_event.authenticate_request(api_key text)
returns table (consumer text, access lib_event.api_key_access)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  holder record;
begin
  select * into holder from lib_event.api_key_authenticate(api_key);
  if found then
    perform lib_event.seal_consumer(holder.consumer);
    return query select holder.consumer, holder.access;
  end if;
end
$$;
comment on function lib_event.authenticate_request(text) is 'The pre-request''s key lookup: the consumer and access of an active API key, with the consumer sealed into this transaction (lib_event.seal_consumer); no row, and nothing sealed, when the key is unknown or revoked.';
grant execute on function lib_event.authenticate_request(text) to lib_event_anon;

create or replace function lib_event.check_request()
returns void
language plpgsql
as $$
declare
  request_headers json := coalesce(pg_catalog.current_setting('request.headers', true), '{}')::json;
  presented_key text := request_headers ->> 'x-api-key';
  body_bytes text := pg_catalog.ltrim(request_headers ->> 'content-length', '0');
  preferences text := request_headers ->> 'prefer';
  request_method text := pg_catalog.current_setting('request.method', true);
  request_path text := pg_catalog.current_setting('request.path', true);
  holder record;
  key_role text;
begin
  -- The API document at / is public, like any API reference.
  if request_path = '/' then
    return;
  end if;

  -- Before the main query parses the body, a payload at the ceiling plus
  -- room for the other fields, 65 MiB: this spares PostgreSQL, not
  -- PostgREST, which has read the body already; and a chunked body has no
  -- Content-Length. A proxy's body limit protects PostgREST itself. Leading
  -- zeros are stripped above: Warp accepts them.
  if body_bytes ~ '^[0-9]+$'
     and (pg_catalog.length(body_bytes) > 18 or body_bytes::bigint > lib_event.payload_ceiling_bytes() + 1048576) then
    raise exception using
      errcode = 'PT413',
      message = pg_catalog.format('the request body is %s bytes, more than the %s allowed',
        pg_catalog.left(body_bytes, 30), lib_event.payload_ceiling_bytes() + 1048576),
      hint = 'A payload may be at most 64 MiB; send fewer events per create_many, or keep bulky content in an object store and record its address.';
  end if;

  if presented_key is null or presented_key = '' then
    raise exception using
      errcode = 'PT401',
      message = 'missing API key',
      detail = pg_catalog.format('%s %s needs an API key', request_method, request_path),
      hint = 'Send your key in the X-Api-Key header. An operator creates one with: npm run key:create -- --name <consumer> --role producer|reader|producer_reader';
  end if;

  select * into holder from lib_event.authenticate_request(presented_key);
  if not found then
    raise exception using
      errcode = 'PT401',
      message = 'unknown or revoked API key',
      detail = pg_catalog.format('key starting %s', pg_catalog.left(presented_key, 8)),
      hint = 'Check the X-Api-Key header; if the key was revoked, ask an operator for a new one.';
  end if;

  key_role := 'lib_event_' || holder.access::text;
  -- request.path is the raw path while PostgREST routes on the decoded one
  -- (ApiRequest.hs: rawPathInfo vs pathInfo): /%65vents would name no
  -- object here and reach events there. No name of this API needs escaping.
  if pg_catalog.strpos(request_path, '%') > 0 then
    raise exception using
      errcode = 'PT403',
      message = pg_catalog.format('the path %s has percent-escapes, which the API keys'' check does not decode',
        pg_catalog.left(request_path, 100)),
      hint = 'Write the path plainly: /events, /rpc/create.';
  end if;
  if not lib_event.request_allowed(key_role, request_method, request_path) then
    raise exception using
      errcode = 'PT403',
      message = pg_catalog.format('the API key of %s (%s) may not %s %s',
        holder.consumer, holder.access, request_method, request_path),
      hint = 'Producer keys record events (POST /rpc/create); reader keys query them (GET /events). Ask for a key with the access you need.';
  end if;

  -- PostgREST splits Prefer on commas and strips ASCII white space
  -- (ApiRequest/Preferences.hs, fromHeaders); only the last Prefer header
  -- reaches request.headers.
  if exists (select from pg_catalog.regexp_split_to_table(preferences, ',') p(preference)
              where pg_catalog.lower(pg_catalog.btrim(p.preference, E' \t\n\r\f\x0b')) = 'tx=rollback') then
    raise exception using
      errcode = 'LE083',
      message = 'Prefer: tx=rollback is not offered: every request to lib_event commits',
      detail = 'PostgREST would ignore the preference and commit the request.',
      hint = 'Leave tx=rollback out of the Prefer header: lib_event has no dry run.';
  end if;

  execute pg_catalog.format('set local role %I', key_role);
end
$$;

comment on function lib_event.check_request() is 'PostgREST''s db-pre-request: authenticate X-Api-Key, authorize the request, then switch to the key''s role.

No key or an unknown/revoked key raises PT401 (HTTP 401); a key whose role
may not make the request raises PT403 (HTTP 403); a Content-Length over 65 MiB
raises PT413 and Prefer: tx=rollback LE083 (HTTP 400: every request commits).
The request then runs as lib_event_producer, lib_event_reader or
lib_event_producer_reader, with the key''s consumer name sealed in the
lib_event.consumer setting (lib_event.authenticate_request).';


create or replace function lib_event.current_consumer()
returns text
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  named text := pg_catalog.current_setting('lib_event.consumer', true);
  seal text := pg_catalog.current_setting('lib_event.consumer_seal', true);
begin
  -- Behind PostgREST the session user is the authenticator and the consumer
  -- is the API key's, sealed by lib_event.authenticate_request; behind the
  -- ingest loader it is the mapped broker user, sealed by lib_event.ingest.
  -- Definer code alone can seal, so a session that sets the setting itself
  -- records nothing. Any other login records under its own role.
  if session_user not in ('lib_event_authenticator', 'lib_event_ingest') then
    return session_user;
  end if;
  if named is null or named = '' or seal is distinct from lib_event.consumer_seal(named) then
    raise exception using
      errcode = 'PT401',
      message = 'this request carries no authenticated API key',
      hint = 'Send a valid key in the X-Api-Key header; PostgREST must run lib_event.check_request as its db-pre-request. The consumer comes from the key alone: setting lib_event.consumer does not name one.';
  end if;
  return named;
end
$$;

comment on function lib_event.current_consumer() is 'Who is recording: the API key''s consumer behind PostgREST, the mapped broker user behind the ingest loader (each sealed by definer code, lib_event.seal_consumer), else the session''s login role.';

-- The ingest loader's consumer is sealed the same way.
CREATE OR REPLACE FUNCTION lib_event.ingest(publisher text, messages jsonb)
 RETURNS TABLE(message_id text, event__id uuid, error_code text, error_message text, error_hint text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
  perform lib_event.seal_consumer(recorder);

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

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
