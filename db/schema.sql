SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET transaction_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: lib_event; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA lib_event;


--
-- Name: SCHEMA lib_event; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA lib_event IS 'lib_event internals: the event table, API keys, helpers. Never exposed over HTTP.';


--
-- Name: lib_events; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA lib_events;


--
-- Name: SCHEMA lib_events; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA lib_events IS 'The lib_event API: only views and functions. PostgREST exposes this schema and nothing else.';


--
-- Name: api_key_access; Type: TYPE; Schema: lib_event; Owner: -
--

CREATE TYPE lib_event.api_key_access AS ENUM (
    'producer',
    'reader',
    'producer_reader'
);


--
-- Name: TYPE api_key_access; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TYPE lib_event.api_key_access IS 'What an API key may do: record events (producer), query them (reader), or both (producer_reader).';


--
-- Name: consumer_name; Type: DOMAIN; Schema: lib_event; Owner: -
--

CREATE DOMAIN lib_event.consumer_name AS text COLLATE pg_catalog."C"
	CONSTRAINT consumer_name_format CHECK ((VALUE ~ '^[a-z][a-z0-9_.-]{0,62}$'::text));


--
-- Name: DOMAIN consumer_name; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON DOMAIN lib_event.consumer_name IS 'The name of an API key''s holder, recorded as the consumer of its events.

Starts with a lowercase ASCII letter, then lowercase letters, digits, ".",
"_" or "-"; at most 63 characters. Example: billing.';


--
-- Name: event_type; Type: DOMAIN; Schema: lib_event; Owner: -
--

CREATE DOMAIN lib_event.event_type AS text COLLATE pg_catalog."C"
	CONSTRAINT event_type_convention CHECK ((VALUE ~ '^[a-z][a-zA-Z0-9_]{0,62}\.[a-z][a-zA-Z0-9_]{0,62}\.[a-z][a-zA-Z0-9_]{0,62}$'::text));


--
-- Name: DOMAIN event_type; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON DOMAIN lib_event.event_type IS 'An event type: <service>.<resourceType>.<verb_past_tense>.

Exactly three dot-separated segments; each starts with a lowercase ASCII
letter, continues with ASCII letters, digits or underscores, and is at most
63 characters long. Examples: iam.user.created, billing.invoice.paid.';


--
-- Name: event_receipt; Type: TYPE; Schema: lib_events; Owner: -
--

CREATE TYPE lib_events.event_receipt AS (
	event__id uuid,
	event_type text,
	occurred_at timestamp with time zone,
	created_at timestamp with time zone,
	consumer text,
	headers jsonb
);


--
-- Name: TYPE event_receipt; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON TYPE lib_events.event_receipt IS 'What recording an event returns: its id, times, consumer and stored headers (not the payload, which the caller already has).';


--
-- Name: api_key_authenticate(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.api_key_authenticate(api_key text) RETURNS TABLE(consumer text, access lib_event.api_key_access)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select k.consumer, k.access
    from lib_event.api_key k
   where k.key_hash = lib_event.api_key_hash(api_key)
     and k.revoked_at is null;
$$;


--
-- Name: FUNCTION api_key_authenticate(api_key text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.api_key_authenticate(api_key text) IS 'The consumer and access of an active API key; no row when the key is unknown or revoked.';


--
-- Name: api_key_create(text, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.api_key_create(consumer text, access text) RETURNS TABLE(api_key__id uuid, api_key text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  -- gen_random_uuid draws 122 bits from the server's strong random source;
  -- two of them give a 244-bit secret.
  new_key text := 'lek_'
    || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '')
    || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '');
begin
  if consumer is null or not pg_catalog.pg_input_is_valid(consumer, 'lib_event.consumer_name') then
    raise exception using
      errcode = 'LE010',
      message = pg_catalog.format('consumer name %L is not allowed', pg_catalog.left(consumer, 100)),
      hint = 'Use a lowercase letter followed by up to 62 lowercase letters, digits, ".", "_" or "-", e.g. billing.';
  end if;
  if access is null or not pg_catalog.pg_input_is_valid(access, 'lib_event.api_key_access') then
    raise exception using
      errcode = 'LE011',
      message = pg_catalog.format('access %L is not allowed', pg_catalog.left(access, 100)),
      hint = 'Use producer, reader or producer_reader.';
  end if;

  return query
    insert into lib_event.api_key as k (consumer, access, key_prefix, key_hash)
    values (consumer, access::lib_event.api_key_access, pg_catalog.left(new_key, 12), lib_event.api_key_hash(new_key))
    returning k.api_key__id, new_key;
end
$$;


--
-- Name: FUNCTION api_key_create(consumer text, access text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.api_key_create(consumer text, access text) IS 'Create an API key for a consumer and return it. The key itself is never stored: show it once.';


--
-- Name: api_key_hash(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.api_key_hash(api_key text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
  select pg_catalog.sha256(pg_catalog.convert_to(api_key, 'UTF8'));
$$;


--
-- Name: FUNCTION api_key_hash(api_key text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.api_key_hash(api_key text) IS 'The stored form of an API key: its SHA-256 hash.';


--
-- Name: api_key_revoke(uuid, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.api_key_revoke(api_key__id uuid DEFAULT NULL::uuid, consumer text DEFAULT NULL::text) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  revoked integer;
begin
  if (api_key__id is null) = (consumer is null) then
    raise exception using
      errcode = 'LE012',
      message = 'name exactly one of api_key__id or consumer to revoke',
      hint = 'api_key_revoke(api_key__id => ...) revokes one key; api_key_revoke(consumer => ...) every key of a consumer.';
  end if;
  update lib_event.api_key k
     set revoked_at = pg_catalog.now()
   where (k.api_key__id = api_key_revoke.api_key__id or k.consumer = api_key_revoke.consumer)
     and k.revoked_at is null;
  get diagnostics revoked = row_count;
  return revoked;
end
$$;


--
-- Name: FUNCTION api_key_revoke(api_key__id uuid, consumer text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.api_key_revoke(api_key__id uuid, consumer text) IS 'Revoke one API key (by id) or every active key of a consumer. Returns how many were revoked.';


--
-- Name: check_event(text, jsonb, timestamp with time zone, text, timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_event(event_type text, headers jsonb, occurred_at timestamp with time zone, partition_key text, created_at timestamp with time zone) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: FUNCTION check_event(event_type text, headers jsonb, occurred_at timestamp with time zone, partition_key text, created_at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_event(event_type text, headers jsonb, occurred_at timestamp with time zone, partition_key text, created_at timestamp with time zone) IS 'Raise the documented LE0xx error when an event is not acceptable; return nothing otherwise.';


--
-- Name: check_request(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_request() RETURNS void
    LANGUAGE plpgsql
    AS $$
declare
  request_headers json := coalesce(pg_catalog.current_setting('request.headers', true), '{}')::json;
  presented_key text := request_headers ->> 'x-api-key';
  request_method text := pg_catalog.current_setting('request.method', true);
  request_path text := pg_catalog.current_setting('request.path', true);
  holder record;
  key_role text;
begin
  -- The API document at / is public, like any API reference.
  if request_path = '/' then
    return;
  end if;

  if presented_key is null or presented_key = '' then
    raise exception using
      errcode = 'PT401',
      message = 'missing API key',
      detail = pg_catalog.format('%s %s needs an API key', request_method, request_path),
      hint = 'Send your key in the X-Api-Key header. An operator creates one with: npm run key:create -- --name <consumer> --role producer|reader|producer_reader';
  end if;

  select * into holder from lib_event.api_key_authenticate(presented_key);
  if not found then
    raise exception using
      errcode = 'PT401',
      message = 'unknown or revoked API key',
      detail = pg_catalog.format('key starting %s', pg_catalog.left(presented_key, 8)),
      hint = 'Check the X-Api-Key header; if the key was revoked, ask an operator for a new one.';
  end if;

  key_role := 'lib_event_' || holder.access::text;
  if not lib_event.request_allowed(key_role, request_method, request_path) then
    raise exception using
      errcode = 'PT403',
      message = pg_catalog.format('the API key of %s (%s) may not %s %s',
        holder.consumer, holder.access, request_method, request_path),
      hint = 'Producer keys record events (POST /rpc/create); reader keys query them (GET /events). Ask for a key with the access you need.';
  end if;

  perform pg_catalog.set_config('lib_event.consumer', holder.consumer, true);
  execute pg_catalog.format('set local role %I', key_role);
end
$$;


--
-- Name: FUNCTION check_request(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_request() IS 'PostgREST''s db-pre-request: authenticate X-Api-Key, authorize the request, then switch to the key''s role.

No key or an unknown/revoked key raises PT401 (HTTP 401); a key whose role
may not make the request raises PT403 (HTTP 403). The request then runs as
lib_event_producer, lib_event_reader or lib_event_producer_reader, with the
key''s consumer name in the lib_event.consumer setting.';


--
-- Name: current_consumer(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.current_consumer() RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
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


--
-- Name: FUNCTION current_consumer(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.current_consumer() IS 'Who is recording: the API key''s consumer behind PostgREST, else the session''s login role.';


--
-- Name: notify_created(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.notify_created() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  -- Only the id travels: NOTIFY payloads are capped at 8000 bytes and an
  -- event's payload can be far larger.
  perform pg_catalog.pg_notify('lib_event.created', new.event__id::text);
  return null;
end
$$;


--
-- Name: FUNCTION notify_created(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.notify_created() IS 'Trigger function: NOTIFY lib_event.created with the new event''s id.';


--
-- Name: record_event(text, jsonb, jsonb, timestamp with time zone, uuid, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.record_event(event_type text, payload jsonb, headers jsonb, occurred_at timestamp with time zone, source uuid, partition_key text) RETURNS lib_events.event_receipt
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: FUNCTION record_event(event_type text, payload jsonb, headers jsonb, occurred_at timestamp with time zone, source uuid, partition_key text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.record_event(event_type text, payload jsonb, headers jsonb, occurred_at timestamp with time zone, source uuid, partition_key text) IS 'Check and insert one event; the one implementation behind every public way of recording.';


--
-- Name: refuse_update(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.refuse_update() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  raise exception using
    errcode = 'LE009',
    message = 'events are append-only: an UPDATE of lib_event.event is refused',
    hint = 'Record a new event that corrects the old one instead.';
end
$$;


--
-- Name: FUNCTION refuse_update(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.refuse_update() IS 'Trigger function: refuses every UPDATE of lib_event.event, whoever runs it.';


--
-- Name: request_allowed(text, text, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.request_allowed(role_name text, method text, path text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $_$
  -- Authorization follows the grants: a key may call what its role may
  -- execute or select, so new API objects need no change here. A path that
  -- names nothing in lib_events is let through for PostgREST to answer 404.
  with target as (
    select (pg_catalog.regexp_match(path, '^/rpc/([^/]+)/?$'))[1] as function_name,
           (pg_catalog.regexp_match(path, '^/([^/]+)/?$'))[1] as relation_name
  )
  -- bool_or over no matching object is null: nothing by that name, let it through.
  select coalesce(
    case
      when t.function_name is not null then (
        select pg_catalog.bool_or(pg_catalog.has_function_privilege(role_name, p.oid, 'EXECUTE'))
          from pg_catalog.pg_proc p
         where p.pronamespace = 'lib_events'::regnamespace and p.proname = t.function_name)
      when t.relation_name is not null then (
        select pg_catalog.bool_or(pg_catalog.has_table_privilege(role_name, c.oid,
                 case method
                   when 'POST' then 'INSERT'
                   when 'PUT' then 'INSERT'
                   when 'PATCH' then 'UPDATE'
                   when 'DELETE' then 'DELETE'
                   else 'SELECT'
                 end))
          from pg_catalog.pg_class c
         where c.relnamespace = 'lib_events'::regnamespace and c.relname = t.relation_name)
    end,
    true)
  from target t;
$_$;


--
-- Name: FUNCTION request_allowed(role_name text, method text, path text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.request_allowed(role_name text, method text, path text) IS 'Whether a role may make this HTTP request: EXECUTE for /rpc/<function>, SELECT (or the write privilege) for /<view>.';


--
-- Name: utc_text(timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.utc_text(at timestamp with time zone) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
  select pg_catalog.to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
$$;


--
-- Name: FUNCTION utc_text(at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.utc_text(at timestamp with time zone) IS 'ISO 8601 in UTC with microseconds: the form timestamps take in stored headers, whatever the session time zone.';


--
-- Name: uuid_v7(timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.uuid_v7(at timestamp with time zone DEFAULT clock_timestamp()) RETURNS uuid
    LANGUAGE sql PARALLEL SAFE
    AS $$
  -- A random (v4) uuid with its first 48 bits replaced by the Unix time in
  -- milliseconds and its version nibble turned from 4 into 7 (RFC 9562).
  select pg_catalog.encode(
    pg_catalog.set_bit(
      pg_catalog.set_bit(
        overlay(
          pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
          placing substring(
            pg_catalog.int8send(pg_catalog.floor(extract(epoch from at) * 1000)::bigint)
            from 3)
          from 1 for 6),
        52, 1),
      53, 1),
    'hex')::uuid;
$$;


--
-- Name: FUNCTION uuid_v7(at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.uuid_v7(at timestamp with time zone) IS 'A time-ordered UUID (version 7) for the given instant.

Ids sort by creation time, so the primary key can double as a range
partitioning key and new rows land at the right edge of the index.';


--
-- Name: create(text, jsonb, jsonb, timestamp with time zone, uuid, text); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events."create"(event_type text, payload jsonb DEFAULT NULL::jsonb, headers jsonb DEFAULT '{}'::jsonb, occurred_at timestamp with time zone DEFAULT NULL::timestamp with time zone, source uuid DEFAULT NULL::uuid, partition_key text DEFAULT NULL::text) RETURNS lib_events.event_receipt
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select lib_event.record_event(event_type, payload, headers, occurred_at, source, partition_key);
$$;


--
-- Name: FUNCTION "create"(event_type text, payload jsonb, headers jsonb, occurred_at timestamp with time zone, source uuid, partition_key text); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events."create"(event_type text, payload jsonb, headers jsonb, occurred_at timestamp with time zone, source uuid, partition_key text) IS 'Record one event.

event_type follows <service>.<resourceType>.<verb_past_tense> (e.g.
billing.invoice.paid). payload is any JSON value, of any size. headers is a
JSON object of your own entries; lib_event adds event_type, event__id,
created_at, occurred_at, source, partition_key and consumer, and refuses a
call that sets any of them. occurred_at defaults to the recording time and may
not be in the future. The consumer is the API key''s name. Every event is
announced with NOTIFY lib_event.created carrying its id.';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: api_key; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.api_key (
    api_key__id uuid DEFAULT gen_random_uuid() NOT NULL,
    consumer lib_event.consumer_name NOT NULL,
    access lib_event.api_key_access NOT NULL,
    key_prefix text NOT NULL,
    key_hash bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT api_key_key_hash_is_sha256 CHECK ((length(key_hash) = 32))
);


--
-- Name: TABLE api_key; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.api_key IS 'API keys, stored only as their SHA-256 hash.

A key is 256 bits of randomness, so a fast hash is enough: there is nothing to
guess. key_prefix (the first characters) lets an operator tell keys apart
without the secret.';


--
-- Name: COLUMN api_key.api_key__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.api_key.api_key__id IS 'Identifies the key for revocation; not secret.';


--
-- Name: COLUMN api_key.consumer; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.api_key.consumer IS 'The key holder''s name, recorded as the consumer of every event it records.';


--
-- Name: COLUMN api_key.access; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.api_key.access IS 'producer, reader or producer_reader.';


--
-- Name: COLUMN api_key.key_prefix; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.api_key.key_prefix IS 'The first 12 characters of the key, for identification.';


--
-- Name: COLUMN api_key.key_hash; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.api_key.key_hash IS 'sha256 of the whole key.';


--
-- Name: COLUMN api_key.created_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.api_key.created_at IS 'When the key was issued.';


--
-- Name: COLUMN api_key.revoked_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.api_key.revoked_at IS 'When the key was revoked; a revoked key authenticates nothing.';


--
-- Name: event; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.event (
    event__id uuid NOT NULL,
    event_type lib_event.event_type NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone NOT NULL,
    source uuid,
    partition_key text COLLATE pg_catalog."C",
    consumer text NOT NULL COLLATE pg_catalog."C",
    headers jsonb NOT NULL,
    payload jsonb,
    xact_id xid8 DEFAULT pg_current_xact_id() NOT NULL,
    CONSTRAINT event_consumer_length CHECK (((length(consumer) >= 1) AND (length(consumer) <= 255))),
    CONSTRAINT event_headers_is_object CHECK ((jsonb_typeof(headers) = 'object'::text)),
    CONSTRAINT event_partition_key_length CHECK (((length(partition_key) >= 1) AND (length(partition_key) <= 255)))
);


--
-- Name: TABLE event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.event IS 'Every recorded event, append-only.

Rows arrive through lib_events.create; nobody may update them, and only the
owner may delete them (retention).';


--
-- Name: COLUMN event.event__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.event__id IS 'Time-ordered (UUIDv7) id, assigned at recording.';


--
-- Name: COLUMN event.event_type; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.event_type IS 'What happened: <service>.<resourceType>.<verb_past_tense>.';


--
-- Name: COLUMN event.occurred_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.occurred_at IS 'When it happened in the system that reports it.';


--
-- Name: COLUMN event.created_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.created_at IS 'When lib_event recorded it.';


--
-- Name: COLUMN event.source; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.source IS 'The entity that originated the event (a request id, say), if known.';


--
-- Name: COLUMN event.partition_key; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.partition_key IS 'Caller-chosen key grouping related events (an aggregate id, a tenant).';


--
-- Name: COLUMN event.consumer; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.consumer IS 'Who recorded it: the API key''s name, or the database role of a direct SQL caller.';


--
-- Name: COLUMN event.headers; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.headers IS 'User-defined headers plus the standard entries (event_type, event__id, created_at, occurred_at, source, partition_key, consumer).';


--
-- Name: COLUMN event.payload; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.payload IS 'The event content, any JSON value, or null.';


--
-- Name: COLUMN event.xact_id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.xact_id IS 'Id of the transaction that recorded the event: readers use it to never skip an event committed late.';


--
-- Name: events; Type: VIEW; Schema: lib_events; Owner: -
--

CREATE VIEW lib_events.events AS
 SELECT event__id,
    event_type,
    occurred_at,
    created_at,
    source,
    partition_key,
    consumer,
    headers,
    payload
   FROM lib_event.event;


--
-- Name: VIEW events; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON VIEW lib_events.events IS 'Recorded events, for querying.

Filter any column with PostgREST operators, e.g.
event_type=eq.billing.invoice.paid, event_type=like.billing.invoice.*,
consumer=eq.billing, created_at=gte.2026-01-01T00:00:00Z,
headers=cs.{"actor":"ada"}. Indexed: created_at, (consumer, created_at) and
(event_type, created_at).';


--
-- Name: COLUMN events.event__id; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.event__id IS 'Time-ordered (UUIDv7) id, assigned at recording.';


--
-- Name: COLUMN events.event_type; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.event_type IS 'What happened: <service>.<resourceType>.<verb_past_tense>.';


--
-- Name: COLUMN events.occurred_at; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.occurred_at IS 'When it happened in the system that reports it.';


--
-- Name: COLUMN events.created_at; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.created_at IS 'When lib_event recorded it.';


--
-- Name: COLUMN events.source; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.source IS 'The entity that originated the event, if known.';


--
-- Name: COLUMN events.partition_key; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.partition_key IS 'Caller-chosen key grouping related events.';


--
-- Name: COLUMN events.consumer; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.consumer IS 'Who recorded it: the API key''s name, or the database role of a direct SQL caller.';


--
-- Name: COLUMN events.headers; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.headers IS 'User-defined headers plus the standard entries.';


--
-- Name: COLUMN events.payload; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.payload IS 'The event content.';


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version character varying(128) NOT NULL
);


--
-- Name: api_key api_key_key_hash_key; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.api_key
    ADD CONSTRAINT api_key_key_hash_key UNIQUE (key_hash);


--
-- Name: api_key api_key_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.api_key
    ADD CONSTRAINT api_key_pkey PRIMARY KEY (api_key__id);


--
-- Name: event event_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.event
    ADD CONSTRAINT event_pkey PRIMARY KEY (event__id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: event_consumer_created_at_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_consumer_created_at_idx ON lib_event.event USING btree (consumer, created_at);


--
-- Name: event_created_at_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_created_at_idx ON lib_event.event USING btree (created_at);


--
-- Name: event_type_created_at_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_type_created_at_idx ON lib_event.event USING btree (event_type, created_at);


--
-- Name: event event_notify_created; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER event_notify_created AFTER INSERT ON lib_event.event FOR EACH ROW EXECUTE FUNCTION lib_event.notify_created();


--
-- Name: TRIGGER event_notify_created ON event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER event_notify_created ON lib_event.event IS 'Every recorded event is announced on the lib_event.created channel, at commit.';


--
-- Name: event event_refuse_update; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER event_refuse_update BEFORE UPDATE ON lib_event.event FOR EACH STATEMENT EXECUTE FUNCTION lib_event.refuse_update();


--
-- Name: TRIGGER event_refuse_update ON event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER event_refuse_update ON lib_event.event IS 'The log is append-only, even for the owner.';


--
-- PostgreSQL database dump complete
--


--
-- Dbmate schema migrations
--

INSERT INTO public.schema_migrations (version) VALUES
    ('20261124000100'),
    ('20261124000200'),
    ('20261124000300'),
    ('20261124000400'),
    ('20261124000500'),
    ('20261124000600');
