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
-- Name: event_input; Type: TYPE; Schema: lib_event; Owner: -
--

CREATE TYPE lib_event.event_input AS (
	event_type text,
	payload jsonb,
	headers jsonb,
	occurred_at timestamp with time zone,
	source uuid,
	partition_key text,
	idempotency_key text
);


--
-- Name: TYPE event_input; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TYPE lib_event.event_input IS 'One event as a caller hands it in, before checking: the arguments of lib_events.create.';


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
-- Name: event_type_pattern; Type: DOMAIN; Schema: lib_event; Owner: -
--

CREATE DOMAIN lib_event.event_type_pattern AS text COLLATE pg_catalog."C"
	CONSTRAINT event_type_pattern_shape CHECK (((VALUE ~ '^[a-z][a-zA-Z0-9_]{0,62}\.[a-z][a-zA-Z0-9_]{0,62}\.[a-z][a-zA-Z0-9_]{0,62}$'::text) OR (VALUE ~ '^([a-z][a-zA-Z0-9_]{0,62}\.){1,2}\*$'::text)));


--
-- Name: DOMAIN event_type_pattern; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON DOMAIN lib_event.event_type_pattern IS 'An event type a key may use: a whole type (billing.invoice.paid), or one or two leading segments followed by .* (billing.*, billing.invoice.*), which matches every type that starts with them.';


--
-- Name: tenant; Type: DOMAIN; Schema: lib_event; Owner: -
--

CREATE DOMAIN lib_event.tenant AS text COLLATE pg_catalog."C"
	CONSTRAINT tenant_shape CHECK (((VALUE ~ '^[^[:cntrl:]]{1,255}$'::text) AND (VALUE = btrim(VALUE))));


--
-- Name: DOMAIN tenant; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON DOMAIN lib_event.tenant IS 'A tenant: 1 to 255 characters, no control characters, no leading or trailing space (an organization id, a customer id).';


--
-- Name: erasure; Type: TYPE; Schema: lib_events; Owner: -
--

CREATE TYPE lib_events.erasure AS (
	erasure__id uuid,
	erased_at timestamp with time zone,
	erased_by text,
	erased integer,
	unprovable integer,
	deferred_payloads integer,
	idempotency_keys integer,
	event_ids uuid[],
	archived_partitions text[]
);


--
-- Name: TYPE erasure; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON TYPE lib_events.erasure IS 'What POST /rpc/erase erased: the lib_event.event.erased event recording it, and counts.';


--
-- Name: COLUMN erasure.erasure__id; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.erasure.erasure__id IS 'The lib_event.event.erased event that records the erasure (who, why, which events; never the content).';


--
-- Name: COLUMN erasure.erased_at; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.erasure.erased_at IS 'When the events were erased: each erased event''s erased_at.';


--
-- Name: COLUMN erasure.erased_by; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.erasure.erased_by IS 'Who erased: the API key''s consumer, as the erasure event records it.';


--
-- Name: COLUMN erasure.erased; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.erasure.erased IS 'How many events were erased.';


--
-- Name: COLUMN erasure.unprovable; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.erasure.unprovable IS 'How many of them were recorded before salted leaves (format v1) and erased with break_v1_proofs: verify names them erased-unprovable.';


--
-- Name: COLUMN erasure.deferred_payloads; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.erasure.deferred_payloads IS 'How many deferred payloads (over 256 KiB) were removed with them.';


--
-- Name: COLUMN erasure.idempotency_keys; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.erasure.idempotency_keys IS 'How many idempotency records were removed with them.';


--
-- Name: COLUMN erasure.event_ids; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.erasure.event_ids IS 'The ids of the events erased.';


--
-- Name: COLUMN erasure.archived_partitions; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.erasure.archived_partitions IS 'Partitions archived and dropped, which the database cannot search: for a partition_key or header selector their archive files may hold more of the subject''s events, which npm run erase -- --archive-dir erases. Empty for event_ids (an id there is refused, LE095).';


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
-- Name: followed_event; Type: TYPE; Schema: lib_events; Owner: -
--

CREATE TYPE lib_events.followed_event AS (
	event__id uuid,
	event_type text,
	occurred_at timestamp with time zone,
	created_at timestamp with time zone,
	source uuid,
	partition_key text,
	consumer text,
	headers jsonb,
	payload jsonb,
	checkpoint text,
	payload_deferred boolean,
	payload_size bigint,
	payload_sha256 text,
	"position" bigint,
	cursor text,
	tenant text,
	erased_at timestamp with time zone,
	erasure__id uuid
);


--
-- Name: TYPE followed_event; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON TYPE lib_events.followed_event IS 'An event as lib_events.follow hands it out: the event''s columns, its position, and the cursor to resume after it.';


--
-- Name: COLUMN followed_event.event__id; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.event__id IS 'Time-ordered (UUIDv7) id, assigned at recording.';


--
-- Name: COLUMN followed_event.event_type; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.event_type IS 'What happened: <service>.<resourceType>.<verb_past_tense>.';


--
-- Name: COLUMN followed_event.occurred_at; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.occurred_at IS 'When it happened in the system that reports it.';


--
-- Name: COLUMN followed_event.created_at; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.created_at IS 'When lib_event recorded it.';


--
-- Name: COLUMN followed_event.source; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.source IS 'The entity that originated the event, if known.';


--
-- Name: COLUMN followed_event.partition_key; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.partition_key IS 'Caller-chosen key grouping related events.';


--
-- Name: COLUMN followed_event.consumer; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.consumer IS 'Who recorded it: the API key''s name, or the database role of a direct SQL caller.';


--
-- Name: COLUMN followed_event.headers; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.headers IS 'User-defined headers plus the standard entries.';


--
-- Name: COLUMN followed_event.payload; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.payload IS 'The event content; null when deferred (payload_deferred): read it with event_payload.';


--
-- Name: COLUMN followed_event.checkpoint; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.checkpoint IS 'The same as cursor, under its older name; kept for readers written before cursor.';


--
-- Name: COLUMN followed_event.payload_deferred; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.payload_deferred IS 'Whether the payload is over 256 KiB of JSON text and left out of this page: GET /rpc/event_payload?event__id=... returns it.';


--
-- Name: COLUMN followed_event.payload_size; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.payload_size IS 'For a deferred payload, its bytes of JSON text; null otherwise.';


--
-- Name: COLUMN followed_event.payload_sha256; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.payload_sha256 IS 'For a deferred payload, the SHA-256 of its JSON text, hex; null otherwise.';


--
-- Name: COLUMN followed_event."position"; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event."position" IS 'The event''s position in the log: 1, 2, 3, ... with no gap; the same in every copy of the log.';


--
-- Name: COLUMN followed_event.cursor; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.cursor IS 'Resume after this event: pass it as cursor to lib_events.follow (its position, as text).';


--
-- Name: COLUMN followed_event.tenant; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.tenant IS 'The tenant the event belongs to, if any.';


--
-- Name: COLUMN followed_event.erased_at; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.erased_at IS 'When the event''s payload and own headers were erased (lib_event.erase); null while it holds them.';


--
-- Name: COLUMN followed_event.erasure__id; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.followed_event.erasure__id IS 'The lib_event.event.erased event recording the erasure; null while not erased.';


--
-- Name: found_event; Type: TYPE; Schema: lib_events; Owner: -
--

CREATE TYPE lib_events.found_event AS (
	event__id uuid,
	event_type text,
	consumer text,
	created_at timestamp with time zone,
	occurred_at timestamp with time zone,
	source uuid,
	partition_key text,
	headers jsonb,
	payload jsonb,
	cursor text,
	payload_deferred boolean,
	payload_size bigint,
	payload_sha256 text,
	tenant text,
	erased_at timestamp with time zone,
	erasure__id uuid
);


--
-- Name: TYPE found_event; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON TYPE lib_events.found_event IS 'One event as find returns it, with the cursor that continues after it.';


--
-- Name: COLUMN found_event.event__id; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.event__id IS 'Time-ordered (UUIDv7) id, assigned at recording.';


--
-- Name: COLUMN found_event.event_type; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.event_type IS 'What happened: <service>.<resourceType>.<verb_past_tense>.';


--
-- Name: COLUMN found_event.consumer; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.consumer IS 'Who recorded it.';


--
-- Name: COLUMN found_event.created_at; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.created_at IS 'When lib_event recorded it.';


--
-- Name: COLUMN found_event.occurred_at; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.occurred_at IS 'When it happened in the system that reports it.';


--
-- Name: COLUMN found_event.source; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.source IS 'The entity that originated the event, if known.';


--
-- Name: COLUMN found_event.partition_key; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.partition_key IS 'Caller-chosen key grouping related events.';


--
-- Name: COLUMN found_event.headers; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.headers IS 'User-defined headers plus the standard entries.';


--
-- Name: COLUMN found_event.payload; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.payload IS 'The event content; null when deferred (payload_deferred): read it with event_payload.';


--
-- Name: COLUMN found_event.cursor; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.cursor IS 'Opaque position of this row: pass it as cursor to get the events after it.';


--
-- Name: COLUMN found_event.payload_deferred; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.payload_deferred IS 'Whether the payload is over 256 KiB of JSON text and left out of this page: GET /rpc/event_payload?event__id=... returns it.';


--
-- Name: COLUMN found_event.payload_size; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.payload_size IS 'For a deferred payload, its bytes of JSON text; null otherwise.';


--
-- Name: COLUMN found_event.payload_sha256; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.payload_sha256 IS 'For a deferred payload, the SHA-256 of its JSON text, hex; null otherwise.';


--
-- Name: COLUMN found_event.tenant; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.tenant IS 'The tenant the event belongs to, if any.';


--
-- Name: COLUMN found_event.erased_at; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.erased_at IS 'When the event''s payload and own headers were erased (lib_event.erase); null while it holds them.';


--
-- Name: COLUMN found_event.erasure__id; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.found_event.erasure__id IS 'The lib_event.event.erased event recording the erasure; null while not erased.';


--
-- Name: presented_key; Type: TYPE; Schema: lib_events; Owner: -
--

CREATE TYPE lib_events.presented_key AS (
	api_key__id uuid,
	consumer text,
	access lib_event.api_key_access,
	created_at timestamp with time zone,
	scoped boolean,
	event_types text[],
	tenants text[],
	consumers text[],
	may_erase boolean
);


--
-- Name: TYPE presented_key; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON TYPE lib_events.presented_key IS 'The API key a request is made with: who holds it, what it may do, and the share of the log it is limited to (null: no limit).';


--
-- Name: COLUMN presented_key.api_key__id; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.presented_key.api_key__id IS 'The key''s id (npm run key:list shows it; npm run key:revoke -- --id takes it).';


--
-- Name: COLUMN presented_key.consumer; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.presented_key.consumer IS 'The consumer name the key records under and is known by.';


--
-- Name: COLUMN presented_key.access; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.presented_key.access IS 'What the key may do: producer records events, reader reads them, producer_reader both.';


--
-- Name: COLUMN presented_key.created_at; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.presented_key.created_at IS 'When the key was created.';


--
-- Name: COLUMN presented_key.scoped; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.presented_key.scoped IS 'Whether the key is limited at all: true when any of event_types, tenants and consumers is set. A scoped reader sees only its share of the log, so the positions it reads have gaps; a scoped producer records only within its scope.';


--
-- Name: COLUMN presented_key.event_types; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.presented_key.event_types IS 'The event types the key may read or record, as patterns (billing.invoice.paid, billing.*, billing.invoice.*); null when any.';


--
-- Name: COLUMN presented_key.tenants; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.presented_key.tenants IS 'The tenants whose events the key may read (a producer key: the one tenant every event it records gets); null when any, events without a tenant included.';


--
-- Name: COLUMN presented_key.consumers; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.presented_key.consumers IS 'The recording consumers whose events the key may read; null when any (always null for a producer key).';


--
-- Name: COLUMN presented_key.may_erase; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.presented_key.may_erase IS 'Whether the key holds the erase right: POST /rpc/erase erases personal data of the events it reads (npm run key:create -- ... --erase).';


--
-- Name: text/html; Type: DOMAIN; Schema: lib_events; Owner: -
--

CREATE DOMAIN lib_events."text/html" AS text;


--
-- Name: DOMAIN "text/html"; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON DOMAIN lib_events."text/html" IS 'An HTML page: PostgREST answers a function returning it with Content-Type text/html (a media-type handler); lib_events.explorer() is one.';


--
-- Name: text/plain; Type: DOMAIN; Schema: lib_events; Owner: -
--

CREATE DOMAIN lib_events."text/plain" AS text;


--
-- Name: DOMAIN "text/plain"; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON DOMAIN lib_events."text/plain" IS 'Plain text: PostgREST answers a function returning it with Content-Type text/plain (a media-type handler).';


--
-- Name: add_checkpoint(bigint, timestamp with time zone, text, text, bytea); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.add_checkpoint(tree_size bigint, signed_at timestamp with time zone, public_key text, key_id text, signature bytea) RETURNS bytea
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  root bytea := lib_event.tree_root(tree_size);
begin
  insert into lib_event.log_key (key_id, public_key) values (key_id, public_key) on conflict do nothing;
  insert into lib_event.log_checkpoint (tree_size, root_hash, signed_at, key_id, signature)
  values (tree_size, root, signed_at, key_id, signature);
  return root;
end
$$;


--
-- Name: FUNCTION add_checkpoint(tree_size bigint, signed_at timestamp with time zone, public_key text, key_id text, signature bytea); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.add_checkpoint(tree_size bigint, signed_at timestamp with time zone, public_key text, key_id text, signature bytea) IS 'Store a signed checkpoint (the sequencer signed lib_event.checkpoint_text of this size, lib_event.tree_root and time).';


--
-- Name: add_checkpoint(bigint, timestamp with time zone, text, text, bytea, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.add_checkpoint(tree_size bigint, signed_at timestamp with time zone, public_key text, key_id text, signature bytea, origin text) RETURNS bytea
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  root bytea := lib_event.tree_root(tree_size);
begin
  perform lib_event.log_origin(origin);
  insert into lib_event.log_key (key_id, public_key) values (key_id, public_key) on conflict do nothing;
  insert into lib_event.log_checkpoint (tree_size, root_hash, signed_at, key_id, signature, origin)
  values (tree_size, root, signed_at, key_id, signature, origin);
  return root;
end
$$;


--
-- Name: FUNCTION add_checkpoint(tree_size bigint, signed_at timestamp with time zone, public_key text, key_id text, signature bytea, origin text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.add_checkpoint(tree_size bigint, signed_at timestamp with time zone, public_key text, key_id text, signature bytea, origin text) IS 'Store a signed C2SP checkpoint: the sequencer signed lib_event.checkpoint_body(origin, tree_size, lib_event.tree_root(tree_size)).

The origin must be the log''s (lib_event.log_origin: LE073 otherwise).';


--
-- Name: add_cosignature(bigint, text, bytea, bytea); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.add_cosignature(tree_size bigint, witness text, key_id bytea, signature bytea) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  insert into lib_event.checkpoint_cosignature (tree_size, witness, key_id, signature, cosigned_at)
  values (tree_size, witness, key_id, signature,
          pg_catalog.to_timestamp(('x' || pg_catalog.encode(pg_catalog.substr(signature, 1, 8), 'hex'))::bit(64)::bigint))
  on conflict do nothing;
$$;


--
-- Name: FUNCTION add_cosignature(tree_size bigint, witness text, key_id bytea, signature bytea); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.add_cosignature(tree_size bigint, witness text, key_id bytea, signature bytea) IS 'Store a witness''s cosignature of the checkpoint of tree_size (the sequencer checked it against the witness''s vkey).';


--
-- Name: add_tree_nodes(bigint, bigint); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.add_tree_nodes(old_size bigint, new_size bigint) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  -- Each level gains the complete nodes the new leaves finish: one
  -- statement per level, each new node's two children found by primary key.
  insert into lib_event.merkle_node (level, index, hash)
  select 1, i, pg_catalog.sha256('\x01'::bytea || l.leaf_hash || r.leaf_hash)
    from pg_catalog.generate_series(old_size >> 1, (new_size >> 1) - 1) i
    join lib_event.log_entry l on l.position = 2 * i + 1
    join lib_event.log_entry r on r.position = 2 * i + 2;
  for lvl in 2 .. 62 loop
    exit when (new_size >> lvl) = 0;
    insert into lib_event.merkle_node (level, index, hash)
    select lvl, i, pg_catalog.sha256('\x01'::bytea || l.hash || r.hash)
      from pg_catalog.generate_series(old_size >> lvl, (new_size >> lvl) - 1) i
      join lib_event.merkle_node l on l.level = lvl - 1 and l.index = 2 * i
      join lib_event.merkle_node r on r.level = lvl - 1 and r.index = 2 * i + 1;
  end loop;
end
$$;


--
-- Name: FUNCTION add_tree_nodes(old_size bigint, new_size bigint); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.add_tree_nodes(old_size bigint, new_size bigint) IS 'Store the complete subtrees that leaves old_size to new_size - 1 complete, level by level.';


--
-- Name: api_key_authenticate(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.api_key_authenticate(api_key text) RETURNS TABLE(consumer text, access lib_event.api_key_access)
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path TO ''
    AS $$
begin
  return query
    select k.consumer::text, k.access
      from lib_event.api_key k
     where k.key_hash = lib_event.api_key_hash(api_key)
       and k.revoked_at is null;
end
$$;


--
-- Name: FUNCTION api_key_authenticate(api_key text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.api_key_authenticate(api_key text) IS 'The consumer and access of an active API key; no row when the key is unknown or revoked.';


--
-- Name: api_key_create(text, text, text[], text[], text[], boolean); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.api_key_create(consumer text, access text, event_types text[] DEFAULT NULL::text[], tenants text[] DEFAULT NULL::text[], consumers text[] DEFAULT NULL::text[], may_erase boolean DEFAULT false) RETURNS TABLE(api_key__id uuid, api_key text)
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
  perform lib_event.check_scope('event type', event_types, 'lib_event.event_type_pattern',
    'An event type (billing.invoice.paid) or one or two leading segments and .* (billing.*, billing.invoice.*).');
  perform lib_event.check_scope('tenant', tenants, 'lib_event.tenant',
    'A tenant is 1 to 255 characters, without control characters or leading and trailing space.');
  perform lib_event.check_scope('consumer', consumers, 'lib_event.consumer_name',
    'A consumer name: a lowercase letter followed by up to 62 lowercase letters, digits, ".", "_" or "-".');
  if access <> 'reader' and pg_catalog.cardinality(tenants) > 1 then
    raise exception using
      errcode = 'LE013',
      message = pg_catalog.format('a %s key records under one tenant, not %s', access, pg_catalog.cardinality(tenants)),
      hint = 'Give a key that records one tenant (its events get it); a reader key may read several.';
  end if;
  if access = 'producer' and consumers is not null then
    raise exception using
      errcode = 'LE013',
      message = 'a consumer scope limits what a key reads, and a producer key reads nothing',
      hint = 'Leave the consumer scope out, or create a reader or producer_reader key.';
  end if;

  if may_erase is null or (may_erase and access = 'producer') then
    raise exception using
      errcode = 'LE016',
      message = pg_catalog.format('a %s key cannot have the erase right', access),
      detail = 'A key erases among the events it reads (within its scopes), and a producer key reads nothing.',
      hint = 'Create a reader or producer_reader key with the erase right (npm run key:create -- --name <name> --role reader --erase), or leave --erase out.';
  end if;

  return query
    insert into lib_event.api_key as k (consumer, access, key_prefix, key_hash,
                                        scope_event_types, scope_tenants, scope_consumers, may_erase)
    values (consumer, access::lib_event.api_key_access, pg_catalog.left(new_key, 12), lib_event.api_key_hash(new_key),
            event_types::lib_event.event_type_pattern[], tenants::lib_event.tenant[],
            consumers::lib_event.consumer_name[], may_erase)
    returning k.api_key__id, new_key;
end
$$;


--
-- Name: FUNCTION api_key_create(consumer text, access text, event_types text[], tenants text[], consumers text[], may_erase boolean); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.api_key_create(consumer text, access text, event_types text[], tenants text[], consumers text[], may_erase boolean) IS 'Create an API key for a consumer and return it. The key itself is never stored: show it once.

Scopes, each optional (null: no limit): event_types, patterns such as
billing.* or billing.invoice.paid, limit what the key records and reads;
tenants, what it reads, and for a key that records its one tenant, given to
every event it records; consumers, whose events a reader key reads. An
empty or malformed scope: LE013. may_erase gives the erase right
(POST /rpc/erase, within the key''s scopes) to a reader or producer_reader
key; a producer key cannot have it (LE016).';


--
-- Name: api_key_hash(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.api_key_hash(api_key text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path TO ''
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
-- Name: api_roles(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.api_roles() RETURNS TABLE(access text, role_name text)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  -- The roles lib_event.check_request switches to: one per api_key_access value.
  select e.a::text, 'lib_event_' || e.a::text
    from pg_catalog.unnest(pg_catalog.enum_range(null::lib_event.api_key_access)) with ordinality as e(a, n)
   order by e.n;
$$;


--
-- Name: FUNCTION api_roles(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.api_roles() IS 'The roles an API key can switch to, with the access value that grants each.

Derived from lib_event.api_key_access exactly as lib_event.check_request derives
the role, so a new access level needs no change here.';


--
-- Name: append_to_log(uuid[]); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.append_to_log(event_ids uuid[]) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  old_size bigint := lib_event.tree_size();
  added integer;
begin
  -- The events, in the order given, that are not in the log yet.
  insert into lib_event.log_entry (position, event__id, leaf_hash)
  select old_size + pg_catalog.row_number() over (order by g.ord), e.event__id,
         coalesce(e.leaf_hash,
                  lib_event.leaf_hash(e.event__id, e.event_type, e.occurred_at, e.created_at, e.source,
                                      e.partition_key, e.consumer, e.headers, e.payload))
    from pg_catalog.unnest(event_ids) with ordinality g (event__id, ord)
    join lib_event.event e on e.event__id = g.event__id
   where not exists (select from lib_event.log_entry l where l.event__id = g.event__id);
  get diagnostics added = row_count;
  perform lib_event.extend_tree(old_size, added);
  return added;
end
$$;


--
-- Name: FUNCTION append_to_log(event_ids uuid[]); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.append_to_log(event_ids uuid[]) IS 'Give the listed events that are not in the log yet the next positions, in the order listed, and extend the tree (lib_event.extend_tree). Called by lib_event.sweep_new_cluster.';


--
-- Name: apply_producer_scope(lib_event.event_input[]); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.apply_producer_scope(events lib_event.event_input[]) RETURNS lib_event.event_input[]
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
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
    perform lib_event.count_refusal('LE014');
    raise exception using
      errcode = 'LE014',
      message = pg_catalog.format('%stenant %s is not allowed', lib_event.batch_position(misfit.n, how_many),
        lib_event.shortened(misfit.given::text)),
      hint = 'A tenant is a JSON string of 1 to 255 characters, without control characters or leading and trailing space.';
  end if;
  -- The log's own events (an erasure's record, under the lifecycle seal) are
  -- not the key's to scope: it records them only through lib_event's code.
  if holder.api_key__id is null
     or pg_catalog.current_setting('lib_event.lifecycle_seal', true) is not distinct from lib_event.consumer_seal(' lifecycle event') then
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
      perform lib_event.count_refusal('PT403');
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
      perform lib_event.count_refusal('PT403');
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


--
-- Name: FUNCTION apply_producer_scope(events lib_event.event_input[]); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.apply_producer_scope(events lib_event.event_input[]) IS 'The events a request may record under its API key''s scope, each with the key''s tenant if it has one.

PT403 (HTTP 403) for an event type outside the key''s patterns or a tenant
other than its own, naming what the key may record; LE014 for a
headers.tenant that is no tenant (a JSON string of 1 to 255 characters).
Without a key (direct SQL callers) only the tenant''s shape is checked; the
log''s own events (recorded under the lifecycle seal: an erasure''s record
when a key erases) are not scoped.';


--
-- Name: authenticate_request(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.authenticate_request(api_key text) RETURNS TABLE(consumer text, access lib_event.api_key_access)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  holder record;
  -- The minute this session last announced this key's use, in a session
  -- setting: PostgREST reuses its sessions, so most requests send nothing.
  announced_setting text;
  this_minute text := pg_catalog.floor(extract(epoch from pg_catalog.now()) / 60)::bigint::text;
begin
  select k.api_key__id, k.consumer::text as consumer, k.access into holder
    from lib_event.api_key k
   where k.key_hash = lib_event.api_key_hash(api_key)
     and k.revoked_at is null;
  if found then
    perform lib_event.seal_consumer(holder.consumer);
    perform lib_event.seal_key(holder.api_key__id);
    -- NOTIFY, not a write: a GET runs READ ONLY. It is sent at commit, so a
    -- refused request announces nothing (and the setting rolls back too).
    announced_setting := 'lib_event.key_used_' || pg_catalog.replace(holder.api_key__id::text, '-', '_');
    -- A standby cannot NOTIFY (nor would the primary's sequencer hear it):
    -- reads served by a replica are not noted.
    if pg_catalog.current_setting(announced_setting, true) is distinct from this_minute
       and not pg_catalog.pg_is_in_recovery() then
      perform pg_catalog.set_config(announced_setting, this_minute, false);
      perform pg_catalog.pg_notify('lib_event.key_used', holder.api_key__id::text);
    end if;
    return query select holder.consumer, holder.access;
  end if;
end
$$;


--
-- Name: FUNCTION authenticate_request(api_key text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.authenticate_request(api_key text) IS 'The pre-request''s key lookup: the consumer and access of an active API key, with the consumer and the key sealed into this transaction (lib_event.seal_consumer, lib_event.seal_key: the key''s scopes then apply); no row, and nothing sealed, when the key is unknown or revoked.

An active key''s use is announced on lib_event.key_used (payload: its
api_key__id) at most once a minute per session and key; the sequencer notes
it in lib_event.api_key.last_used_at. Reads a standby serves are not noted (a standby cannot NOTIFY).';


--
-- Name: batch_position(bigint, bigint); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.batch_position(n bigint, how_many bigint) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case when how_many > 1 then pg_catalog.format('event %s of %s: ', n, how_many) else '' end;
$$;


--
-- Name: FUNCTION batch_position(n bigint, how_many bigint); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.batch_position(n bigint, how_many bigint) IS 'How an error names the event at fault: "event 3 of 10: " in a batch of several, nothing for a single event.';


--
-- Name: check_backlog(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_backlog() RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  max_events bigint;
  max_seconds integer;
  retry_after integer;
  refresh_ms integer;
  measured_at bigint;
  events bigint;
  oldest_ms bigint;
  now_ms bigint := (extract(epoch from pg_catalog.clock_timestamp()) * 1000)::bigint;
  measured record;
  what text;
begin
  -- One query on the path every write takes.
  select b.max_events, b.max_seconds, b.retry_after_seconds, b.refresh_ms, m.last_value, e.last_value, o.last_value
    into strict max_events, max_seconds, retry_after, refresh_ms, measured_at, events, oldest_ms
    from lib_event.backlog_bound b, lib_event.backlog_measured_at m, lib_event.backlog_events e, lib_event.backlog_oldest_at o;
  -- One writer at a time measures, when the last measurement is older than
  -- refresh_ms; the others go on with it.
  if measured_at < now_ms - refresh_ms
     and pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('lib_event.backlog_measured_at')) then
    measured := lib_event.measure_backlog(max_events + 1);
    events := measured.events;
    oldest_ms := coalesce((extract(epoch from measured.oldest_at) * 1000)::bigint, 0);
    perform pg_catalog.setval('lib_event.backlog_events', events, true),
            pg_catalog.setval('lib_event.backlog_oldest_at', oldest_ms, true),
            pg_catalog.setval('lib_event.backlog_measured_at', now_ms, true);
  end if;

  if events > max_events then
    what := pg_catalog.format('%s or more events are waiting to be sequenced, more than the %s allowed', events, max_events);
  elsif oldest_ms > 0 and oldest_ms < now_ms - max_seconds * 1000::bigint then
    what := pg_catalog.format('the oldest event waiting to be sequenced was recorded %s s ago, more than the %s s allowed',
      (now_ms - oldest_ms) / 1000, max_seconds);
  else
    return;
  end if;

  perform lib_event.count_refusal('PT429');

  -- Through PostgREST: its RAISE SQLSTATE 'PGRST' form, the one way an
  -- error answer carries a header (src/library/PostgREST/Error.hs,
  -- parseRaisePGRST: the message is the body, the detail the status and
  -- headers). To SQL callers and the ingest loader: PT429.
  if pg_catalog.current_setting('request.method', true) is not null then
    raise sqlstate 'PGRST' using
      message = pg_catalog.json_build_object(
        'code', 'PT429',
        'message', pg_catalog.format('the log is behind: %s; nothing was recorded', what),
        'details', 'lib_event bounds the events recorded but not yet sequenced (lib_event.backlog_bound), so that every follower''s lag stays bounded.',
        'hint', pg_catalog.format('Send the same events again after %s s (Retry-After), with the same idempotency keys.', retry_after))::text,
      detail = pg_catalog.json_build_object(
        'status', 429,
        'headers', pg_catalog.json_build_object('Retry-After', retry_after::text))::text;
  end if;
  raise exception using
    errcode = 'PT429',
    message = pg_catalog.format('the log is behind: %s; nothing was recorded', what),
    detail = pg_catalog.format('retry after %s s', retry_after),
    hint = pg_catalog.format('Send the same events again after %s s, with the same idempotency keys.', retry_after);
end
$$;


--
-- Name: FUNCTION check_backlog(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_backlog() IS 'Refuse a write, before it writes, when the unsequenced backlog is past lib_event.backlog_bound: PT429, over HTTP 429 with Retry-After.

The backlog is measured at most every refresh_ms by one caller
(lib_event.measure_backlog); the others read the last measurement from the
sequences lib_event.backlog_measured_at, backlog_events and backlog_oldest_at.';


--
-- Name: check_bounded_read(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_bounded_read(view_name text) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  statement record;
begin
  -- Only PostgREST's read of the view itself, GET or HEAD /<view> (the path
  -- it routes on; the pre-request refuses a percent-escaped one): a SQL
  -- caller, or a function reading the view, bounds its own read.
  if pg_catalog.current_setting('request.path', true) is distinct from '/' || view_name then
    return true;
  end if;
  statement := lib_event.postgrest_statement(pg_catalog.current_query());
  if statement.source is null then
    return true;
  end if;
  -- The read ends with LIMIT $n OFFSET $m when the query string has a
  -- limit or the request a Range header; LIMIT ALL OFFSET $m for an offset
  -- alone (Query/SqlFragment.hs, limitOffsetF).
  if statement.source ~ ' LIMIT \$[0-9]+ OFFSET \$[0-9]+$' then
    return true;
  end if;
  raise exception using
    errcode = 'LE084',
    message = pg_catalog.format('%s /%s needs limit=N or a Range header: without one it would return every row',
      coalesce(pg_catalog.current_setting('request.method', true), 'GET'), view_name),
    detail = 'PostgREST ignores a limit that is not a number (limit=abc).',
    hint = 'Add limit=100 (at most 1000), or Range: 0-99, and page with offset or with a filter past the last row; /rpc/find pages with a cursor.';
end
$_$;


--
-- Name: FUNCTION check_bounded_read(view_name text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_bounded_read(view_name text) IS 'In the WHERE clause of a view of lib_events: refuse PostgREST''s read of the view that has no limit (LE084, HTTP 400); true otherwise.

A SQL caller and a function reading the view are never refused. The view
calls it as an uncorrelated scalar subquery: evaluated once per statement
(an InitPlan, the one-time filter of each scan), it changes neither the
indexes a read uses nor the partitions it prunes.';


--
-- Name: check_closed(text, timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_closed(name text, ends_at timestamp with time zone) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  -- A partition is closed once its period is over and no transaction that
  -- could still write to it is running: recording assigns ids at clock time,
  -- so the last writer of a period ends within moments of its end.
  if ends_at > pg_catalog.now() - interval '1 hour' then
    raise exception using
      errcode = 'LE061',
      message = pg_catalog.format('partition %s is still being written: it takes events until %s', name, ends_at),
      hint = 'Archive or drop a partition only when its period ended more than an hour ago.';
  end if;
end
$$;


--
-- Name: FUNCTION check_closed(name text, ends_at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_closed(name text, ends_at timestamp with time zone) IS 'LE061 unless a partition''s period ended more than an hour ago: one still being written is never archived or dropped.';


--
-- Name: check_erase_selector(text, uuid[], text, jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_erase_selector(reason text, event_ids uuid[], partition_key text, header jsonb) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if reason is null or pg_catalog.btrim(reason) = '' then
    raise exception using errcode = 'LE090', message = 'erase needs a reason',
      hint = 'Say why (e.g. "GDPR request 2026-118"): the reason is recorded in the lib_event.event.erased event.';
  end if;
  if (event_ids is not null)::int + (partition_key is not null)::int + (header is not null)::int <> 1
     or pg_catalog.cardinality(event_ids) = 0 or partition_key = ''
     or (header is not null and (pg_catalog.jsonb_typeof(header) <> 'object' or header = '{}')) then
    raise exception using errcode = 'LE091',
      message = 'erase needs exactly one non-empty selector: event_ids, partition_key or header',
      hint = 'Pass event_ids => array of ids, or partition_key => ''user:42'', or header => ''{"subject": "user:42"}'' (events whose headers contain it).';
  end if;
end
$$;


--
-- Name: FUNCTION check_erase_selector(reason text, event_ids uuid[], partition_key text, header jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_erase_selector(reason text, event_ids uuid[], partition_key text, header jsonb) IS 'Refuse an erasure without a reason (LE090) or without exactly one non-empty selector: event_ids, partition_key or header, a JSON object other than {} (LE091).

lib_event.erase and lib_events.erase call it first.';


--
-- Name: check_event(text, jsonb, timestamp with time zone, text, timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_event(event_type text, headers jsonb, occurred_at timestamp with time zone, partition_key text, created_at timestamp with time zone) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $_$
declare
  reserved text[] := array['event_type', 'event__id', 'created_at', 'occurred_at', 'source', 'partition_key', 'consumer'];
  forged text[];
begin
  -- The domain lib_event.event_type's own pattern, tested here rather than
  -- with pg_input_is_valid(event_type, 'lib_event.event_type'), which parses
  -- the type's name and builds the domain's check on every call (some 45 µs
  -- of a create's time). The column's domain still checks every insert; a
  -- test keeps the two patterns the same.
  if event_type is null
     or event_type COLLATE "C" !~ '^[a-z][a-zA-Z0-9_]{0,62}\.[a-z][a-zA-Z0-9_]{0,62}\.[a-z][a-zA-Z0-9_]{0,62}$' then
    perform lib_event.count_refusal('LE001');
    raise exception using
      errcode = 'LE001',
      message = pg_catalog.format('event_type %s does not follow <service>.<resourceType>.<verb_past_tense>',
        coalesce(pg_catalog.quote_literal(pg_catalog.left(event_type, 100)) || case when pg_catalog.length(event_type) > 100 then '...' else '' end, 'null')),
      detail = pg_catalog.format('length %s', coalesce(pg_catalog.length(event_type)::text, 'null')),
      hint = 'Use three dot-separated segments, each a lowercase letter followed by up to 62 letters, digits or underscores, e.g. billing.invoice.paid.';
  end if;

  if headers is null or pg_catalog.jsonb_typeof(headers) <> 'object' then
    perform lib_event.count_refusal('LE002');
    raise exception using
      errcode = 'LE002',
      message = pg_catalog.format('headers must be a JSON object, not %s', coalesce(pg_catalog.jsonb_typeof(headers), 'null')),
      hint = 'Send headers as {"name": value, ...}, or leave them out.';
  end if;

  -- Case, width and what surrounds a name do not make another entry: a
  -- reader looking for consumer must not find a forged Consumer beside it.
  select pg_catalog.array_agg(pg_catalog.quote_literal(k) order by k) into forged
    from pg_catalog.jsonb_object_keys(headers) k
   where lib_event.header_name(k) = any (reserved);
  if forged is not null then
    perform lib_event.count_refusal('LE003');
    raise exception using
      errcode = 'LE003',
      message = pg_catalog.format('headers may not set the standard entries %s', pg_catalog.array_to_string(forged, ', ')),
      detail = pg_catalog.format('standard entries (in any case or width, with or without white space, control or invisible characters around them): %s',
        pg_catalog.array_to_string(reserved, ', ')),
      hint = 'lib_event fills those itself; pass occurred_at, source and partition_key as arguments of their own.';
  end if;

  if pg_catalog.octet_length(headers::text) > 65536 then
    perform lib_event.count_refusal('PT413');
    raise exception using
      errcode = 'PT413',
      message = pg_catalog.format('headers are %s bytes, more than the 65536 allowed', pg_catalog.octet_length(headers::text)),
      hint = 'Headers describe the event; put bulky content in the payload.';
  end if;
  perform lib_event.check_json_depth('headers', headers);

  if not pg_catalog.isfinite(occurred_at) or occurred_at < '0001-01-01 00:00:00+00' then
    perform lib_event.count_refusal('LE004');
    raise exception using
      errcode = 'LE004',
      message = pg_catalog.format('occurred_at %s is not a time an event can have', occurred_at),
      detail = 'occurred_at must be finite and in the year 1 or later.',
      hint = 'Send the time it happened as ISO 8601 (2026-11-24T10:00:00Z), or leave occurred_at out.';
  end if;
  if occurred_at > created_at + interval '5 minutes' then
    perform lib_event.count_refusal('LE004');
    raise exception using
      errcode = 'LE004',
      message = pg_catalog.format('occurred_at %s is in the future', lib_event.utc_text(occurred_at)),
      detail = pg_catalog.format('recorded at %s; up to 5 minutes of clock skew are tolerated', lib_event.utc_text(created_at)),
      hint = 'An event is something that has already happened: send the time it happened, or leave occurred_at out.';
  end if;

  if pg_catalog.length(partition_key) not between 1 and 255 then
    perform lib_event.count_refusal('LE005');
    raise exception using
      errcode = 'LE005',
      message = pg_catalog.format('partition_key must be 1 to 255 characters, not %s', pg_catalog.length(partition_key)),
      hint = 'Leave partition_key out (null) when events need no grouping.';
  end if;
end
$_$;


--
-- Name: FUNCTION check_event(event_type text, headers jsonb, occurred_at timestamp with time zone, partition_key text, created_at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_event(event_type text, headers jsonb, occurred_at timestamp with time zone, partition_key text, created_at timestamp with time zone) IS 'Raise the documented error when an event is not acceptable (LE001-LE005, LE040, PT413); return nothing otherwise.';


--
-- Name: check_event_input(lib_event.event_input, timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_event_input(event lib_event.event_input, recorded_at timestamp with time zone) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
begin
  perform lib_event.check_event(event.event_type, event.headers,
    coalesce(event.occurred_at, recorded_at), event.partition_key, recorded_at);
  if pg_catalog.pg_column_size(event.payload) > lib_event.payload_ceiling_bytes() then
    perform lib_event.count_refusal('PT413');
    raise exception using
      errcode = 'PT413',
      message = pg_catalog.format('the payload is %s bytes, more than the %s allowed',
        pg_catalog.pg_column_size(event.payload), lib_event.payload_ceiling_bytes()),
      hint = 'Keep bulky content in an object store and put its address in the payload.';
  end if;
  perform lib_event.check_json_depth('payload', event.payload);
  if pg_catalog.length(event.idempotency_key) not between 1 and 255 then
    perform lib_event.count_refusal('LE006');
    raise exception using
      errcode = 'LE006',
      message = pg_catalog.format('idempotency_key must be 1 to 255 characters, not %s',
        pg_catalog.length(event.idempotency_key)),
      hint = 'Send a short unique string per event (a UUID, say), or leave idempotency_key out.';
  end if;
end
$$;


--
-- Name: FUNCTION check_event_input(event lib_event.event_input, recorded_at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_event_input(event lib_event.event_input, recorded_at timestamp with time zone) IS 'lib_event.check_event for one event as handed in, plus the payload''s size (PT413) and depth (LE040) and the bound on its idempotency key (LE006).';


--
-- Name: check_event_inputs(lib_event.event_input[], timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_event_inputs(events lib_event.event_input[], recorded_at timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
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
  -- The lib_event. prefix, of event types and of partition keys, is the
  -- log's own (its lifecycle events, which readers trust under the partition
  -- key lib_event.partitions): only lib_event.record_lifecycle_event, which
  -- seals this transaction for it, records under it.
  if exists (select from pg_catalog.unnest(events) e
              where pg_catalog.lower(e.event_type) like 'lib\_event.%'
                 or pg_catalog.lower(e.partition_key) like 'lib\_event.%')
     and pg_catalog.current_setting('lib_event.lifecycle_seal', true)
         is distinct from lib_event.consumer_seal(' lifecycle event') then
    perform lib_event.count_refusal('LE085');
    raise exception using
      errcode = 'LE085',
      message = 'event types and partition keys starting lib_event. are reserved for the log''s own lifecycle events',
      detail = (select pg_catalog.format('event_type %L, partition_key %L', e.event_type, e.partition_key)
                  from pg_catalog.unnest(events) e
                 where pg_catalog.lower(e.event_type) like 'lib\_event.%'
                    or pg_catalog.lower(e.partition_key) like 'lib\_event.%'
                 limit 1),
      hint = 'Name your events after your own service (<service>.<resourceType>.<verb_past_tense>) and choose a partition_key that does not start with lib_event.';
  end if;
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


--
-- Name: FUNCTION check_event_inputs(events lib_event.event_input[], recorded_at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_event_inputs(events lib_event.event_input[], recorded_at timestamp with time zone) IS 'Check every event of a batch with lib_event.check_event_input (in a batch of several the message says which event failed); true when any carries an idempotency key.';


--
-- Name: check_follow_page_size(integer); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_follow_page_size(page_size integer) RETURNS integer
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
begin
  if page_size is null then
    return 100;
  end if;
  if page_size not between 1 and 1000 then
    raise exception using
      errcode = 'LE031',
      message = pg_catalog.format('page_size %s is out of range', page_size),
      hint = 'Ask for 1 to 1000 events at a time, or leave page_size out for 100.';
  end if;
  return page_size;
end
$$;


--
-- Name: FUNCTION check_follow_page_size(page_size integer); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_follow_page_size(page_size integer) IS 'The page size of a follow read: page_size itself when 1 to 1000, 100 when null; raises LE031 otherwise.';


--
-- Name: check_ingest_publisher_key(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_ingest_publisher_key() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION check_ingest_publisher_key(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_ingest_publisher_key() IS 'Trigger function: a broker user mapped to an API key is mapped to a recording key of its own consumer (LE015).';


--
-- Name: check_json_depth(text, jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_json_depth(what text, value jsonb) RETURNS void
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $_$
begin
  -- 128 is serde_json's default recursion limit, the lowest among common
  -- JSON readers that allow deep documents at all; a deeper value would
  -- be stored and then break the readers of the log. The path stops at
  -- level 128, so this check never recurses deeper itself.
  if pg_catalog.jsonb_path_exists(value,
       'strict $.**{128} ? (@.type() == "array" || @.type() == "object")') then
    perform lib_event.count_refusal('LE040');
    raise exception using
      errcode = 'LE040',
      message = pg_catalog.format('%s nests arrays and objects more than 128 deep', what),
      hint = 'Flatten the structure: at most 128 levels of nested arrays and objects are accepted.';
  end if;
end
$_$;


--
-- Name: FUNCTION check_json_depth(what text, value jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_json_depth(what text, value jsonb) IS 'Refuse (LE040) a JSON value with more than 128 levels of nested arrays and objects; what names the value in the message.';


--
-- Name: check_request(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_request() RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
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
  -- The API document at / is public, like any API reference; so are the
  -- health answer and the metrics, for probes and scrapers that hold no
  -- key (they read, as lib_event_anon, nothing secret), and the explorer
  -- page, which asks its reader for a key before it reads anything.
  if request_path = '/' or (request_path in ('/rpc/health', '/rpc/metrics', '/rpc/explorer')
                            and (presented_key is null or presented_key = '')) then
    return;
  end if;

  -- Before the main query parses the body, a payload at the ceiling plus
  -- room for the other fields, 65 MiB: this spares PostgreSQL, not
  -- PostgREST, which has read the body already; and a chunked body has no
  -- Content-Length. A proxy's body limit protects PostgREST itself. Leading
  -- zeros are stripped above: Warp accepts them.
  if body_bytes ~ '^[0-9]+$'
     and (pg_catalog.length(body_bytes) > 18 or body_bytes::bigint > lib_event.payload_ceiling_bytes() + 1048576) then
    perform lib_event.count_refusal('PT413');
    raise exception using
      errcode = 'PT413',
      message = pg_catalog.format('the request body is %s bytes, more than the %s allowed',
        pg_catalog.left(body_bytes, 30), lib_event.payload_ceiling_bytes() + 1048576),
      hint = 'A payload may be at most 64 MiB; send fewer events per create_many, or keep bulky content in an object store and record its address.';
  end if;

  if presented_key is null or presented_key = '' then
    perform lib_event.count_refusal('PT401');
    raise exception using
      errcode = 'PT401',
      message = 'missing API key',
      detail = pg_catalog.format('%s %s needs an API key', request_method, request_path),
      hint = 'Send your key in the X-Api-Key header. An operator creates one with: npm run key:create -- --name <consumer> --role producer|reader|producer_reader';
  end if;

  select * into holder from lib_event.authenticate_request(presented_key);
  if not found then
    perform lib_event.count_refusal('PT401');
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
    perform lib_event.count_refusal('PT403');
    raise exception using
      errcode = 'PT403',
      message = pg_catalog.format('the path %s has percent-escapes, which the API keys'' check does not decode',
        pg_catalog.left(request_path, 100)),
      hint = 'Write the path plainly: /events, /rpc/create.';
  end if;
  if not lib_event.request_allowed(key_role, request_method, request_path) then
    perform lib_event.count_refusal('PT403');
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
    perform lib_event.count_refusal('LE083');
    raise exception using
      errcode = 'LE083',
      message = 'Prefer: tx=rollback is not offered: every request to lib_event commits',
      detail = 'PostgREST would ignore the preference and commit the request.',
      hint = 'Leave tx=rollback out of the Prefer header: lib_event has no dry run.';
  end if;

  execute pg_catalog.format('set local role %I', key_role);
end
$_$;


--
-- Name: FUNCTION check_request(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_request() IS 'PostgREST''s db-pre-request: authenticate X-Api-Key, authorize the request, then switch to the key''s role.

GET / (the API document), /rpc/health, /rpc/metrics and /rpc/explorer (the explorer page) need no key.

No key or an unknown/revoked key raises PT401 (HTTP 401); a key whose role
may not make the request raises PT403 (HTTP 403); a Content-Length over 65 MiB
raises PT413 and Prefer: tx=rollback LE083 (HTTP 400: every request commits).
The request then runs as lib_event_producer, lib_event_reader or
lib_event_producer_reader, with the key''s consumer name sealed in the
lib_event.consumer setting (lib_event.authenticate_request).';


--
-- Name: check_restoring(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_restoring(name text) RETURNS regclass
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  restoring regclass := pg_catalog.to_regclass(pg_catalog.format('lib_event.%I', name));
begin
  -- Only a table lib_event.restore_partition_begin made, not attached yet.
  if restoring is null or not exists (
       select from pg_catalog.pg_constraint c join pg_catalog.pg_class t on t.oid = c.conrelid
        where c.conrelid = restoring and c.conname = 'restored_bounds' and not t.relispartition) then
    raise exception using
      errcode = 'LE068',
      message = pg_catalog.format('%s is not a partition being restored', pg_catalog.left(name, 100)),
      hint = 'Call lib_event.restore_partition_begin(manifest) first, in the same transaction.';
  end if;
  return restoring;
end
$$;


--
-- Name: FUNCTION check_restoring(name text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_restoring(name text) IS 'The table of a partition being restored (made by lib_event.restore_partition_begin, not attached yet), or LE068.';


--
-- Name: check_scope(text, text[], text, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_scope(dimension text, scope text[], domain_name text, allowed text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
  misfit text;
begin
  if scope is null then
    return;
  end if;
  if pg_catalog.cardinality(scope) = 0 then
    raise exception using
      errcode = 'LE013',
      message = pg_catalog.format('the %s scope is empty: the key could use nothing', dimension),
      hint = pg_catalog.format('Name at least one, or leave the %s scope out for every one. %s', dimension, allowed);
  end if;
  select s into misfit from pg_catalog.unnest(scope) s
   where s is null or not pg_catalog.pg_input_is_valid(s, domain_name) limit 1;
  if found then
    raise exception using
      errcode = 'LE013',
      message = pg_catalog.format('%s scope %s is not allowed', dimension,
        coalesce(pg_catalog.quote_literal(pg_catalog.left(misfit, 100)), 'null')),
      hint = allowed;
  end if;
end
$$;


--
-- Name: FUNCTION check_scope(dimension text, scope text[], domain_name text, allowed text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_scope(dimension text, scope text[], domain_name text, allowed text) IS 'Refuse a key scope that is empty or holds a value its domain does not take (LE013), naming the value and what is allowed.';


--
-- Name: check_tree_size(bigint, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_tree_size(tree_size bigint, what text) RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  sequenced bigint := lib_event.tree_size();
begin
  if tree_size is null or tree_size < 1 or tree_size > sequenced then
    raise exception using
      errcode = 'LE070',
      message = pg_catalog.format('%s %s is not a size of the log, which holds %s sequenced events', what, coalesce(tree_size::text, 'null'), sequenced),
      hint = 'Ask for the tree_size of a checkpoint (GET /checkpoints).';
  end if;
  return tree_size;
end
$$;


--
-- Name: FUNCTION check_tree_size(tree_size bigint, what text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_tree_size(tree_size bigint, what text) IS 'LE070 unless a tree size is between 1 and the number of sequenced events.';


--
-- Name: check_write_request(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.check_write_request() RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  statement record := lib_event.postgrest_statement(pg_catalog.current_query());
  request text := pg_catalog.concat_ws(' ', pg_catalog.current_setting('request.method', true),
                    pg_catalog.current_setting('request.path', true));
  applied text[];
begin
  -- A SQL caller's statement is its own: nothing is applied behind its back.
  if statement.source is null then
    return;
  end if;

  -- With select=... alone the read of the result is
  -- SELECT <columns> FROM "pgrst_source" AS "<alias>" and nothing after it
  -- (names are ? in the parts lib_event.postgrest_statement returns).
  if statement.result_read !~ '^SELECT .* FROM \? AS \?$' then
    applied := pg_catalog.array_remove(array[
      case when statement.result_read ~ '\mWHERE\M' then 'filters (column=operator.value)' end,
      case when statement.result_read ~ '\mORDER BY\M' then 'order' end,
      case when statement.result_read ~ '\mLIMIT \$' then 'limit' end,
      case when statement.result_read ~ '\mOFFSET \$' then 'offset' end,
      case when statement.result_read ~ '\mJOIN\M' then 'embedded resources' end], null);
    perform lib_event.count_refusal('LE081');
    raise exception using
      errcode = 'LE081',
      message = pg_catalog.format('%s does not take %s: PostgREST applies query parameters to the answer, after the write',
        coalesce(request, 'this call'),
        coalesce(pg_catalog.array_to_string(applied, ', '), 'query parameters but select')),
      detail = 'PostgREST applies a query string''s filters, order, limit and offset to what a function returns, once it has run: the answer would leave out what was written. Nothing was written.',
      hint = 'Send the request without query parameters; select=<columns> alone is allowed.';
  end if;

  if statement.binds_array then
    perform lib_event.count_refusal('LE082');
    raise exception using
      errcode = 'LE082',
      message = pg_catalog.format('%s takes one JSON object, not an array: PostgREST would pass its first element alone',
        coalesce(request, 'this call')),
      detail = 'PostgREST binds named arguments from the first element of an array body and drops the others. Nothing was written.',
      hint = 'Send one event as a JSON object to /rpc/create; send several, all or nothing, as an array to /rpc/create_many.';
  end if;
end
$_$;


--
-- Name: FUNCTION check_write_request(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.check_write_request() IS 'Called first by every function of lib_events that writes: refuse a PostgREST request whose answer would hide the write, before anything is written.

LE081: query parameters other than select (PostgREST applies filters, order,
limit and offset to the function''s result after it ran). LE082: an array
body bound to named arguments (PostgREST passes its first element alone). A
SQL caller is never refused: its statement is its own.';


--
-- Name: checkpoint_body(text, bigint, bytea); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.checkpoint_body(origin text, tree_size bigint, root_hash bytea) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  select pg_catalog.format(E'%s\n%s\n%s\n', origin, tree_size, pg_catalog.encode(root_hash, 'base64'));
$$;


--
-- Name: FUNCTION checkpoint_body(origin text, tree_size bigint, root_hash bytea); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.checkpoint_body(origin text, tree_size bigint, root_hash bytea) IS 'The text of a C2SP checkpoint note (c2sp.org/tlog-checkpoint): origin, tree size, base64 root, each ending in a newline.';


--
-- Name: checkpoint_note(bigint); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.checkpoint_note(tree_size bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select lib_event.checkpoint_body(c.origin, c.tree_size, c.root_hash) || E'\n'
      || lib_event.signature_line(c.origin, lib_event.note_key_id(c.origin, '\x01', lib_event.ed25519_key_bytes(k.public_key)), c.signature)
      || coalesce((select pg_catalog.string_agg(lib_event.signature_line(w.witness, w.key_id, w.signature), '' order by w.witness, w.key_id)
                     from lib_event.checkpoint_cosignature w where w.tree_size = c.tree_size), '')
    from lib_event.log_checkpoint c
    join lib_event.log_key k on k.key_id = c.key_id
   where c.tree_size = checkpoint_note.tree_size and c.origin is not null;
$$;


--
-- Name: FUNCTION checkpoint_note(tree_size bigint); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.checkpoint_note(tree_size bigint) IS 'The C2SP checkpoint of tree_size as a signed note: its text, a blank line, the log''s signature line and the witnesses'' cosignature lines; null for a v1 checkpoint.';


--
-- Name: checkpoint_signed_text(text, bigint, bytea, timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.checkpoint_signed_text(origin text, tree_size bigint, root_hash bytea, signed_at timestamp with time zone) RETURNS text
    LANGUAGE sql IMMUTABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path TO ''
    AS $$
  select case when origin is null then lib_event.checkpoint_text(tree_size, root_hash, signed_at)
              else lib_event.checkpoint_body(origin, tree_size, root_hash) end;
$$;


--
-- Name: FUNCTION checkpoint_signed_text(origin text, tree_size bigint, root_hash bytea, signed_at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.checkpoint_signed_text(origin text, tree_size bigint, root_hash bytea, signed_at timestamp with time zone) IS 'The text a checkpoint''s signature covers: its C2SP note text, or for one without origin the v1 text (lib_event.checkpoint_text).';


--
-- Name: checkpoint_text(bigint, bytea, timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.checkpoint_text(tree_size bigint, root_hash bytea, signed_at timestamp with time zone) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select pg_catalog.format(E'lib_event checkpoint v1\ntree_size %s\nroot %s\ntime %s\n',
    tree_size, pg_catalog.encode(root_hash, 'hex'), lib_event.utc_text(signed_at));
$$;


--
-- Name: FUNCTION checkpoint_text(tree_size bigint, root_hash bytea, signed_at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.checkpoint_text(tree_size bigint, root_hash bytea, signed_at timestamp with time zone) IS 'The text a checkpoint''s signature covers (UTF-8): four lines, "lib_event checkpoint v1", "tree_size N", "root <hex>", "time <UTC>".';


--
-- Name: claim_idempotency_keys(lib_event.event_input[], uuid[], text, timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.claim_idempotency_keys(events lib_event.event_input[], new_ids uuid[], recorder text, recorded_at timestamp with time zone) RETURNS uuid[]
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: FUNCTION claim_idempotency_keys(events lib_event.event_input[], new_ids uuid[], recorder text, recorded_at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.claim_idempotency_keys(events lib_event.event_input[], new_ids uuid[], recorder text, recorded_at timestamp with time zone) IS 'Claim the idempotency keys of a batch for the recorder and return, in input order, the id each event ends with: its new id, or the id of the event its key already names. A key already used for other content raises 23505 (HTTP 409).';


--
-- Name: consistency_path(bigint, bigint, bigint, boolean); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.consistency_path(first_size bigint, start bigint, stop bigint, whole boolean) RETURNS bytea[]
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  split bigint;
begin
  -- RFC 6962 2.1.2 SUBPROOF(m, D[start:stop], b), m counted from start.
  if first_size = stop - start then
    return case when whole then '{}'::bytea[] else array[lib_event.subtree_hash(start, stop)] end;
  end if;
  split := lib_event.largest_power_below(stop - start);
  if first_size <= split then
    return lib_event.consistency_path(first_size, start, start + split, whole) || lib_event.subtree_hash(start + split, stop);
  end if;
  return lib_event.consistency_path(first_size - split, start + split, stop, false) || lib_event.subtree_hash(start, start + split);
end
$$;


--
-- Name: FUNCTION consistency_path(first_size bigint, start bigint, stop bigint, whole boolean); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.consistency_path(first_size bigint, start bigint, stop bigint, whole boolean) IS 'RFC 6962 SUBPROOF of the first first_size leaves within leaves start to stop - 1.';


--
-- Name: consumer_seal(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.consumer_seal(consumer text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  -- sha256(key || sha256(key || message)): the outer hash hides the inner
  -- one, so the seal cannot be extended to a longer name. The transaction's
  -- start as epoch seconds, not text: the time zone cannot change it.
  select pg_catalog.encode(pg_catalog.sha256(k.seal_key || pg_catalog.sha256(k.seal_key || pg_catalog.convert_to(
           pg_catalog.concat_ws(':', pg_catalog.pg_backend_pid(),
             pg_catalog.date_part('epoch', pg_catalog.transaction_timestamp()), consumer), 'UTF8'))), 'hex')
    from lib_event.consumer_seal_key k
$$;


--
-- Name: FUNCTION consumer_seal(consumer text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.consumer_seal(consumer text) IS 'The seal of a consumer name for this backend''s current transaction. Executable by lib_event_owner alone: its definer functions seal (lib_event.seal_consumer) and check (lib_event.current_consumer).';


--
-- Name: content_commitment(bytea, jsonb, jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.content_commitment(salt bytea, headers jsonb, payload jsonb) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  -- No SET clause (every name is qualified): the planner inlines it.
  select pg_catalog.sha256(salt || lib_event.leaf_field(headers::text) || lib_event.leaf_field(payload::text));
$$;


--
-- Name: FUNCTION content_commitment(salt bytea, headers jsonb, payload jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.content_commitment(salt bytea, headers jsonb, payload jsonb) IS 'The salted commitment to an event''s content: SHA-256 of the salt, then headers and payload as jsonb text, each length-prefixed like a leaf field.';


--
-- Name: count_refusal(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.count_refusal(code text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  counter regclass := pg_catalog.to_regclass('lib_event.refusals_' || pg_catalog.lower(code));
begin
  -- Never in the way of the refusal it counts: a code without a counter and
  -- a read-only transaction (where nextval is an error) are not counted.
  if counter is null or pg_catalog.current_setting('transaction_read_only') = 'on' then
    return;
  end if;
  perform pg_catalog.nextval(counter);
end
$$;


--
-- Name: FUNCTION count_refusal(code text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.count_refusal(code text) IS 'Count one refusal with this error code in its sequence lib_event.refusals_<code> (not undone when the refused transaction rolls back); nothing for a code without one, or in a read-only transaction.';


--
-- Name: create_partition(text, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.create_partition(name text, starts_at timestamp with time zone, ends_at timestamp with time zone) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  policy lib_event.partition_policy;
begin
  select * into policy from lib_event.partition_policy;
  -- Made apart, then attached: ATTACH takes a lock on the log producers do
  -- not wait on (SHARE UPDATE EXCLUSIVE), where CREATE ... PARTITION OF would
  -- block them; it does lock the (empty) default partition, so readers that
  -- scan every partition wait a moment. Never long: give up after 5 s
  -- (55P03) and let the next maintenance run try again.
  perform pg_catalog.set_config('lock_timeout', '5s', true);
  execute pg_catalog.format('create table lib_event.%I (like lib_event.event including defaults including constraints)%s',
    name, case when policy.hash_subpartitions is not null then ' partition by hash (event__id)' else '' end);
  for remainder in 0 .. coalesce(policy.hash_subpartitions, 0) - 1 loop
    execute pg_catalog.format('create table lib_event.%I partition of lib_event.%I for values with (modulus %s, remainder %s)',
      name || '_h' || remainder, name, policy.hash_subpartitions, remainder);
    execute pg_catalog.format('comment on table lib_event.%I is %L', name || '_h' || remainder,
      pg_catalog.format('Part %s of %s of %s, by hash of event__id.', remainder + 1, policy.hash_subpartitions, name));
  end loop;
  execute pg_catalog.format('alter table lib_event.event attach partition lib_event.%I for values from (%L) to (%L)',
    name, lib_event.uuid_floor(starts_at), lib_event.uuid_floor(ends_at));
  execute pg_catalog.format('comment on table lib_event.%I is %L', name,
    pg_catalog.format('The events recorded from %s to %s (UTC).', starts_at at time zone 'UTC', ends_at at time zone 'UTC'));
end
$$;


--
-- Name: FUNCTION create_partition(name text, starts_at timestamp with time zone, ends_at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.create_partition(name text, starts_at timestamp with time zone, ends_at timestamp with time zone) IS 'Make one partition of lib_event.event for recording times from starts_at to ends_at, split by hash as lib_event.partition_policy says.';


--
-- Name: current_consumer(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.current_consumer() RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION current_consumer(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.current_consumer() IS 'Who is recording: the API key''s consumer behind PostgREST, the mapped broker user behind the ingest loader (each sealed by definer code, lib_event.seal_consumer), else the session''s login role.';


--
-- Name: default_origin(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.default_origin() RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select pg_catalog.format('lib-event.invalid/%s/%s',
    pg_catalog.regexp_replace(pg_catalog.current_database(), '[^A-Za-z0-9._-]', '_', 'g'), lib_event.system_identifier());
$$;


--
-- Name: FUNCTION default_origin(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.default_origin() IS 'The origin a log takes when none is configured: lib-event.invalid/<database>/<cluster id>.

Unique to the installation (the cluster''s system identifier); stored at the
first checkpoint, so a later restore into another cluster keeps it.';


--
-- Name: defer_large_payload(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.defer_large_payload() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
  json_text text := new.payload::text;
begin
  if pg_catalog.octet_length(json_text) > lib_event.deferred_payload_bytes() then
    insert into lib_event.deferred_payload (event__id, payload_size, payload_sha256)
    values (new.event__id, pg_catalog.octet_length(json_text), pg_catalog.sha256(pg_catalog.convert_to(json_text, 'UTF8')));
  end if;
  return new;
end
$$;


--
-- Name: FUNCTION defer_large_payload(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.defer_large_payload() IS 'Trigger function: note an event whose payload is over lib_event.deferred_payload_bytes() of JSON text in lib_event.deferred_payload.';


--
-- Name: deferred_payload_bytes(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.deferred_payload_bytes() RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ select 262144 $$;


--
-- Name: FUNCTION deferred_payload_bytes(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.deferred_payload_bytes() IS 'Payloads with more bytes of JSON text than this (256 KiB) are left out of pages and read with lib_events.event_payload.';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: deferred_payload; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.deferred_payload (
    event__id uuid NOT NULL,
    payload_size bigint NOT NULL,
    payload_sha256 bytea NOT NULL,
    CONSTRAINT deferred_payload_payload_sha256_is_sha256 CHECK ((length(payload_sha256) = 32))
);


--
-- Name: TABLE deferred_payload; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.deferred_payload IS 'The events whose payload pages leave out (over lib_event.deferred_payload_bytes() of JSON text), with its size and digest.

Written once, when the event is recorded (trigger event_defer_large_payload),
beside the event rather than in it: the event row is never updated.';


--
-- Name: COLUMN deferred_payload.event__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.deferred_payload.event__id IS 'The event.';


--
-- Name: COLUMN deferred_payload.payload_size; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.deferred_payload.payload_size IS 'Bytes of the payload as JSON text (PostgreSQL''s text form of the jsonb value, as event_payload returns it).';


--
-- Name: COLUMN deferred_payload.payload_sha256; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.deferred_payload.payload_sha256 IS 'SHA-256 of that JSON text, UTF-8.';


--
-- Name: deferred_payload_of(uuid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.deferred_payload_of(event__id uuid) RETURNS lib_event.deferred_payload
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select d.* from lib_event.deferred_payload d where d.event__id = deferred_payload_of.event__id;
$$;


--
-- Name: FUNCTION deferred_payload_of(event__id uuid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.deferred_payload_of(event__id uuid) IS 'The deferred_payload row of an event, or null when its payload is not deferred (security definer: the events view calls it as the reader).';


--
-- Name: drop_expired_partition(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.drop_expired_partition(name text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform lib_event.partition_bounds(name);
  if not exists (select from lib_event.partitions_past_retention() p where p.partition = name) then
    raise exception using
      errcode = 'LE065',
      message = pg_catalog.format('partition %s is not past the retention period', name),
      hint = 'The maintenance login drops only what select partition from lib_event.partitions_past_retention() lists; set the retention with lib_event.set_retention.';
  end if;
  return lib_event.drop_partition(name, force => false);
end
$$;


--
-- Name: FUNCTION drop_expired_partition(name text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.drop_expired_partition(name text) IS 'Drop a partition past the retention period once it is archived as it is now: npm run archive''s last step, as lib_event_maintenance.

LE065 when the partition is not past the retention period, LE063 when it is not archived with the rows it holds (lib_event.drop_partition, never forced). Records a lib_event.partition.dropped event.';


--
-- Name: drop_partition(text, boolean); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.drop_partition(name text, force boolean DEFAULT false) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET "TimeZone" TO 'UTC'
    AS $$
declare
  bounds record;
  archive lib_event.partition_archive;
  counted bigint;
  keys bigint;
  deferred bigint;
begin
  select * into bounds from lib_event.partition_bounds(name);
  perform lib_event.check_closed(name, bounds.ends_at);
  select * into archive from lib_event.partition_archive a where a.partition = name;
  -- No writer may add a row between the count and the drop.
  execute pg_catalog.format('lock table lib_event.%I in share mode', name);
  execute pg_catalog.format('select count(*) from lib_event.%I', name) into counted;
  if not force and (archive.partition is null or archive.rows <> counted) then
    raise exception using
      errcode = 'LE063',
      message = pg_catalog.format('partition %s is not archived%s', name,
        case when archive.partition is not null then pg_catalog.format(' as it is now (%s rows archived, %s now)', archive.rows, counted) else '' end),
      hint = 'Run npm run archive first; to drop it without an archive, call lib_event.drop_partition(name, force => true).';
  end if;
  -- DETACH locks the whole log: give up after 5 s rather than queue every
  -- producer behind a long reader (55P03; npm run archive tries again next run).
  perform pg_catalog.set_config('lock_timeout', '5s', true);
  -- What only these events needed goes with them.
  delete from lib_event.deferred_payload d
   where d.event__id >= lib_event.uuid_floor(bounds.starts_at) and d.event__id < lib_event.uuid_floor(bounds.ends_at);
  get diagnostics deferred = row_count;
  delete from lib_event.idempotency_key k
   where k.event__id >= lib_event.uuid_floor(bounds.starts_at) and k.event__id < lib_event.uuid_floor(bounds.ends_at);
  get diagnostics keys = row_count;
  execute pg_catalog.format('alter table lib_event.event detach partition lib_event.%I', name);
  execute pg_catalog.format('drop table lib_event.%I', name);
  update lib_event.partition_archive a set dropped_at = pg_catalog.now() where a.partition = name;
  return lib_event.record_lifecycle_event('lib_event.partition.dropped', pg_catalog.jsonb_build_object(
    'partition', name, 'starts_at', bounds.starts_at, 'ends_at', bounds.ends_at, 'rows', counted,
    'archived', archive.partition is not null, 'forced', force, 'sha256', archive.sha256,
    'idempotency_keys', keys, 'deferred_payloads', deferred));
end
$$;


--
-- Name: FUNCTION drop_partition(name text, force boolean); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.drop_partition(name text, force boolean) IS 'Drop a partition whose period ended: only when it is archived with the rows it holds (LE063 otherwise), unless force; its idempotency keys and deferred-payload notes go with it. Records a lib_event.partition.dropped event.';


--
-- Name: ed25519_key_bytes(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.ed25519_key_bytes(public_key text) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  -- An Ed25519 SubjectPublicKeyInfo is 44 bytes: a fixed 12-byte prefix, then the key.
  select pg_catalog.substr(pg_catalog.decode(pg_catalog.regexp_replace(public_key, '-----[A-Z ]+-----|\s', '', 'g'), 'base64'), 13, 32);
$$;


--
-- Name: FUNCTION ed25519_key_bytes(public_key text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.ed25519_key_bytes(public_key text) IS 'The 32 bytes of an Ed25519 public key (RFC 8032) from its PEM (SubjectPublicKeyInfo).';


--
-- Name: erase(text, uuid[], text, jsonb, integer, boolean, jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.erase(reason text, event_ids uuid[] DEFAULT NULL::uuid[], partition_key text DEFAULT NULL::text, header jsonb DEFAULT NULL::jsonb, confirm integer DEFAULT NULL::integer, break_v1_proofs boolean DEFAULT false, archive_files jsonb DEFAULT NULL::jsonb) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  files jsonb := coalesce(archive_files, '[]'::jsonb);
  archived uuid[];
  archived_unprovable uuid[];
  matched uuid[];
  unprovable uuid[];
  missing uuid;
  busy text;
  unfiled text;
  erasure uuid;
  deferred integer;
  keys integer;
  holder lib_event.api_key := lib_event.request_key();
begin
  perform lib_event.check_erase_selector(reason, event_ids, erase.partition_key, header);
  if pg_catalog.jsonb_typeof(files) <> 'array' or exists (
       select from pg_catalog.jsonb_array_elements(files) f
        where pg_catalog.jsonb_typeof(f) <> 'object' or pg_catalog.jsonb_typeof(f -> 'partition') is distinct from 'string'
           or pg_catalog.jsonb_typeof(f -> 'file') is distinct from 'string' or pg_catalog.jsonb_typeof(f -> 'sha256') is distinct from 'string'
           or pg_catalog.jsonb_typeof(f -> 'events') is distinct from 'array') then
    raise exception using errcode = 'LE095',
      message = pg_catalog.format('erase: archive_files %s is not a list of the archive files rewritten', pg_catalog.left(files::text, 200)),
      hint = 'npm run erase passes it: an array of {"partition", "file", "sha256", "events": [ids], "unprovable": [ids]}, one for each archive file holding selected events. Nothing was erased.';
  end if;
  select pg_catalog.array_agg(distinct x.id::uuid) into archived
    from pg_catalog.jsonb_array_elements(files) f, pg_catalog.jsonb_array_elements_text(f -> 'events') x (id);
  select pg_catalog.array_agg(distinct x.id::uuid) into archived_unprovable
    from pg_catalog.jsonb_array_elements(files) f,
         pg_catalog.jsonb_array_elements_text(coalesce(f -> 'unprovable', '[]'::jsonb)) x (id);
  -- An archived event whose partition was dropped is known by its place in the log.
  select a.id into missing
    from pg_catalog.unnest(archived) a (id)
   where not exists (select from lib_event.event e where e.event__id = a.id)
     and not exists (select from lib_event.log_entry l where l.event__id = a.id)
   limit 1;
  if missing is not null then
    raise exception using errcode = 'LE092',
      message = pg_catalog.format('erase: event %s of an archive file is not in the log', missing),
      hint = 'Give the archive directory of this database. Nothing was erased.';
  end if;
  if event_ids is not null then
    select g.id into missing
      from pg_catalog.unnest(event_ids) g (id)
     where not exists (select from lib_event.event e where e.event__id = g.id)
       and g.id <> all (coalesce(archived, '{}'))
     limit 1;
    if missing is not null then
      raise exception using errcode = 'LE092',
        message = pg_catalog.format('erase: no event %s in the database or the archive files given', missing),
        hint = 'Pass ids of recorded events; events of an archived partition are erased by npm run erase with the archive directory (--archive-dir), which rewrites its file. Nothing was erased.';
    end if;
  end if;

  -- One run at a time per partition: npm run archive holds this lock while it
  -- writes a partition's file, npm run erase while it rewrites one.
  select p.partition into busy
    from (select distinct lib_event.event_partition_of(e.tableoid) as partition
            from lib_event.event e
           where e.erased_at is null
             and case when event_ids is not null then e.event__id = any (event_ids)
                      when erase.partition_key is not null then e.partition_key = erase.partition_key
                      else e.headers @> header end
          union
          select f ->> 'partition' from pg_catalog.jsonb_array_elements(files) f) p
   where not pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('lib_event.archive'),
           pg_catalog.hashtext(pg_catalog.regexp_replace(p.partition, '^lib_event\.', '')))
   limit 1;
  if busy is not null then
    raise exception using errcode = 'LE096',
      message = pg_catalog.format('erase: partition %s is being archived, or its archive rewritten, by another run', busy),
      hint = 'Run erase again once it is done. Nothing was erased.';
  end if;

  -- The log's own events (lib_event.*) hold no personal data and are not erased.
  select pg_catalog.array_agg(e.event__id order by e.event__id),
         pg_catalog.array_agg(e.event__id order by e.event__id) filter (where e.content_commitment is null),
         pg_catalog.min(a.partition) filter (where a.partition is not null
           and not exists (select from pg_catalog.jsonb_array_elements(files) f where f ->> 'partition' = a.partition))
    into matched, unprovable, unfiled
    from lib_event.event e
    left join lib_event.partition_archive a
      on a.partition = pg_catalog.regexp_replace(lib_event.event_partition_of(e.tableoid), '^lib_event\.', '') and a.dropped_at is null
   where e.erased_at is null
     and e.event_type::text not like 'lib\_event.%'
     and case when event_ids is not null then e.event__id = any (event_ids)
              when erase.partition_key is not null then e.partition_key = erase.partition_key
              else e.headers @> header end;
  -- A partition with an archive file (archived, or restored from one): erasing
  -- only its rows would leave the content in the file.
  if unfiled is not null then
    raise exception using errcode = 'LE095',
      message = pg_catalog.format('erase: partition %s has an archive file, which would keep the content', unfiled),
      hint = 'Erase through npm run erase -- --archive-dir <the archive directory>: it rewrites the file in the same erasure. Nothing was erased.';
  end if;
  -- The archived events whose partition is dropped: erased in their files only.
  select pg_catalog.array_agg(a.id order by a.id) into archived
    from pg_catalog.unnest(archived) a (id)
   where not exists (select from lib_event.event e where e.event__id = a.id);
  select pg_catalog.array_agg(a.id order by a.id) into archived_unprovable
    from pg_catalog.unnest(archived_unprovable) a (id) where a.id = any (coalesce(archived, '{}'));
  matched := (select pg_catalog.array_agg(m order by m) from pg_catalog.unnest(coalesce(matched, '{}') || coalesce(archived, '{}')) m);
  unprovable := (select pg_catalog.array_agg(u order by u) from pg_catalog.unnest(coalesce(unprovable, '{}') || coalesce(archived_unprovable, '{}')) u);
  if matched is null then
    raise exception using errcode = 'LE092',
      message = 'erase: the selector matches no event that holds content',
      hint = 'Check the selector; events already erased, and the log''s own lib_event.* events, are not matched. Nothing was erased.';
  end if;
  if pg_catalog.cardinality(matched) > lib_event.erase_confirm_bound() and confirm is distinct from pg_catalog.cardinality(matched) then
    raise exception using errcode = 'LE093',
      message = pg_catalog.format('erase: the selector matches %s events, more than %s', pg_catalog.cardinality(matched), lib_event.erase_confirm_bound()),
      hint = pg_catalog.format('If that is intended, call again with confirm => %s. Nothing was erased.', pg_catalog.cardinality(matched));
  end if;
  if unprovable is not null and not break_v1_proofs then
    raise exception using errcode = 'LE094',
      message = pg_catalog.format('erase: %s of the events matched (the first: %s) were recorded before salted leaves (format v1): erasing them breaks their proof',
        pg_catalog.cardinality(unprovable), unprovable[1]),
      hint = 'Pass break_v1_proofs => true to erase them anyway: verify then names them erased-unprovable. Nothing was erased.';
  end if;

  -- The record first: its id goes on every erased event. Ids and counts,
  -- never the selector or the content; for each archive file rewritten, the
  -- SHA-256 of the file it replaces.
  perform pg_catalog.set_config('lib_event.lifecycle_seal', lib_event.consumer_seal(' lifecycle event'), true);
  select r.event__id into erasure
    from lib_event.record_events(array[row('lib_event.event.erased',
           pg_catalog.jsonb_build_object(
             'reason', reason,
             -- The API key's consumer (POST /rpc/erase), else the caller's
             -- role (SET ROLE) if any, else its login: a definer's
             -- current_user would name the owner.
             'erased_by', coalesce(holder.consumer::text, nullif(pg_catalog.current_setting('role'), 'none'), session_user::text),
             'events', pg_catalog.to_jsonb(matched),
             'unprovable', pg_catalog.to_jsonb(coalesce(unprovable, '{}')),
             'archive_files', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                  'partition', f ->> 'partition', 'file', f ->> 'file', 'sha256', f ->> 'sha256',
                  'events', pg_catalog.jsonb_array_length(f -> 'events')) order by f ->> 'partition')
                from pg_catalog.jsonb_array_elements(files) f), '[]'::jsonb))
             -- and which key, when an API key erased.
             || pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('api_key__id', holder.api_key__id)),
           '{}'::jsonb, null::timestamptz, null::uuid, 'lib_event.erasures', null::text)::lib_event.event_input]) r;
  perform pg_catalog.set_config('lib_event.lifecycle_seal', '', true);

  perform pg_catalog.set_config('lib_event.erasure_seal', lib_event.consumer_seal(' erasure'), true);
  perform pg_catalog.set_config('lib_event.erasure__id', erasure::text, true);
  update lib_event.event e
     set payload = null,
         headers = lib_event.stored_headers('{}'::jsonb, e.event_type::text, e.event__id, e.created_at, e.occurred_at,
                                            e.source, e.partition_key::text, e.consumer::text),
         content_salt = null, erased_at = pg_catalog.now(), erasure__id = erasure
   where e.event__id = any (matched);
  perform pg_catalog.set_config('lib_event.erasure_seal', '', true);
  perform pg_catalog.set_config('lib_event.erasure__id', '', true);
  delete from lib_event.deferred_payload d where d.event__id = any (matched);
  get diagnostics deferred = row_count;
  delete from lib_event.idempotency_key k where k.event__id = any (matched);
  get diagnostics keys = row_count;
  return pg_catalog.jsonb_build_object('erasure__id', erasure, 'erased_at', lib_event.utc_text(pg_catalog.now()),
    'erased', pg_catalog.cardinality(matched), 'archived', coalesce(pg_catalog.cardinality(archived), 0),
    'unprovable', coalesce(pg_catalog.cardinality(unprovable), 0), 'deferred_payloads', deferred,
    'idempotency_keys', keys, 'event_ids', pg_catalog.to_jsonb(matched));
end
$$;


--
-- Name: FUNCTION erase(reason text, event_ids uuid[], partition_key text, header jsonb, confirm integer, break_v1_proofs boolean, archive_files jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.erase(reason text, event_ids uuid[], partition_key text, header jsonb, confirm integer, break_v1_proofs boolean, archive_files jsonb) IS 'Erase the personal data of events: payload, user headers and salt, their deferred payload note and idempotency record, in one transaction.

Select by exactly one of event_ids, partition_key or header (events whose
headers contain it, e.g. {"subject": "user:42"}); reason is required. Records
a lib_event.event.erased event (partition_key lib_event.erasures) holding
the reason, who erased (erased_by: the API key''s consumer behind
POST /rpc/erase, with its api_key__id; else the login or SET ROLE), the ids
erased and the archive files rewritten (partition, file, the SHA-256 of the
file replaced, how many of its events), never the content or the selector;
each erased event gets erased_at and erasure__id. Their v2 leaves still
verify from the kept commitment. archive_files is what npm run erase found
in the archive directory: [{"partition", "file", "sha256", "events": [ids],
"unprovable": [ids]}]; events there whose partition was dropped are erased
in their files only. Refuses: no reason (LE090), no or several or empty
selectors (LE091), an unknown id or nothing matched (LE092), more than
lib_event.erase_confirm_bound() events without confirm => that number
(LE093), events recorded before salted leaves without break_v1_proofs =>
true (LE094), archive_files malformed or an archived partition''s rows
without its file (LE095), a partition being archived or rewritten by
another run (LE096). Returns the erasure event''s id and time, and counts.
Members of lib_event_eraser only (and lib_events.erase, for a key with the
erase right).';


--
-- Name: erase_confirm_bound(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.erase_confirm_bound() RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select 100;
$$;


--
-- Name: FUNCTION erase_confirm_bound(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.erase_confirm_bound() IS 'How many events lib_event.erase erases without confirm: past it, the caller must pass confirm => the exact number matched.';


--
-- Name: erased_archive(uuid, jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.erased_archive(erasure uuid, manifest jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  record jsonb;
  replaced text;
begin
  select e.payload into record from lib_event.event e
   where e.event__id = erasure and e.event_type = 'lib_event.event.erased';
  select f ->> 'sha256' into replaced
    from pg_catalog.jsonb_array_elements(record -> 'archive_files') f
   where f ->> 'partition' = manifest ->> 'partition';
  if replaced is null then
    raise exception using errcode = 'LE097',
      message = pg_catalog.format('erased_archive: erasure %s rewrote no archive file of partition %s', erasure, manifest ->> 'partition'),
      hint = 'npm run erase calls it, in the transaction of lib_event.erase, for each file it rewrote.';
  end if;
  update lib_event.partition_archive a
     set file = manifest ->> 'file', sha256 = manifest ->> 'sha256', bytes = (manifest ->> 'bytes')::bigint
   where a.partition = manifest ->> 'partition';
  if found and not exists (select from lib_event.partition_archive a
                            where a.partition = manifest ->> 'partition' and (manifest ->> 'rows')::bigint = a.rows) then
    raise exception using errcode = 'LE097',
      message = pg_catalog.format('erased_archive: the rewritten file of %s holds %s rows, not the rows archived', manifest ->> 'partition', manifest ->> 'rows'),
      hint = 'Nothing was erased.';
  end if;
end
$$;


--
-- Name: FUNCTION erased_archive(erasure uuid, manifest jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.erased_archive(erasure uuid, manifest jsonb) IS 'Record the archive file npm run erase rewrote for an erasure (its manifest): lib_event.partition_archive names the new file and SHA-256, so a restore takes it.

Called in the transaction of lib_event.erase, before it commits. LE097 when
the erasure names no file of that partition, or the row count changed.
Members of lib_event_eraser only.';


--
-- Name: erasure_recorded(uuid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.erasure_recorded(erasure uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select exists (select from lib_event.event e where e.event__id = erasure and e.event_type = 'lib_event.event.erased');
$$;


--
-- Name: FUNCTION erasure_recorded(erasure uuid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.erasure_recorded(erasure uuid) IS 'Whether the lib_event.event.erased event of this id is committed: npm run erase completes an archive rewrite a killed run left when it is, and discards it when not.';


--
-- Name: event_content_hash(lib_event.event_input); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.event_content_hash(event lib_event.event_input) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  -- Times go through utc_text so that the session time zone changes nothing;
  -- jsonb already ignores key order and white space.
  select pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.jsonb_build_array(
    event.event_type, event.payload, event.headers, lib_event.utc_text(event.occurred_at),
    event.source, event.partition_key)::text, 'UTF8'));
$$;


--
-- Name: FUNCTION event_content_hash(event lib_event.event_input); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.event_content_hash(event lib_event.event_input) IS 'The content of an event as sent (everything but its idempotency key), hashed: equal for a faithful retry.';


--
-- Name: event_inputs(jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.event_inputs(events jsonb) RETURNS lib_event.event_input[]
    LANGUAGE plpgsql STABLE
    AS $$
declare
  allowed text[] := array['event_type', 'payload', 'headers', 'occurred_at', 'source', 'partition_key', 'idempotency_key', 'tenant'];
  -- The fields that are text: a JSON string each, or null.
  textual text[] := array['event_type', 'occurred_at', 'source', 'partition_key', 'idempotency_key', 'tenant'];
  how_many integer;
  misfit record;
  inputs lib_event.event_input[];
begin
  if events is null or pg_catalog.jsonb_typeof(events) <> 'array' then
    perform lib_event.count_refusal('LE007');
    raise exception using
      errcode = 'LE007',
      message = pg_catalog.format('events must be a JSON array of event objects, not %s',
        coalesce(pg_catalog.jsonb_typeof(events), 'null')),
      hint = 'POST the array itself, [{"event_type": "billing.invoice.paid", ...}, ...], or {"events": [...]}.';
  end if;
  how_many := pg_catalog.jsonb_array_length(events);
  if how_many = 0 then
    perform lib_event.count_refusal('LE007');
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
    perform lib_event.count_refusal('LE007');
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
    perform lib_event.count_refusal('LE008');
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
    perform lib_event.count_refusal('LE041');
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
    perform lib_event.count_refusal('22007');
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
$$;


--
-- Name: FUNCTION event_inputs(events jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.event_inputs(events jsonb) IS 'A non-empty JSON array of event objects (the body of create_many) as lib_event.event_input values, or the documented error.

LE007: not an array of objects, or empty; LE008: a field create does not
take; LE041: event_type, occurred_at, source, partition_key,
idempotency_key or tenant not a JSON string (or null); tenant goes into
headers.tenant (lib_event.headers_with_tenant); 22007: occurred_at not an RFC 3339
date-time.';


--
-- Name: event_partition_of(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.event_partition_of(part oid) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select c.relname::text
    from pg_catalog.pg_partition_ancestors(part) a (relid)
    join pg_catalog.pg_inherits i on i.inhrelid = a.relid and i.inhparent = 'lib_event.event'::pg_catalog.regclass
    join pg_catalog.pg_class c on c.oid = a.relid;
$$;


--
-- Name: FUNCTION event_partition_of(part oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.event_partition_of(part oid) IS 'The partition of lib_event.event (one period''s, event_pYYYYMMDD) that holds a row whose tableoid is part: the part itself, or its parent under hash subpartitions. Archives, their locks and lib_event.partition_archive name this one.';


--
-- Name: event_type_likes(text[]); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.event_type_likes(patterns text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  -- A pattern's only wildcard is the trailing *; _ and \ are literal.
  select pg_catalog.array_agg(pg_catalog.replace(
           pg_catalog.replace(pg_catalog.replace(p, '\', '\\'), '_', '\_'), '*', '%'))
    from pg_catalog.unnest(patterns) p
$$;


--
-- Name: FUNCTION event_type_likes(patterns text[]); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.event_type_likes(patterns text[]) IS 'Event-type patterns (billing.*) as LIKE patterns (billing.%), underscores taken literally; null for null.';


--
-- Name: extend_tree(bigint, integer); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.extend_tree(old_size bigint, added integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if added > 0 then
    perform lib_event.add_tree_nodes(old_size, old_size + added);
    -- Followers wake on this: positions up to the payload can be read.
    perform pg_catalog.pg_notify('lib_event.sequenced', (old_size + added)::text);
  end if;
end
$$;


--
-- Name: FUNCTION extend_tree(old_size bigint, added integer); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.extend_tree(old_size bigint, added integer) IS 'After added events were placed behind old_size: store the tree nodes they complete and NOTIFY lib_event.sequenced with the new tree size. Called in the transaction that placed them.';


--
-- Name: find_conditions(text, text, timestamp with time zone, timestamp with time zone, boolean); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.find_conditions(event_type text, consumer text, created_from timestamp with time zone, created_to timestamp with time zone, has_cursor boolean) RETURNS text[]
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $_$
  -- Only the filters given make it into the query, so each call is planned
  -- for its own filters (and partitions) and can use the matching index.
  -- $1..$6 are find's event_type, consumer, created_from, created_to and cursor position.
  select pg_catalog.array_remove(array[
    case when event_type is not null then 'e.event_type = $1' end,
    case when consumer is not null then 'e.consumer = $2' end,
    case when created_from is not null then 'e.created_at >= $3' end,
    case when created_from is not null then 'e.event__id >= lib_event.uuid_floor($3)' end,
    case when created_to is not null then 'e.created_at < $4' end,
    case when created_to is not null then 'e.event__id < lib_event.uuid_floor(lib_event.next_millisecond($4))' end,
    -- The first cursor condition lets an index on created_at bound the scan,
    -- the second the partitions; the third is the exact keyset position.
    case when has_cursor then 'e.created_at <= $5' end,
    case when has_cursor then 'e.event__id < lib_event.uuid_floor(lib_event.next_millisecond($5))' end,
    case when has_cursor then '(e.created_at, e.event__id) < ($5, $6)' end
  ], null);
$_$;


--
-- Name: FUNCTION find_conditions(event_type text, consumer text, created_from timestamp with time zone, created_to timestamp with time zone, has_cursor boolean); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.find_conditions(event_type text, consumer text, created_from timestamp with time zone, created_to timestamp with time zone, has_cursor boolean) IS 'The WHERE conditions of one find call: those of the filters given, each time bound also as an event__id bound so partitions are pruned.';


--
-- Name: find_cursor(timestamp with time zone, uuid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.find_cursor(created_at timestamp with time zone, event__id uuid) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    AS $$
  -- base64url of "<created_at in UTC>/<event__id>", without padding: safe in
  -- a query string as it is.
  select pg_catalog.rtrim(pg_catalog.translate(pg_catalog.encode(pg_catalog.convert_to(
    lib_event.utc_text(created_at) || '/' || event__id::text, 'UTF8'), 'base64'), E'+/\n', '-_'), '=');
$$;


--
-- Name: FUNCTION find_cursor(created_at timestamp with time zone, event__id uuid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.find_cursor(created_at timestamp with time zone, event__id uuid) IS 'The opaque cursor of lib_events.find: the position (created_at, event__id) of a row, base64url-encoded.';


--
-- Name: find_position(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.find_position(cursor text, OUT created_at timestamp with time zone, OUT event__id uuid) RETURNS record
    LANGUAGE plpgsql IMMUTABLE STRICT
    AS $$
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


--
-- Name: FUNCTION find_position(cursor text, OUT created_at timestamp with time zone, OUT event__id uuid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.find_position(cursor text, OUT created_at timestamp with time zone, OUT event__id uuid) IS 'The (created_at, event__id) a find cursor stands for, or LE020 when it cannot be one.';


--
-- Name: new_salt(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.new_salt() RETURNS bytea
    LANGUAGE sql PARALLEL SAFE
    AS $$
  -- 32 bytes from the server's strong random source: gen_random_uuid draws
  -- 122 random bits from pg_strong_random; three of them (366 bits) hashed.
  select pg_catalog.sha256(pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                        || pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                        || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()));
$$;


--
-- Name: FUNCTION new_salt(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.new_salt() IS 'A random 32-byte salt for an event''s content commitment.

SHA-256 of three random UUIDs (366 bits from PostgreSQL''s strong random
source, pg_strong_random): PostgreSQL has no random-bytes function without
the pgcrypto extension.';


--
-- Name: uuid_floor(timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.uuid_floor(at timestamp with time zone) RETURNS uuid
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  -- The lowest UUIDv7 of the millisecond `at` falls in: its 48-bit Unix time
  -- in milliseconds, then zeros. uuid compares byte by byte, so every id
  -- recorded at or after `at` sorts at or above it.
  -- Before 1970 every id is above the bound; from 2^48 ms on (year 10889)
  -- none reaches it: the lowest and the highest uuid. The epoch of the UTC
  -- wall time is the instant's (and, unlike the epoch of a timestamptz, an
  -- immutable extract, so the planner can inline this function).
  select case
    when at < 'epoch' then '00000000-0000-0000-0000-000000000000'::uuid
    when at >= '10889-08-02 05:31:50.656+00' then 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid
    else pg_catalog.encode(
      substring(pg_catalog.int8send(pg_catalog.floor(extract(epoch from at at time zone 'UTC') * 1000)::bigint) from 3)
        || '\x00000000000000000000'::bytea,
      'hex')::uuid
  end;
$$;


--
-- Name: FUNCTION uuid_floor(at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.uuid_floor(at timestamp with time zone) IS 'The lowest UUIDv7 of the millisecond of `at`: the bound of a partition, or of a time-bounded search, in event__id terms (the lowest uuid before 1970, the highest from the year 10889 and for infinity).';


--
-- Name: uuid_time(uuid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.uuid_time(id uuid) RETURNS timestamp with time zone
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select pg_catalog.to_timestamp(
    ('x' || pg_catalog.left(pg_catalog.replace(id::text, '-', ''), 12))::bit(48)::bigint / 1000.0);
$$;


--
-- Name: FUNCTION uuid_time(id uuid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.uuid_time(id uuid) IS 'The millisecond a UUIDv7 was made (its first 48 bits): for an event__id, its recording time to the millisecond.';


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
    content_salt bytea DEFAULT lib_event.new_salt(),
    content_commitment bytea,
    leaf_hash bytea,
    erased_at timestamp with time zone,
    erasure__id uuid,
    tenant lib_event.tenant,
    CONSTRAINT event_consumer_length CHECK (((length(consumer) >= 1) AND (length(consumer) <= 255))),
    CONSTRAINT event_content_commitment_is_sha256 CHECK ((length(content_commitment) = 32)),
    CONSTRAINT event_content_salt_is_32_bytes CHECK ((length(content_salt) = 32)),
    CONSTRAINT event_erasure_whole CHECK (((erased_at IS NULL) = (erasure__id IS NULL))),
    CONSTRAINT event_headers_is_object CHECK ((jsonb_typeof(headers) = 'object'::text)),
    CONSTRAINT event_id_encodes_created_at CHECK ((lib_event.uuid_time(event__id) = lib_event.uuid_time(lib_event.uuid_floor(created_at)))),
    CONSTRAINT event_leaf_hash_is_sha256 CHECK ((length(leaf_hash) = 32)),
    CONSTRAINT event_partition_key_length CHECK (((length(partition_key) >= 1) AND (length(partition_key) <= 255)))
)
PARTITION BY RANGE (event__id);

ALTER TABLE ONLY lib_event.event FORCE ROW LEVEL SECURITY;


--
-- Name: TABLE event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.event IS 'Every recorded event, append-only: partitioned by range of event__id (a time range, the id being a UUIDv7), one partition per period of lib_event.partition_policy.

See lib_event.partitions for the partitions and their bounds, and
lib_event.maintain_partitions for how they are made.';


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
-- Name: COLUMN event.content_salt; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.content_salt IS 'The random salt of the content commitment (leaf format v2); null for events recorded before v2 and once erased.';


--
-- Name: COLUMN event.content_commitment; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.content_commitment IS 'SHA-256(content_salt || headers || payload), lib_event.content_commitment: what a v2 leaf commits to instead of the content; kept when the content is erased.';


--
-- Name: COLUMN event.leaf_hash; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.leaf_hash IS 'The event''s leaf hash (format v2), computed when it was recorded; the sequencer places it. Null for events recorded before v2.';


--
-- Name: COLUMN event.erased_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.erased_at IS 'When lib_event.erase removed its payload, user headers and salt; null while it holds them.';


--
-- Name: COLUMN event.erasure__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.erasure__id IS 'The lib_event.event.erased event that records the erasure; null while not erased.';


--
-- Name: COLUMN event.tenant; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event.tenant IS 'The tenant the event belongs to, if any: the producer key''s tenant scope, or (for an unscoped key) the tenant field of create; also in headers.tenant, so the leaf hash covers it.';


--
-- Name: CONSTRAINT event_id_encodes_created_at ON event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON CONSTRAINT event_id_encodes_created_at ON lib_event.event IS 'event__id is a UUIDv7 of created_at: its first 48 bits are created_at''s millisecond.';


--
-- Name: follow_after(xid8, uuid, integer); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.follow_after(after_xact_id xid8, after_event__id uuid, max integer) RETURNS SETOF lib_event.event
    LANGUAGE sql STABLE
    AS $$
  -- One statement, so the horizon and the rows share one snapshot; and
  -- inlinable (plain SQL, no security definer), so callers that only select
  -- the ids never read a payload. Walks event_xact_id_event__id_idx.
  select e.*
    from lib_event.event e
   where (e.xact_id, e.event__id) > (after_xact_id, after_event__id)
     and e.xact_id < pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot())
   order by e.xact_id, e.event__id
   limit max;
$$;


--
-- Name: FUNCTION follow_after(after_xact_id xid8, after_event__id uuid, max integer); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.follow_after(after_xact_id xid8, after_event__id uuid, max integer) IS 'At most max events after a position, in (xact_id, event__id) order, none of them from a transaction that might still be running.

Only events with xact_id below the snapshot''s xmin are returned: every
transaction that got its id earlier has ended, so no event can later appear
before the last one returned.';


--
-- Name: follow_position(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.follow_position(cursor text) RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
  position bigint;
  legacy_xact text;
  legacy_id uuid;
  recorded_in xid8;
begin
  -- No cursor: the very beginning of the log.
  if cursor is null or cursor = '' then
    return 0;
  end if;
  if cursor ~ '^[0-9]{1,18}$' then
    position := cursor::bigint;
  elsif cursor ~ '^[0-9]{1,20}/[0-9a-fA-F-]{32,36}$' and pg_catalog.pg_input_is_valid(pg_catalog.split_part(cursor, '/', 2), 'uuid') then
    -- The earlier form names the last event taken; the log holds it in the
    -- same order that form followed.
    legacy_xact := pg_catalog.split_part(cursor, '/', 1);
    legacy_id := pg_catalog.split_part(cursor, '/', 2)::uuid;
    if not pg_catalog.pg_input_is_valid(legacy_xact, 'xid8') then
      raise exception using
        errcode = 'LE033',
        message = pg_catalog.format('cursor %L names transaction %s, past the largest transaction id (18446744073709551615)', cursor, legacy_xact),
        hint = 'Resume from a cursor this log handed out, or leave cursor out to start from the beginning.';
    end if;
    if legacy_id = '00000000-0000-0000-0000-000000000000' then
      return 0;
    end if;
    select e.xact_id into recorded_in from lib_event.event e where e.event__id = legacy_id;
    if recorded_in is not null and recorded_in <> legacy_xact::xid8 then
      raise exception using
        errcode = 'LE033',
        message = pg_catalog.format('cursor %L names event %s in transaction %s, but this log recorded it in transaction %s',
          cursor, legacy_id, legacy_xact, recorded_in),
        hint = 'Resume from a cursor this log handed out, or leave cursor out to start from the beginning.';
    end if;
    select l.position into position from lib_event.log_entry l where l.event__id = legacy_id;
    if position is null and recorded_in is not null then
      return null; -- not sequenced yet: nothing to hand out until it is
    end if;
    if position is null then
      raise exception using
        errcode = 'LE033',
        message = pg_catalog.format('cursor %L names event %s, which this log does not hold', cursor, legacy_id),
        hint = 'Resume from a cursor this log handed out, or leave cursor out to start from the beginning.';
    end if;
  else
    raise exception using
      errcode = 'LE030',
      message = pg_catalog.format('cursor %L is not a follow cursor',
        pg_catalog.left(cursor, 100) || case when pg_catalog.length(cursor) > 100 then '...' else '' end),
      hint = 'Pass the cursor of the last event you took (its log position, as lib_events.follow returns it), or leave it out to start from the beginning.';
  end if;
  if position > lib_event.tree_size() then
    raise exception using
      errcode = 'LE033',
      message = pg_catalog.format('cursor %s is beyond the end of the log, which holds %s events', position, lib_event.tree_size()),
      hint = 'A replica still catching up answers this until it has; otherwise this log is not the one the cursor came from (restored from an older backup?).';
  end if;
  return position;
end
$_$;


--
-- Name: FUNCTION follow_position(cursor text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.follow_position(cursor text) IS 'The log position a follow cursor names: a position ("42"), or the earlier "<transaction id>/<event id>" form (the position of that event; null while it is not sequenced yet); null or empty is the beginning (0). Raises LE030 when malformed, LE033 when the log does not hold it (a position past its end, an event it does not have, or a transaction id that did not record that event).';


--
-- Name: header_name(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.header_name(key text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
  -- Around the name: Unicode White_Space, the C0 and C1 controls, and the
  -- default-ignorable (invisible) characters: soft hyphen, zero-width
  -- spaces and joiners, bidirectional marks, variation selectors, BOM.
  select pg_catalog.lower(pg_catalog.regexp_replace(pg_catalog.normalize(key, 'NFKC'),
    '^[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u061c\u115f\u1160\u1680\u17b4\u17b5\u180b-\u180f\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0]+'
    '|[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u061c\u115f\u1160\u1680\u17b4\u17b5\u180b-\u180f\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0]+$',
    '', 'g'));
$_$;


--
-- Name: FUNCTION header_name(key text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.header_name(key text) IS 'A header key as the reserved-name check reads it: NFKC-normalised, lower-cased, without the white space, control or invisible characters around it.';


--
-- Name: headers_with_tenant(jsonb, text, bigint, bigint); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.headers_with_tenant(headers jsonb, tenant text, n bigint, how_many bigint) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION headers_with_tenant(headers jsonb, tenant text, n bigint, how_many bigint); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.headers_with_tenant(headers jsonb, tenant text, n bigint, how_many bigint) IS 'An event''s headers with its tenant field as headers.tenant, where the event keeps it; LE014 when both are given and differ.';


--
-- Name: health_items(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.health_items() RETURNS TABLE(item text, subject text, value double precision, unit text, healthy_when text, healthy boolean, meaning text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  with head as (select lib_event.tree_size() as size),
  backlog as (select * from lib_event.measure_backlog(1000001, interval '0')),
  newest_checkpoint as (
    select c.tree_size, c.signed_at from lib_event.log_checkpoint c order by c.tree_size desc limit 1),
  measured (item, subject, value) as (
    select 'sequencer_backlog_events', null::text, b.events::double precision from backlog b
    union all
    select 'sequencer_backlog_age', null,
           coalesce(greatest(0, extract(epoch from pg_catalog.now() - b.oldest_at)), 0)::double precision from backlog b
    union all
    select 'checkpoint_age', null,
           case when h.size = 0 or h.size = c.tree_size then 0
                else extract(epoch from pg_catalog.now() - coalesce(c.signed_at,
                       (select pg_catalog.min(l.sequenced_at) from lib_event.log_entry l)))::double precision end
      from head h left join newest_checkpoint c on true
    union all
    select 'relay_lag_events', r.relay, (h.size - lib_event.follow_position(r.cursor))::double precision
      from lib_event.relay_cursor r cross join head h
    union all
    select 'bridge_lag_events', b.bridge, (h.size - lib_event.follow_position(b.cursor))::double precision
      from lib_event.bridge_cursor b cross join head h
    union all
    select 'partitions_ahead', null, pg_catalog.count(*)::double precision
      from lib_event.partitions p where p.starts_at > pg_catalog.now()
    union all
    select 'events_outside_partitions', null, (select pg_catalog.count(*) from lib_event.event_outside_partitions)::double precision
    union all
    select 'partitions_past_retention', null,
           (select pg_catalog.count(*) from lib_event.partitions_past_retention(pg_catalog.now() - interval '1 day'))::double precision
    union all
    select 'archive_failed', null,
           coalesce((select case when r.succeeded then 0 else 1 end from lib_event.job_run r where r.job = 'archive'), 0)::double precision
  )
  select m.item, m.subject, m.value, l.unit,
         case when l.healthy_at_most is not null then pg_catalog.format('at most %s', l.healthy_at_most)
              else pg_catalog.format('at least %s', l.healthy_at_least) end,
         coalesce(m.value <= l.healthy_at_most, m.value >= l.healthy_at_least),
         l.meaning
    from measured m
    join lib_event.health_limit l on l.item = m.item
   order by m.item, m.subject;
$$;


--
-- Name: FUNCTION health_items(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.health_items() IS 'Each item of lib_events.health(): its value now, its unit, its healthy range (lib_event.health_limit) and whether it is inside it. Relays and bridges have one item each (subject: their name).';


--
-- Name: inclusion_path(bigint, bigint, bigint); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.inclusion_path(leaf bigint, start bigint, stop bigint) RETURNS bytea[]
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  split bigint;
begin
  -- RFC 6962 2.1.1 PATH(m, D[start:stop]), from the leaf up.
  if stop - start <= 1 then
    return '{}';
  end if;
  split := start + lib_event.largest_power_below(stop - start);
  if leaf < split then
    return lib_event.inclusion_path(leaf, start, split) || lib_event.subtree_hash(split, stop);
  end if;
  return lib_event.inclusion_path(leaf, split, stop) || lib_event.subtree_hash(start, split);
end
$$;


--
-- Name: FUNCTION inclusion_path(leaf bigint, start bigint, stop bigint); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.inclusion_path(leaf bigint, start bigint, stop bigint) IS 'The audit path of leaf index `leaf` in the tree of leaves start to stop - 1 (RFC 6962 PATH), nearest sibling first.';


--
-- Name: ingest(text, jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.ingest(publisher text, messages jsonb) RETURNS TABLE(message_id text, event__id uuid, error_code text, error_message text, error_hint text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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
$$;


--
-- Name: FUNCTION ingest(publisher text, messages jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.ingest(publisher text, messages jsonb) IS 'Record a batch of queued messages [{"id": message_id, "body": text}] from one broker user, for the ingest loader.

The user must be listed in lib_event.ingest_publisher; its events are recorded
under the mapped consumer, and within the scope of the mapped API key if
there is one (a message outside it is refused with PT403, dead-lettered; a
revoked key records nothing), each message''s id as its idempotency key, so a
redelivered message returns its first receipt. Returns one row per message, in
order: the event__id, or the error (code, message, hint) that keeps it out.
Transient errors (connection, serialization, resources) are raised, not
returned: the loader retries the batch.';


--
-- Name: ingest_checked(jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.ingest_checked(messages jsonb, OUT inputs lib_event.event_input[], OUT input_at integer[], OUT errors jsonb) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION ingest_checked(messages jsonb, OUT inputs lib_event.event_input[], OUT input_at integer[], OUT errors jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.ingest_checked(messages jsonb, OUT inputs lib_event.event_input[], OUT input_at integer[], OUT errors jsonb) IS 'Each queued message checked alone: the valid ones as event inputs with their positions, the others'' errors keyed by position.';


--
-- Name: ingest_event(jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.ingest_event(message jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION ingest_event(message jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.ingest_event(message jsonb) IS 'One queued message {"id": message_id, "body": text} as the arguments of create, its message id as the idempotency key; LE051 (body not a JSON object), LE052 (no message id), LE053 (another idempotency key in the body).';


--
-- Name: ingest_failure(text, text, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.ingest_failure(code text, reason text, advice text) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
  if lib_event.is_transient(code) then
    raise exception using errcode = code, message = reason, hint = coalesce(advice, '');
  end if;
  return pg_catalog.jsonb_build_object('code', code, 'message', reason, 'hint', nullif(advice, ''));
end
$$;


--
-- Name: FUNCTION ingest_failure(code text, reason text, advice text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.ingest_failure(code text, reason text, advice text) IS 'Why a queued message is kept out, as {"code", "message", "hint"}; a transient error (lib_event.is_transient) is raised again instead, so the loader retries.';


--
-- Name: ingest_one_by_one(lib_event.event_input[], integer[], jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.ingest_one_by_one(inputs lib_event.event_input[], input_at integer[], INOUT errors jsonb, OUT ids uuid[]) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION ingest_one_by_one(inputs lib_event.event_input[], input_at integer[], INOUT errors jsonb, OUT ids uuid[]); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.ingest_one_by_one(inputs lib_event.event_input[], input_at integer[], INOUT errors jsonb, OUT ids uuid[]) IS 'Valid events that failed together (an idempotency key reused for other content, say), recorded one at a time: their ids, and the errors of those that fail alone.';


--
-- Name: is_rfc3339_time(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.is_rfc3339_time(value text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
  -- RFC 3339, section 5.6, date-time: full-date "T" full-time, with Z or a
  -- numeric offset, "T" and "Z" in either case (the format date-time of
  -- JSON Schema and of the API document).
  select value ~ ('^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]'
                  '([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?'
                  '([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$');
$_$;


--
-- Name: FUNCTION is_rfc3339_time(value text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.is_rfc3339_time(value text) IS 'Whether a text is an RFC 3339 date-time (2026-11-24T10:00:00Z, 2026-11-24T11:00:00.5+01:00): a date, T, a time, and Z or an offset.';


--
-- Name: is_transient(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.is_transient(state text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
  -- Only what the message itself got wrong keeps it out: a data exception
  -- (class 22), an integrity clash (23), lib_event's own checks (LE...), its
  -- size bounds (PT413) and an event outside the mapped key's scope (PT403).
  -- Everything else (no partition ready, a lock, a read-only server after
  -- failover, lost connections, internal errors) is the server's trouble:
  -- the loader retries the batch and nothing is dead-lettered for it.
  select not (pg_catalog.left(state, 2) in ('22', '23', 'LE') or state in ('PT413', 'PT403'));
$$;


--
-- Name: FUNCTION is_transient(state text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.is_transient(state text) IS 'Whether an SQLSTATE says "try again later" (the server''s trouble) rather than "this message is wrong" (22, 23, LE..., PT413, PT403).';


--
-- Name: json_object_ordered(text[], json[]); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.json_object_ordered(keys text[], vals json[]) RETURNS json
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  -- Multi-argument unnest is only recognized unqualified.
  select coalesce(pg_catalog.json_object_agg(x.k, x.v order by x.n), '{}'::json)
    from unnest(keys, vals) with ordinality as x(k, v, n)
   where x.v is not null;
$$;


--
-- Name: FUNCTION json_object_ordered(keys text[], vals json[]); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.json_object_ordered(keys text[], vals json[]) IS 'A JSON object with the given keys in the given order, leaving out keys whose value is SQL null.';


--
-- Name: largest_power_below(bigint); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.largest_power_below(n bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  -- The largest power of two strictly below n (n >= 2): where RFC 6962 splits.
  select (1::bigint << (length(pg_catalog.ltrim((n - 1)::bit(64)::text, '0')) - 1));
$$;


--
-- Name: FUNCTION largest_power_below(n bigint); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.largest_power_below(n bigint) IS 'The largest power of two below n (n at least 2): the split point of RFC 6962''s tree.';


--
-- Name: leaf_field(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.leaf_field(value text) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  -- A 4-byte big-endian length and the UTF-8 bytes; null is length ffffffff.
  -- No SET clause (every name is qualified): the planner inlines it.
  select case when value is null then '\xffffffff'::bytea
              else pg_catalog.int4send(pg_catalog.octet_length(pg_catalog.convert_to(value, 'UTF8')))
                   || pg_catalog.convert_to(value, 'UTF8') end;
$$;


--
-- Name: FUNCTION leaf_field(value text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.leaf_field(value text) IS 'One field of a leaf''s encoding: its length as 4 bytes big-endian, then its UTF-8 bytes; null is ff ff ff ff and nothing.';


--
-- Name: leaf_hash(uuid, text, timestamp with time zone, timestamp with time zone, uuid, text, text, jsonb, jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.leaf_hash(event__id uuid, event_type text, occurred_at timestamp with time zone, created_at timestamp with time zone, source uuid, partition_key text, consumer text, headers jsonb, payload jsonb) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  -- RFC 6962 leaf: SHA-256 of 0x00 and the encoding. Times in UTC with
  -- microseconds, JSON as PostgreSQL prints jsonb (exact numbers, keys in
  -- jsonb's order), so the bytes are the ones an export shows.
  select pg_catalog.sha256('\x00'::bytea
    || lib_event.leaf_field(event__id::text)
    || lib_event.leaf_field(event_type)
    || lib_event.leaf_field(lib_event.utc_text(occurred_at))
    || lib_event.leaf_field(lib_event.utc_text(created_at))
    || lib_event.leaf_field(source::text)
    || lib_event.leaf_field(partition_key)
    || lib_event.leaf_field(consumer)
    || lib_event.leaf_field(headers::text)
    || lib_event.leaf_field(payload::text));
$$;


--
-- Name: FUNCTION leaf_hash(event__id uuid, event_type text, occurred_at timestamp with time zone, created_at timestamp with time zone, source uuid, partition_key text, consumer text, headers jsonb, payload jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.leaf_hash(event__id uuid, event_type text, occurred_at timestamp with time zone, created_at timestamp with time zone, source uuid, partition_key text, consumer text, headers jsonb, payload jsonb) IS 'The leaf hash of an event in format v1 (db/verifiable-log.md), for events recorded before v2: SHA-256 of 0x00 followed by each field, length-prefixed, in column order.';


--
-- Name: leaf_hash_v2(uuid, text, timestamp with time zone, timestamp with time zone, uuid, text, text, bytea); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.leaf_hash_v2(event__id uuid, event_type text, occurred_at timestamp with time zone, created_at timestamp with time zone, source uuid, partition_key text, consumer text, content_commitment bytea) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  -- RFC 6962 leaf: SHA-256 of 0x00 and the encoding; the first field names
  -- the format, which a v1 encoding (an event id first) never starts with.
  select pg_catalog.sha256('\x00'::bytea
    || lib_event.leaf_field('lib_event.leaf/2')
    || lib_event.leaf_field(event__id::text)
    || lib_event.leaf_field(event_type)
    || lib_event.leaf_field(lib_event.utc_text(occurred_at))
    || lib_event.leaf_field(lib_event.utc_text(created_at))
    || lib_event.leaf_field(source::text)
    || lib_event.leaf_field(partition_key)
    || lib_event.leaf_field(consumer)
    || lib_event.leaf_field(pg_catalog.encode(content_commitment, 'hex')));
$$;


--
-- Name: FUNCTION leaf_hash_v2(event__id uuid, event_type text, occurred_at timestamp with time zone, created_at timestamp with time zone, source uuid, partition_key text, consumer text, content_commitment bytea); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.leaf_hash_v2(event__id uuid, event_type text, occurred_at timestamp with time zone, created_at timestamp with time zone, source uuid, partition_key text, consumer text, content_commitment bytea) IS 'The leaf hash of an event in format v2 (db/verifiable-log.md): SHA-256 of 0x00, the field "lib_event.leaf/2", the event''s own fields as in v1, and the content commitment in hex, each length-prefixed.';


--
-- Name: log_origin(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.log_origin(wanted text DEFAULT NULL::text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  stored text;
begin
  select o.origin into stored from lib_event.log_origin o;
  if stored is null then
    if wanted is not null and wanted !~ '^[!-*,-~]{1,255}$' then
      raise exception using
        errcode = 'LE072',
        message = pg_catalog.format('origin %s is not a note key name', lib_event.shortened(wanted)),
        hint = 'A scheme-less URL such as audit.example.com/lib_event: 1 to 255 printable ASCII characters, no space and no plus.';
    end if;
    insert into lib_event.log_origin (origin) values (coalesce(wanted, lib_event.default_origin())) on conflict do nothing;
    select o.origin into stored from lib_event.log_origin o;
  end if;
  if wanted is not null and wanted <> stored then
    raise exception using
      errcode = 'LE073',
      message = pg_catalog.format('the log''s origin is %s, not %s', stored, lib_event.shortened(wanted)),
      hint = 'A log keeps the origin of its first checkpoint: witnesses and auditors know it by that name. Configure that origin (LIB_EVENT_LOG_ORIGIN) or none.';
  end if;
  return stored;
end
$_$;


--
-- Name: FUNCTION log_origin(wanted text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.log_origin(wanted text) IS 'The log''s origin: stored at the first call (wanted, else lib_event.default_origin()), then always that one.

Wanted another than the stored one: LE073; not a key name: LE072.';


--
-- Name: log_positions(uuid[]); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.log_positions(event_ids uuid[]) RETURNS TABLE(event__id uuid, "position" bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select l.event__id, l.position
    from lib_event.log_entry l
   where l.event__id = any (event_ids);
$$;


--
-- Name: FUNCTION log_positions(event_ids uuid[]); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.log_positions(event_ids uuid[]) IS 'The positions in the log of these events (no row for one the log does not place): npm run erase gives them to the rows of an archive file of format /1, which has none, when it rewrites the file.

Ids and positions only, never content. Members of lib_event_eraser only.';


--
-- Name: maintain_partitions(timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.maintain_partitions(at timestamp with time zone DEFAULT now()) RETURNS TABLE(action text, partition text, starts_at timestamp with time zone, ends_at timestamp with time zone)
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select m.*
    from lib_event.partition_policy p,
         -- From now (or `at`, if earlier), so a run ahead leaves no gap.
         lib_event.make_partitions(lib_event.period_start(least(at, pg_catalog.now()), p.period),
           lib_event.period_start(at, p.period) + ('1 ' || p.period)::interval * (p.periods_ahead + 1)) m;
$$;


--
-- Name: FUNCTION maintain_partitions(at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.maintain_partitions(at timestamp with time zone) IS 'Keep partitions of lib_event.event ready for the current period and the next periods_ahead ones (lib_event.partition_policy); returns what it made. Idempotent: run it as often as you like (npm start runs it every hour; or cron, or pg_cron).';


--
-- Name: make_partitions(timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.make_partitions(from_time timestamp with time zone, to_time timestamp with time zone) RETURNS TABLE(action text, partition text, starts_at timestamp with time zone, ends_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  policy lib_event.partition_policy;
  step interval;
  next_start timestamptz;
  next_end timestamptz;
  covering timestamptz;
begin
  -- One maker at a time; a second call finds the work done.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('lib_event.make_partitions'));
  select * into policy from lib_event.partition_policy;
  step := ('1 ' || policy.period)::interval;
  next_start := lib_event.period_start(from_time, policy.period);
  while next_start < to_time loop
    -- Inside a partition already: skip to its end.
    select p.ends_at into covering from lib_event.partitions p
     where p.starts_at <= next_start and next_start < p.ends_at;
    if found then
      next_start := covering;
      continue;
    end if;
    -- To the next period boundary, or to the next partition if it starts
    -- sooner (a gap between partitions of another period).
    next_end := least(lib_event.period_start(next_start, policy.period) + step,
                      (select pg_catalog.min(p.starts_at) from lib_event.partitions p where p.starts_at > next_start));
    action := 'created';
    partition := 'event_p' || pg_catalog.to_char(next_start at time zone 'UTC', 'YYYYMMDD');
    starts_at := next_start;
    ends_at := next_end;
    perform lib_event.create_partition(partition, starts_at, ends_at);
    return next;
    next_start := next_end;
  end loop;
end
$$;


--
-- Name: FUNCTION make_partitions(from_time timestamp with time zone, to_time timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.make_partitions(from_time timestamp with time zone, to_time timestamp with time zone) IS 'Make the partitions of lib_event.event missing for recording times from from_time to to_time, a period each (lib_event.partition_policy); returns what it made. For imports of past events, and restores.';


--
-- Name: measure_backlog(bigint, interval); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.measure_backlog(most bigint, counted_after interval DEFAULT '00:00:01'::interval, OUT events bigint, OUT oldest_at timestamp with time zone) RETURNS record
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  -- The events after the sequencer's cursor, in the order it walks them
  -- (xact_id, event__id: one index); everything before the cursor is
  -- placed (it moves only past committed events, in xact_id order). The
  -- oldest is one probe; they are counted, no further than most, only when
  -- it has waited counted_after or more, else the answer is 1.
  with cursor as (
    select coalesce((select (c.xact_id, c.event__id) from lib_event.sequencer_cursor c),
                    ('0'::xid8, '00000000-0000-0000-0000-000000000000'::uuid)) as after
  ),
  oldest as (
    select (select e.created_at
              from lib_event.event e
             where (e.xact_id, e.event__id) > cursor.after
             order by e.xact_id, e.event__id
             limit 1) as at
      from cursor
  )
  select case
           when oldest.at is null then 0
           when oldest.at > pg_catalog.clock_timestamp() - counted_after then 1
           else (select pg_catalog.count(*)
                   from (select
                           from lib_event.event e
                          where (e.xact_id, e.event__id) > cursor.after
                          limit most) t)
         end,
         oldest.at
    from oldest, cursor
$$;


--
-- Name: FUNCTION measure_backlog(most bigint, counted_after interval, OUT events bigint, OUT oldest_at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.measure_backlog(most bigint, counted_after interval, OUT events bigint, OUT oldest_at timestamp with time zone) IS 'How many recorded events the sequencer has not placed yet, counted up to most, and when the first of them in its order was recorded.

The count is made only when that event has waited counted_after or more (else
the answer is 1): lib_event.check_backlog leaves the default second, so a
sequencer that keeps up costs the writes no count; the health answer
(lib_event.health_items) passes 0 and counts up to 1,000,001.';


--
-- Name: metric_family(text, text, text, text[]); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.metric_family(name text, kind text, help text, samples text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  select pg_catalog.format(E'# HELP %s %s\n# TYPE %s %s\n', name, help, name, kind)
      || coalesce(pg_catalog.array_to_string(samples, E'\n') || E'\n', '');
$$;


--
-- Name: FUNCTION metric_family(name text, kind text, help text, samples text[]); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.metric_family(name text, kind text, help text, samples text[]) IS 'One metric family in Prometheus''s text format: its HELP and TYPE lines, then its samples (each "name{labels} value").';


--
-- Name: metric_label(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.metric_label(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  -- The exposition format's escapes in a label value: backslash, double quote, line feed.
  select pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(value, E'\\', E'\\\\'), '"', E'\\"'), E'\n', E'\\n');
$$;


--
-- Name: FUNCTION metric_label(value text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.metric_label(value text) IS 'A label value escaped for Prometheus''s text format (backslash, double quote, line feed).';


--
-- Name: next_millisecond(timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.next_millisecond(at timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  -- The end of at's millisecond; infinity where there is none (the last
  -- representable instant), so a bound never overflows.
  select case when at >= '294276-12-31 23:59:59.999+00' then 'infinity'::timestamptz
              else pg_catalog.date_trunc('milliseconds', at at time zone 'UTC') at time zone 'UTC' + interval '1 millisecond' end;
$$;


--
-- Name: FUNCTION next_millisecond(at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.next_millisecond(at timestamp with time zone) IS 'The first instant after the millisecond `at` falls in (infinity at the end of time): an exclusive bound in event__id terms.';


--
-- Name: note_job(text, boolean, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.note_job(job text, succeeded boolean, detail text) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  insert into lib_event.job_run as r (job, succeeded, detail, last_success_at)
  values (job, succeeded, pg_catalog.left(detail, 1000), case when succeeded then pg_catalog.now() end)
  on conflict on constraint job_run_pkey do update
     set succeeded = excluded.succeeded, detail = excluded.detail, finished_at = excluded.finished_at,
         last_success_at = coalesce(excluded.last_success_at, r.last_success_at);
$$;


--
-- Name: FUNCTION note_job(job text, succeeded boolean, detail text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.note_job(job text, succeeded boolean, detail text) IS 'Record how a run of a maintenance job (archive) ended; lib_events.health() reports a failed last archive.';


--
-- Name: note_key_id(text, bytea, bytea); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.note_key_id(name text, signature_type bytea, key bytea) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  select pg_catalog.substr(pg_catalog.sha256(pg_catalog.convert_to(name, 'UTF8') || '\x0a'::bytea || signature_type || key), 1, 4);
$$;


--
-- Name: FUNCTION note_key_id(name text, signature_type bytea, key bytea); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.note_key_id(name text, signature_type bytea, key bytea) IS 'A note key ID (c2sp.org/signed-note): the first 4 bytes of SHA-256(name, newline, signature type, public key).';


--
-- Name: note_keys_used(uuid[]); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.note_keys_used(api_key__ids uuid[]) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  with noted as (
    update lib_event.api_key k
       set last_used_at = pg_catalog.now()
     where k.api_key__id = any (api_key__ids)
       and (k.last_used_at is null or k.last_used_at < pg_catalog.now())
    returning 1)
  select pg_catalog.count(*)::integer from noted
$$;


--
-- Name: FUNCTION note_keys_used(api_key__ids uuid[]); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.note_keys_used(api_key__ids uuid[]) IS 'Note that these API keys were used just now (lib_event.api_key.last_used_at): the sequencer calls it with the ids it heard on lib_event.key_used, a second''s worth at a time; returns how many keys it noted (unknown ids are skipped). Executable by lib_event_sequencer alone.';


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

COMMENT ON FUNCTION lib_event.notify_created() IS 'Trigger function: NOTIFY lib_event.created with the new event''s id, one notification per row.

No longer attached (lib_event.notify_created_ids replaced it); kept so the
benchmark can compare one notification per row with one per statement.';


--
-- Name: notify_created_ids(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.notify_created_ids() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  -- 200 ids of 36 characters plus commas make 7399 bytes: under NOTIFY's
  -- 8000-byte payload limit.
  perform pg_catalog.pg_notify('lib_event.created', chunk.ids)
     from (select pg_catalog.string_agg(r.event__id::text, ',' order by r.event__id) as ids
             from (select recorded.event__id,
                          (pg_catalog.row_number() over (order by recorded.event__id) - 1) / 200 as part
                     from recorded) r
            group by r.part) chunk;
  return null;
end
$$;


--
-- Name: FUNCTION notify_created_ids(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.notify_created_ids() IS 'Trigger function: NOTIFY lib_event.created with the ids an INSERT recorded, comma-separated, at most 200 per notification.';


--
-- Name: notify_mode(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.notify_mode() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select case
    when exists (
      select from pg_catalog.pg_trigger t
       where t.tgrelid = 'lib_event.event'::pg_catalog.regclass
         and t.tgname in (select lib_event.notify_triggers())
         and t.tgenabled <> 'D')
    then 'inline'
    else 'relay'
  end;
$$;


--
-- Name: FUNCTION notify_mode(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.notify_mode() IS 'How events are announced now: inline (a notify trigger on lib_event.event is enabled) or relay (none is; the relay process announces them).';


--
-- Name: notify_triggers(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.notify_triggers() RETURNS SETOF name
    LANGUAGE sql STABLE
    AS $$
  select t.tgname
    from pg_catalog.pg_trigger t
   where t.tgrelid = 'lib_event.event'::pg_catalog.regclass
     and not t.tgisinternal
     and t.tgname like 'event\_notify\_%'
   order by t.tgname;
$$;


--
-- Name: FUNCTION notify_triggers(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.notify_triggers() IS 'The triggers that announce events inline: those on lib_event.event named event_notify_*.';


--
-- Name: one_event_input(jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.one_event_input(body jsonb) RETURNS lib_event.event_input[]
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  if body is null or pg_catalog.jsonb_typeof(body) <> 'object' then
    perform lib_event.count_refusal('LE082');
    raise exception using
      errcode = 'LE082',
      message = case
        when pg_catalog.jsonb_typeof(body) = 'array' and pg_catalog.jsonb_array_length(body) > 0
          then 'create takes one JSON object, not an array'
        when pg_catalog.jsonb_typeof(body) = 'array'
          then 'create takes one JSON object, not an empty array or a JSON scalar (PostgREST passes 42, null or "text" as [])'
        else pg_catalog.format('create takes one JSON object, not %s', coalesce(pg_catalog.jsonb_typeof(body), 'null')) end,
      detail = 'Nothing was written.',
      hint = 'Send one event as {"event_type": "billing.invoice.paid", "payload": {...}}; several, all or nothing, as an array to /rpc/create_many.';
  end if;
  return lib_event.event_inputs(pg_catalog.jsonb_build_array(body));
end
$$;


--
-- Name: FUNCTION one_event_input(body jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.one_event_input(body jsonb) IS 'The event POST /rpc/create sends, checked as create_many checks each of its events.

lib_event.event_inputs: JSON strings where text goes (LE041), RFC 3339 times (22007), no unknown field (LE008); LE082 for an array, or anything else but a JSON object.';


--
-- Name: one_of(text, anyelement, text, anyelement); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.one_of(name text, value anyelement, older_name text, older_value anyelement) RETURNS anyelement
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
begin
  if value is not null and older_value is not null and value is distinct from older_value then
    raise exception using
      errcode = 'LE080',
      message = pg_catalog.format('%s %s and %s %s disagree',
        name, lib_event.shortened(value::text), older_name, lib_event.shortened(older_value::text)),
      hint = pg_catalog.format('%s is the older name of %s: send only %s.', older_name, name, name);
  end if;
  return coalesce(value, older_value);
end
$$;


--
-- Name: FUNCTION one_of(name text, value anyelement, older_name text, older_value anyelement); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.one_of(name text, value anyelement, older_name text, older_value anyelement) IS 'A parameter given under its name or under the older name it replaced: the one that is not null; LE080 when both are given with different values.';


--
-- Name: openapi_arguments_schema(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_arguments_schema(function_oid oid) RETURNS json
    LANGUAGE sql STABLE
    AS $$
  select lib_event.json_object_ordered(
    array['type', 'required', 'properties', 'additionalProperties'],
    array[
      pg_catalog.to_json('object'::text),
      (select pg_catalog.json_agg(i.name order by i.n) from lib_event.openapi_inputs(function_oid) i where not i.has_default),
      coalesce((select pg_catalog.json_object_agg(i.name, i.schema order by i.n) from lib_event.openapi_inputs(function_oid) i), '{}'::json),
      pg_catalog.to_json(false)
    ]);
$$;


--
-- Name: FUNCTION openapi_arguments_schema(function_oid oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_arguments_schema(function_oid oid) IS 'The JSON object that calls a function by argument names: its properties are the arguments, the required ones those without a default.';


--
-- Name: openapi_components(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_components() RETURNS json
    LANGUAGE sql STABLE
    AS $_$
  select pg_catalog.json_build_object(
    'securitySchemes', pg_catalog.json_build_object('apiKey', pg_catalog.json_build_object(
      'type', 'apiKey',
      'in', 'header',
      'name', 'X-Api-Key',
      'description', 'An API key issued by an operator (npm run key:create). Its access (producer, reader or producer_reader) decides which operations it may call. The document at / needs none.')),
    'schemas', (
      select lib_event.json_object_ordered(
        array['PostgrestError'] || coalesce(pg_catalog.array_agg(c.relname::text order by c.relname), '{}'),
        array[
          '{"type": "object", "description": "The body of every error response: PostgreSQL''s error fields, as PostgREST sends them.", "required": ["code", "message", "details", "hint"], "properties": {"code": {"type": "string", "description": "The error code: LE0xx for lib_event''s input checks, PT401 or PT403 for API keys, PT413 for a size bound, a PostgreSQL SQLSTATE (22P02, 23505...) or PGRSTxxx for PostgREST''s own errors."}, "message": {"type": "string", "description": "What went wrong, naming the offending value."}, "details": {"type": ["string", "null"], "description": "More about the error, if any."}, "hint": {"type": ["string", "null"], "description": "What is allowed instead, if known."}}}'::json
        ] || coalesce(pg_catalog.array_agg(lib_event.openapi_row_schema(c.oid) order by c.relname), '{}'))
        from pg_catalog.pg_class c
       where c.relnamespace = 'lib_events'::regnamespace
         and lib_event.openapi_is_component(c.oid)),
    'parameters', $json${
      "select": {"name": "select", "in": "query", "required": false, "description": "The columns to return, comma-separated (default *): `select=event__id,event_type`. Rename with `alias:column`, cast with `column::text`, reach into JSON with `headers->>actor`.", "schema": {"type": "string"}},
      "order": {"name": "order", "in": "query", "required": false, "description": "Sort by columns, comma-separated, each optionally followed by .asc or .desc and .nullsfirst or .nullslast: `order=created_at.desc,event__id.desc`.", "schema": {"type": "string"}},
      "limit": {"name": "limit", "in": "query", "required": false, "description": "Return at most this many rows.", "schema": {"type": "integer", "minimum": 0}},
      "offset": {"name": "offset", "in": "query", "required": false, "description": "Skip this many rows first (use with order).", "schema": {"type": "integer", "minimum": 0}},
      "or": {"name": "or", "in": "query", "required": false, "description": "Conditions of which at least one must hold, as column.operator.value, comma-separated in parentheses: `or=(event_type.eq.iam.user.created,consumer.eq.billing)`. Nest and(...) / or(...) inside; prefix not. to negate.", "schema": {"type": "string"}},
      "and": {"name": "and", "in": "query", "required": false, "description": "Conditions that must all hold, in the same form as or: `and=(created_at.gte.2026-01-01,created_at.lt.2026-02-01)`.", "schema": {"type": "string"}},
      "Range": {"name": "Range", "in": "header", "required": false, "description": "Rows to return, zero-based and inclusive: `Range: 0-24` is the first 25 (send Range-Unit: items). Same effect as limit and offset.", "schema": {"type": "string", "pattern": "^[0-9]+-[0-9]*$"}},
      "Range-Unit": {"name": "Range-Unit", "in": "header", "required": false, "description": "The unit of the Range header: items.", "schema": {"type": "string", "enum": ["items"]}},
      "Prefer": {"name": "Prefer", "in": "header", "required": false, "description": "`count=exact` puts the total number of matching rows in the Content-Range header (`0-24/3573`); `count=planned` and `count=estimated` give the planner's cheaper estimate.", "schema": {"type": "string", "examples": ["count=exact", "count=planned", "count=estimated"]}}
    }$json$::json,
    'headers', '{"Content-Range": {"description": "The rows returned and the total if counted: 0-24/3573, or 0-24/* without Prefer: count.", "schema": {"type": "string"}}}'::json,
    'responses', (
      select pg_catalog.json_object_agg(r.name, pg_catalog.json_build_object(
               'description', r.description,
               'content', '{"application/json": {"schema": {"$ref": "#/components/schemas/PostgrestError"}}}'::json)
             order by r.n)
        from (values
          (1, 'BadRequest', 'Bad input: LE0xx (a value lib_event refuses; the message names it and the hint says what is allowed), 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request).'),
          (2, 'Unauthorized', 'No API key, or an unknown or revoked one (PT401).'),
          (3, 'Forbidden', 'The API key''s access does not allow this operation (PT403).'),
          (4, 'NotFound', 'No such function or view, or no function of this name takes these arguments (PGRST202, PGRST205).'),
          (5, 'Conflict', 'The request conflicts with recorded data (23505, 23503).'),
          (6, 'PayloadTooLarge', 'A value is over a size bound (PT413): the message names the bound.'),
          (7, 'RangeNotSatisfiable', 'The requested range starts past the last row (PGRST103).'),
          (8, 'NotAcceptable', 'None of the media types the Accept header lists is one this operation answers with (PGRST107).')
        ) as r(n, name, description))
  );
$_$;


--
-- Name: FUNCTION openapi_components(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_components() IS 'The components of the document: the X-Api-Key security scheme, the row schemas of lib_events (composite types and readable views), PostgREST''s error body, and the shared query parameters, headers and error responses.';


--
-- Name: openapi_default(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_default(expression text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
  -- {"default": value} when a default expression is a plain literal, else null.
  select case
    when expression ~* '^null(::[a-z_ ."]+)?$' then '{"default": null}'::jsonb
    when expression ~* '^(true|false)$' then pg_catalog.jsonb_build_object('default', pg_catalog.lower(expression)::boolean)
    when expression ~ '^-?[0-9]+(\.[0-9]+)?$' then pg_catalog.jsonb_build_object('default', expression::numeric)
    when expression ~ '^''(.*)''::jsonb?$'
         and pg_catalog.pg_input_is_valid(
               pg_catalog.replace(substring(expression from '^''(.*)''::jsonb?$'), '''''', ''''), 'jsonb') then
      pg_catalog.jsonb_build_object('default',
        pg_catalog.replace(substring(expression from '^''(.*)''::jsonb?$'), '''''', '''')::jsonb)
    when expression ~ '^''(.*)''::(text|character varying)$' then
      pg_catalog.jsonb_build_object('default',
        pg_catalog.replace(substring(expression from '^''(.*)''::'), '''''', ''''))
  end;
$_$;


--
-- Name: FUNCTION openapi_default(expression text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_default(expression text) IS 'A function argument''s default as a JSON schema "default" keyword, when the default is a plain literal (null, a boolean, a number, a JSON or text constant); null otherwise.';


--
-- Name: openapi_description(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_description(comment text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case when pg_catalog.strpos(comment, E'\n') > 0 then
    nullif(pg_catalog.btrim(pg_catalog.substr(comment, pg_catalog.strpos(comment, E'\n') + 1), E' \n\r\t'), '')
  end;
$$;


--
-- Name: FUNCTION openapi_description(comment text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_description(comment text) IS 'What follows the first line of a COMMENT ON text: the OpenAPI description. Null when there is none.';


--
-- Name: openapi_document(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_document() RETURNS json
    LANGUAGE plpgsql STABLE
    AS $$
declare
  paths json := lib_event.openapi_paths();
  components json := lib_event.openapi_components();
  api_comment text := pg_catalog.obj_description('lib_events'::regnamespace, 'pg_namespace');
begin
  return lib_event.json_object_ordered(
    array['openapi', 'info', 'servers', 'tags', 'security', 'paths', 'components'],
    array[
      pg_catalog.to_json('3.1.0'::text),
      lib_event.json_object_ordered(
        array['title', 'summary', 'description', 'license', 'version'],
        array[
          pg_catalog.to_json('lib_event'::text),
          pg_catalog.to_json(lib_event.openapi_summary(api_comment)),
          pg_catalog.to_json(pg_catalog.concat_ws(E'\n\n',
            lib_event.openapi_description(api_comment),
            'An append-only audit event log. Every operation needs an API key in the X-Api-Key header; this document, at /, is public.',
            'Errors come as {code, message, details, hint}: LE0xx codes are input lib_event refuses (400), PT401 a missing or unknown key, PT403 a key without the access the operation needs.')),
          -- The repository's licence (LICENSE, package.json), by its SPDX identifier.
          '{"name": "Apache License 2.0", "identifier": "Apache-2.0"}'::json,
          -- Changes whenever the API does.
          pg_catalog.to_json(pg_catalog.left(pg_catalog.encode(
            pg_catalog.sha256(pg_catalog.convert_to(paths::text || components::text, 'UTF8')), 'hex'), 12))
        ]),
      lib_event.openapi_servers(),
      '[{"name": "functions", "description": "Functions of lib_events, called at /rpc/<name>."}, {"name": "views", "description": "Views of lib_events, read at /<view> with PostgREST query parameters."}, {"name": "document", "description": "This document."}]'::json,
      '[{"apiKey": []}]'::json,
      paths,
      components
    ]);
end
$$;


--
-- Name: FUNCTION openapi_document(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_document() IS 'The OpenAPI 3.1 document of the lib_events API, built from the catalog; lib_events.openapi serves it.';


--
-- Name: openapi_error_codes(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_error_codes(function_oid oid) RETURNS text[]
    LANGUAGE sql STABLE
    AS $$
  -- The SQLSTATEs a function raises itself or through the lib_event and
  -- lib_events functions it calls, as written in their bodies
  -- (errcode = '...').
  with recursive reached(oid) as (
    select function_oid
    union
    select callee.oid
      from reached r
      join pg_catalog.pg_proc caller on caller.oid = r.oid
      join pg_catalog.pg_proc callee
        on callee.pronamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace)
       and caller.prosrc ~ (callee.pronamespace::regnamespace::text || '\.' || callee.proname || '\s*\(')
  )
  select pg_catalog.array_agg(distinct m[1] collate "C" order by m[1] collate "C")
    from reached r
    join pg_catalog.pg_proc p on p.oid = r.oid,
         pg_catalog.regexp_matches(p.prosrc, 'errcode\s*=\s*''([0-9A-Z]{5})''', 'g') as m;
$$;


--
-- Name: FUNCTION openapi_error_codes(function_oid oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_error_codes(function_oid oid) IS 'The error codes (SQLSTATEs) a function raises, itself or through the lib_event and lib_events functions it calls, read from their bodies.';


--
-- Name: openapi_error_responses(integer[], text[], text[]); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_error_responses(statuses integer[], function_codes text[], access text[]) RETURNS json
    LANGUAGE sql STABLE
    AS $_$
  -- One entry per status, each a reference to the shared response with a
  -- description naming what this operation can raise. A PTxxx code the
  -- operation raises adds status xxx (PostgREST: "PT" and a status).
  select pg_catalog.json_object_agg(s.status::text, pg_catalog.json_build_object(
           '$ref', '#/components/responses/' || case s.status
              when 400 then 'BadRequest' when 401 then 'Unauthorized' when 403 then 'Forbidden'
              when 404 then 'NotFound' when 409 then 'Conflict' when 413 then 'PayloadTooLarge'
              when 416 then 'RangeNotSatisfiable' end,
           'description', case s.status
              when 400 then pg_catalog.concat_ws(' ',
                'Bad input.',
                'This operation''s own checks: ' || (select pg_catalog.string_agg(c, ', ' order by c collate "C")
                   from pg_catalog.unnest(function_codes) c where c like 'LE%') || '.',
                'Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request).')
              when 401 then 'No API key, or an unknown or revoked one (PT401).'
              when 403 then pg_catalog.format('The API key''s access does not allow this operation (PT403). Allowed: %s.',
                pg_catalog.array_to_string(access, ', '))
              when 404 then case when 'PT404' = any(function_codes)
                then 'No event with the id given (PT404; the message names it), or no function of this name takes these arguments (PGRST202).'
                else 'No function of this name takes these arguments (PGRST202): check the argument names.' end
              when 409 then 'The request conflicts with recorded data (23505, 23503).'
              when 413 then 'A value is over a size bound (PT413); the message names the bound.'
              when 416 then 'The requested range starts past the last row (PGRST103).'
           end)
         order by s.status)
    from (select distinct x.status
            from pg_catalog.unnest(statuses || array(
                   select substring(c from 3)::int from pg_catalog.unnest(function_codes) c
                    where c ~ '^PT(400|401|403|404|409|413|416)$')) as x(status)) s;
$_$;


--
-- Name: FUNCTION openapi_error_responses(statuses integer[], function_codes text[], access text[]); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_error_responses(statuses integer[], function_codes text[], access text[]) IS 'The error responses of one operation: a reference to the shared response per status, described with the error codes this operation raises and the access it needs.';


--
-- Name: openapi_filter_parameter(text, oid, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_filter_parameter(column_name text, type_oid oid, column_comment text) RETURNS json
    LANGUAGE plpgsql STABLE
    AS $$
declare
  base oid := type_oid;
  category "char";
  type_name text;
  operators text[];
  example text;
  pattern text;
  meanings jsonb := '{
    "eq": "equals", "neq": "not equal", "gt": "greater than", "gte": "greater than or equal",
    "lt": "less than", "lte": "less than or equal", "in": "one of a list, in.(a,b,c)",
    "is": "is.null, is.true, is.false or is.unknown", "isdistinct": "IS DISTINCT FROM, null compares as a value",
    "like": "LIKE pattern, * stands for %", "ilike": "case-insensitive like", "match": "POSIX regular expression (~)",
    "imatch": "case-insensitive match (~*)", "cs": "contains (@>)", "cd": "is contained in (<@)",
    "ov": "overlaps (&&)", "sl": "strictly left of (<<)", "sr": "strictly right of (>>)",
    "nxr": "does not extend to the right of (&<)", "nxl": "does not extend to the left of (&>)",
    "adj": "is adjacent to (-|-)", "fts": "full-text search, to_tsquery", "plfts": "plainto_tsquery",
    "phfts": "phraseto_tsquery", "wfts": "websearch_to_tsquery"}';
begin
  while (select t.typtype = 'd' from pg_catalog.pg_type t where t.oid = base) loop
    select t.typbasetype into base from pg_catalog.pg_type t where t.oid = base;
  end loop;
  select t.typcategory, t.typname into category, type_name from pg_catalog.pg_type t where t.oid = base;

  operators := case
    when type_name = 'json' then array['is']
    when type_name = 'jsonb' then array['eq', 'neq', 'in', 'is', 'isdistinct', 'cs', 'cd']
    when type_name = 'tsvector' then array['fts', 'plfts', 'phfts', 'wfts', 'is']
    when category = 'A' then array['eq', 'neq', 'is', 'isdistinct', 'cs', 'cd', 'ov']
    when category = 'R' then array['eq', 'neq', 'is', 'isdistinct', 'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj']
    when category = 'B' then array['eq', 'neq', 'is', 'isdistinct']
    when category = 'S' then array['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'is', 'isdistinct', 'like', 'ilike', 'match', 'imatch']
    else array['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'is', 'isdistinct']
  end;
  example := case
    when type_name = 'uuid' then 'eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1'
    when type_name in ('timestamptz', 'timestamp') then 'gte.2026-01-01T00:00:00Z'
    when type_name = 'date' then 'gte.2026-01-01'
    when type_name in ('jsonb', 'json') then 'cs.{"key":"value"}'
    when category = 'S' then 'like.prefix*'
    when category = 'N' then 'gt.10'
    when category = 'B' then 'is.true'
    when category = 'A' then 'cs.{a,b}'
    else 'eq.value'
  end;
  if type_name = 'json' then
    example := 'is.null';
  end if;
  pattern := '^(not\.)?(' || pg_catalog.array_to_string(operators, '|') || ')(\([a-z_]+\))?\.';

  return lib_event.json_object_ordered(
    array['name', 'in', 'required', 'description', 'style', 'explode', 'schema'],
    array[
      pg_catalog.to_json(column_name),
      pg_catalog.to_json('query'::text),
      pg_catalog.to_json(false),
      pg_catalog.to_json(pg_catalog.concat_ws(E'\n\n',
        pg_catalog.format('Filter on %s (%s): `%s=<operator>.<value>`, e.g. `%s=%s`.',
          column_name, pg_catalog.format_type(base, null), column_name, column_name, example),
        'Operators: ' || (select pg_catalog.string_agg(pg_catalog.format('`%s` %s', o.op, meanings ->> o.op), '; ' order by o.n)
                            from pg_catalog.unnest(operators) with ordinality as o(op, n)) || '.',
        pg_catalog.format('Prefix `not.` to negate (`%s=not.%s`). Give the parameter more than once to combine conditions with AND.',
          column_name, example),
        column_comment)),
      pg_catalog.to_json('form'::text),
      pg_catalog.to_json(true),
      pg_catalog.json_build_object('anyOf', pg_catalog.json_build_array(
        pg_catalog.json_build_object('type', 'string', 'pattern', pattern),
        pg_catalog.json_build_object('type', 'array', 'items',
          pg_catalog.json_build_object('type', 'string', 'pattern', pattern))))
    ]);
end
$$;


--
-- Name: FUNCTION openapi_filter_parameter(column_name text, type_oid oid, column_comment text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_filter_parameter(column_name text, type_oid oid, column_comment text) IS 'The query parameter that filters a view on one column: the PostgREST operators that suit its type, explained, with an example.';


--
-- Name: openapi_function_access(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_function_access(function_oid oid) RETURNS text[]
    LANGUAGE sql STABLE
    AS $$
  select pg_catalog.array_agg(r.access order by r.access collate "C")
    from lib_event.api_roles() r
   where pg_catalog.has_function_privilege(r.role_name, function_oid, 'EXECUTE');
$$;


--
-- Name: FUNCTION openapi_function_access(function_oid oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_function_access(function_oid oid) IS 'The API key access values whose role may execute a function; null when none may.';


--
-- Name: openapi_function_operation(oid, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_function_operation(function_oid oid, method text) RETURNS json
    LANGUAGE sql STABLE
    AS $$
  -- POST runs the function; GET (offered unless it is volatile) takes the
  -- arguments as query parameters, read-only.
  select lib_event.json_object_ordered(
    array['operationId', 'tags', 'summary', 'description', 'security', 'parameters', 'requestBody', 'responses'],
    array[
      pg_catalog.to_json('call_' || p.proname || case method when 'get' then '_get' else '' end),
      '["functions"]'::json,
      pg_catalog.to_json(lib_event.openapi_summary(d.comment)),
      pg_catalog.to_json(pg_catalog.concat_ws(E'\n\n',
        lib_event.openapi_description(d.comment),
        case when method = 'get' then 'GET takes the arguments as query parameters and runs read-only.' end,
        case when d.public then 'No API key needed.'
             else 'Needs an API key with access ' || pg_catalog.array_to_string(d.access, ' or ') || '.' end)),
      case when d.public then '[]'::json else '[{"apiKey": []}]'::json end,
      case when method = 'get' then lib_event.openapi_query_parameters(function_oid) end,
      case when method = 'post' then lib_event.openapi_request_body(function_oid) end,
      (select pg_catalog.json_object_agg(x.key, x.value order by x.key)
         from (select * from pg_catalog.json_each(lib_event.openapi_success_response(function_oid))
               union all
               select * from pg_catalog.json_each(lib_event.openapi_error_responses(
                 case when d.public then array[400, 404]
                      when p.provolatile = 'v' and method = 'post' then array[400, 401, 403, 404, 409]
                      else array[400, 401, 403, 404] end,
                 d.codes, d.access))
               union all
               -- A function that sets its own status (lib_events.health: 503 when unhealthy).
               select '503', '{"description": "The function answered with status 503: the body says why."}'::json
                where p.prosrc like '%''response.status'', ''503''%') x)
    ])
    from pg_catalog.pg_proc p
   cross join lateral (select pg_catalog.obj_description(p.oid, 'pg_proc') as comment,
                              lib_event.openapi_function_access(p.oid) as access,
                              -- Callable without a key: lib_event.check_request lets it through as lib_event_anon.
                              pg_catalog.has_function_privilege('lib_event_anon', p.oid, 'EXECUTE') as public,
                              coalesce(lib_event.openapi_error_codes(p.oid), '{}') as codes) d
   where p.oid = function_oid;
$$;


--
-- Name: FUNCTION openapi_function_operation(function_oid oid, method text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_function_operation(function_oid oid, method text) IS 'One operation (post or get) of /rpc/<name>: summary and description from the function''s comment, its arguments, result and errors.';


--
-- Name: openapi_inputs(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_inputs(function_oid oid) RETURNS TABLE(n bigint, name text, type oid, has_default boolean, schema jsonb)
    LANGUAGE sql STABLE
    AS $$
  -- The input arguments in order, each with its JSON schema: nullable when
  -- it defaults to null, with its default when that is a literal, and
  -- deprecated when its name was replaced.
  with arg as (
    select a.n, a.name, a.type, coalesce(a.mode, 'i') as mode,
           pg_catalog.row_number() over (partition by coalesce(a.mode, 'i') in ('i', 'b', 'v') order by a.n) as input_n,
           p.pronargs, p.pronargdefaults, ns.nspname || '.' || p.proname as function_name
      from pg_catalog.pg_proc p
      join pg_catalog.pg_namespace ns on ns.oid = p.pronamespace,
           unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargnames, p.proargmodes)
             with ordinality as a(type, name, mode, n)
     where p.oid = function_oid
  ), input as (
    select a.n, a.name, a.type, a.function_name,
           a.input_n > a.pronargs - a.pronargdefaults as has_default,
           pg_catalog.pg_get_function_arg_default(function_oid, a.n::int) as default_expression
      from arg a
     where a.mode in ('i', 'b', 'v')
  )
  select i.n, i.name, i.type, i.has_default,
         case when i.has_default and lib_event.openapi_default(i.default_expression) = '{"default": null}'
              then lib_event.openapi_nullable(lib_event.openapi_type_schema(i.type))
              else lib_event.openapi_type_schema(i.type) end
         || case when i.has_default then coalesce(lib_event.openapi_default(i.default_expression),
              pg_catalog.jsonb_build_object('description', 'Defaults to ' || i.default_expression || '.')) else '{}' end
         || lib_event.openapi_older_name(i.function_name, i.name)
    from input i;
$$;


--
-- Name: FUNCTION openapi_inputs(function_oid oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_inputs(function_oid oid) IS 'The input arguments of a function in order, with their JSON schemas (deprecated under a name lib_event.older_name lists), and whether each has a default.';


--
-- Name: openapi_is_callable(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_is_callable(function_oid oid) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
  -- What PostgREST can call and the document can describe: an API role may
  -- execute it, every input has a name (PostgREST passes arguments by name)
  -- unless the one input takes the whole body, and it returns a type that
  -- is not a pseudo-type (void and record aside).
  select lib_event.openapi_function_access(p.oid) is not null
     and (lib_event.openapi_takes_whole_body(p.oid)
          or not exists (
            select from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargnames, p.proargmodes) as a(type, name, mode)
             where coalesce(a.mode, 'i') in ('i', 'b', 'v') and coalesce(a.name, '') = ''))
     and (p.prorettype in ('void'::regtype, 'record'::regtype)
          or (select t.typtype <> 'p' from pg_catalog.pg_type t where t.oid = p.prorettype))
    from pg_catalog.pg_proc p
   where p.oid = function_oid and p.prokind = 'f';
$$;


--
-- Name: FUNCTION openapi_is_callable(function_oid oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_is_callable(function_oid oid) IS 'Whether a function of lib_events belongs in the document: an API role may call it over PostgREST and its shape can be described.';


--
-- Name: openapi_is_component(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_is_component(relation oid) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
  select exists (
    select from pg_catalog.pg_class c
     where c.oid = relation
       and c.relnamespace = 'lib_events'::regnamespace
       and (c.relkind = 'c'
            or (c.relkind in ('r', 'v', 'm', 'f', 'p')
                and lib_event.openapi_relation_access(c.oid) is not null)));
$$;


--
-- Name: FUNCTION openapi_is_component(relation oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_is_component(relation oid) IS 'Whether a row type is a component schema of the document.

Composite types of lib_events are, and so are the relations of lib_events an
API role may read. Other row types are written out where they are used.';


--
-- Name: openapi_nullable(jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_nullable(schema jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
  select case
    when schema ? '$ref' then
      pg_catalog.jsonb_build_object('anyOf', pg_catalog.jsonb_build_array(schema, '{"type": "null"}'::jsonb))
    when pg_catalog.jsonb_typeof(schema -> 'type') = 'string' then
      schema
        || pg_catalog.jsonb_build_object('type', pg_catalog.jsonb_build_array(schema -> 'type', 'null'))
        || case when schema ? 'enum'
             then pg_catalog.jsonb_build_object('enum', (schema -> 'enum') || 'null'::jsonb)
             else '{}'::jsonb end
    else schema
  end;
$_$;


--
-- Name: FUNCTION openapi_nullable(schema jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_nullable(schema jsonb) IS 'The same JSON schema, also admitting null: type [T, "null"], or anyOf with null around a reference.';


--
-- Name: openapi_older_name(text, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_older_name(object text, name text) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce(
    (select pg_catalog.jsonb_build_object(
              'description', pg_catalog.format('The older name of %s, still taken: use %s.', o.name, o.name),
              'deprecated', true)
       from lib_event.older_name o
      where o.object = openapi_older_name.object and o.older_name = openapi_older_name.name),
    '{}');
$$;


--
-- Name: FUNCTION openapi_older_name(object text, name text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_older_name(object text, name text) IS 'For a name lib_event.older_name lists as replaced, the JSON schema keywords that mark it deprecated and name its replacement; {} otherwise.';


--
-- Name: openapi_paths(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_paths() RETURNS json
    LANGUAGE sql STABLE
    AS $_$
  with function_path as (
    -- Overloads share a path; the first (by oid) documents it.
    select distinct on (p.proname, m.method) p.proname::text as name, m.method,
           lib_event.openapi_function_operation(p.oid, m.method) as operation
      from pg_catalog.pg_proc p
     cross join (values ('get'), ('post')) as m(method)
     where p.pronamespace = 'lib_events'::regnamespace
       and p.oid is distinct from pg_catalog.to_regprocedure('lib_events.openapi()')
       and lib_event.openapi_is_callable(p.oid)
       and (m.method = 'post' or p.provolatile <> 'v')
       -- PostgREST passes the whole body on POST only.
       and not (m.method = 'get' and lib_event.openapi_takes_whole_body(p.oid))
     order by p.proname, m.method, p.oid
  ), relation_path as (
    select c.relname::text as name, m.method, lib_event.openapi_relation_operation(c.oid, m.method) as operation
      from pg_catalog.pg_class c
     cross join (values ('get'), ('head')) as m(method)
     where c.relnamespace = 'lib_events'::regnamespace
       and c.relkind in ('r', 'v', 'm', 'f', 'p')
       and lib_event.openapi_relation_access(c.oid) is not null
  ), path as (
    select 0 as kind, '/' as path,
           '{"get": {"operationId": "openapi", "tags": ["document"], "summary": "This OpenAPI document", "description": "The OpenAPI 3.1 description of this API, built from the database catalog on each request. Public: it needs no API key.", "security": [], "responses": {"200": {"description": "The OpenAPI document.", "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "info", "paths"], "properties": {"openapi": {"type": "string", "description": "The OpenAPI version of the document: 3.1.0."}, "info": {"type": "object", "description": "The API''s title, description, licence and version.", "additionalProperties": {}}, "paths": {"type": "object", "description": "The operations, by path.", "additionalProperties": {}}}, "additionalProperties": {}}}}}, "406": {"$ref": "#/components/responses/NotAcceptable"}}}}'::json as item
    union all
    select 1, '/rpc/' || fp.name,
           pg_catalog.json_object_agg(fp.method, fp.operation order by fp.method = 'post' desc)
      from function_path fp group by fp.name
    union all
    select 2, '/' || rp.name,
           pg_catalog.json_object_agg(rp.method, rp.operation order by rp.method = 'get' desc)
      from relation_path rp group by rp.name
  )
  -- Byte order, whatever the database's collation: the same document everywhere.
  select pg_catalog.json_object_agg(p.path, p.item order by p.kind, p.path collate "C") from path p;
$_$;


--
-- Name: FUNCTION openapi_paths(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_paths() IS 'The paths of the document: / (the document itself), POST /rpc/<name> for every function of lib_events an API role may execute (and GET unless it is volatile or takes the whole body), and GET and HEAD /<view> for every view an API role may read.';


--
-- Name: openapi_query_parameters(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_query_parameters(function_oid oid) RETURNS json
    LANGUAGE sql STABLE
    AS $$
  select pg_catalog.json_agg(lib_event.json_object_ordered(
           array['name', 'in', 'description', 'required', 'deprecated', 'schema'],
           array[pg_catalog.to_json(i.name), pg_catalog.to_json('query'::text),
                 (i.schema -> 'description')::json, pg_catalog.to_json(not i.has_default),
                 (i.schema -> 'deprecated')::json, i.schema::json]) order by i.n)
    from lib_event.openapi_inputs(function_oid) i;
$$;


--
-- Name: FUNCTION openapi_query_parameters(function_oid oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_query_parameters(function_oid oid) IS 'The query parameters of GET /rpc/<name>: one per argument, required when it has no default, deprecated under an older name.';


--
-- Name: openapi_relation_access(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_relation_access(relation oid) RETURNS text[]
    LANGUAGE sql STABLE
    AS $$
  select pg_catalog.array_agg(r.access order by r.access collate "C")
    from lib_event.api_roles() r
   where pg_catalog.has_any_column_privilege(r.role_name, relation, 'SELECT');
$$;


--
-- Name: FUNCTION openapi_relation_access(relation oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_relation_access(relation oid) IS 'The API key access values whose role may read a relation (or some of its columns); null when none may.';


--
-- Name: openapi_relation_operation(oid, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_relation_operation(relation oid, method text) RETURNS json
    LANGUAGE sql STABLE
    AS $_$
  -- GET reads the rows; HEAD runs the same query for its headers alone
  -- (with Prefer: count=exact, a count without the rows).
  select lib_event.json_object_ordered(
    array['operationId', 'tags', 'summary', 'description', 'security', 'parameters', 'responses'],
    array[
      pg_catalog.to_json('read_' || c.relname || case method when 'head' then '_head' else '' end),
      '["views"]'::json,
      pg_catalog.to_json(lib_event.openapi_summary(d.comment)),
      pg_catalog.to_json(pg_catalog.concat_ws(E'\n\n',
        lib_event.openapi_description(d.comment),
        case method
          when 'get' then 'Rows come as a JSON array, or as CSV with Accept: text/csv. Filter with one query parameter per column; shape the result with select, order, limit and offset (or a Range header); ask for the total with Prefer: count=exact.'
          else 'HEAD runs the same query as GET and answers with its headers only: with Prefer: count=exact, Content-Range carries the number of matching rows (*/1234 when there are none to return).'
        end,
        'Needs an API key with access ' || pg_catalog.array_to_string(d.access, ' or ') || '.')),
      '[{"apiKey": []}]'::json,
      (select pg_catalog.json_agg(x.p order by x.n)
         from (
           select a.attnum::int as n,
                  lib_event.openapi_filter_parameter(a.attname, a.atttypid, pg_catalog.col_description(a.attrelid, a.attnum)) as p
             from pg_catalog.pg_attribute a
            where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
              and exists (select from lib_event.api_roles() k
                           where pg_catalog.has_column_privilege(k.role_name, c.oid, a.attnum, 'SELECT'))
           union all
           select 10000 + q.n, pg_catalog.json_build_object('$ref', '#/components/parameters/' || q.name)
             from pg_catalog.unnest(array['select', 'order', 'limit', 'offset', 'or', 'and', 'Range', 'Range-Unit', 'Prefer'])
                  with ordinality as q(name, n)
         ) x),
      (select pg_catalog.json_object_agg(x.k, x.v order by x.k)
         from (
           select s.k, lib_event.json_object_ordered(
                    array['description', 'headers', 'content'],
                    array[
                      pg_catalog.to_json(case method when 'head' then 'Headers only. ' || s.description else s.description end),
                      '{"Content-Range": {"$ref": "#/components/headers/Content-Range"}}'::json,
                      case when method = 'get' then pg_catalog.json_build_object(
                        'application/json', pg_catalog.json_build_object('schema',
                          pg_catalog.json_build_object('type', 'array', 'items',
                            pg_catalog.json_build_object('$ref', '#/components/schemas/' || c.relname))),
                        'text/csv', '{"schema": {"type": "string", "description": "The rows as CSV, a header line first."}}'::json)
                      end
                    ]) as v
             from (values ('200', 'The matching rows.'),
                          ('206', 'Part of the matching rows: a range or limit cut the result short (the Content-Range header says which).')) as s(k, description)
           union all
           select e.key, e.value
             from pg_catalog.json_each(lib_event.openapi_error_responses(array[400, 401, 403, 416], lib_event.openapi_view_error_codes(c.oid), d.access)) as e
         ) x)
    ])
    from pg_catalog.pg_class c
   cross join lateral (select pg_catalog.obj_description(c.oid, 'pg_class') as comment,
                              lib_event.openapi_relation_access(c.oid) as access) d
   where c.oid = relation;
$_$;


--
-- Name: FUNCTION openapi_relation_operation(relation oid, method text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_relation_operation(relation oid, method text) IS 'One operation (get or head) of /<view>: summary and description from the view''s comment, a filter per column, the rows and errors.';


--
-- Name: openapi_request_body(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_request_body(function_oid oid) RETURNS json
    LANGUAGE sql STABLE
    AS $$
  select pg_catalog.json_build_object(
    'required', lib_event.openapi_takes_whole_body(function_oid)
                or exists (select from lib_event.openapi_inputs(function_oid) i where not i.has_default),
    'content', pg_catalog.json_build_object('application/json', pg_catalog.json_build_object('schema',
      case when lib_event.openapi_takes_whole_body(function_oid)
           then lib_event.openapi_whole_body_schema(function_oid)
           else lib_event.openapi_arguments_schema(function_oid) end)));
$$;


--
-- Name: FUNCTION openapi_request_body(function_oid oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_request_body(function_oid oid) IS 'The request body of POST /rpc/<name>: the arguments by name, or the whole body a whole-body function takes.';


--
-- Name: openapi_result_schema(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_result_schema(function_oid oid) RETURNS json
    LANGUAGE sql STABLE
    AS $$
  -- One result: its OUT columns (a record of several), or its return type; null for void.
  with out_arg as (
    select a.n, a.name, a.type
      from pg_catalog.pg_proc p,
           unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargnames, p.proargmodes)
             with ordinality as a(type, name, mode, n)
     where p.oid = function_oid and a.mode in ('o', 'b', 't') and p.prorettype = 'record'::regtype
  )
  select case
    when exists (select from out_arg) then
      lib_event.json_object_ordered(
        array['type', 'required', 'properties'],
        array[
          pg_catalog.to_json('object'::text),
          (select pg_catalog.json_agg(o.name order by o.n) from out_arg o),
          (select pg_catalog.json_object_agg(o.name, lib_event.openapi_nullable(lib_event.openapi_type_schema(o.type)) order by o.n)
             from out_arg o)
        ])
    when p.prorettype = 'void'::regtype then null
    else lib_event.openapi_type_schema(p.prorettype)::json
  end
    from pg_catalog.pg_proc p
   where p.oid = function_oid;
$$;


--
-- Name: FUNCTION openapi_result_schema(function_oid oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_result_schema(function_oid oid) IS 'The JSON schema of one result of a function: its OUT columns as an object, or its return type (that of its one OUT parameter too); null when it returns void.';


--
-- Name: openapi_row_schema(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_row_schema(relation oid) RETURNS json
    LANGUAGE sql STABLE
    AS $$
  with col as (
    select a.attnum, a.attname, a.atttypid,
           a.attnotnull or coalesce(v.not_null, false) as not_null,
           coalesce(pg_catalog.col_description(a.attrelid, a.attnum), v.origin_comment) as comment,
           lib_event.openapi_older_name(ns.nspname || '.' || c.relname, a.attname) as older_name
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      join pg_catalog.pg_attribute a on a.attrelid = c.oid
      left join lib_event.openapi_view_columns(c.oid) v on v.column_number = a.attnum
     where c.oid = relation
       and a.attnum > 0 and not a.attisdropped
       and (c.relkind = 'c'
            or exists (select from lib_event.api_roles() r
                        where pg_catalog.has_column_privilege(r.role_name, c.oid, a.attnum, 'SELECT')))
  )
  select lib_event.json_object_ordered(
    array['type', 'description', 'required', 'properties'],
    array[
      pg_catalog.to_json('object'::text),
      -- A composite type's comment is on its pg_type row, a relation's on pg_class.
      pg_catalog.to_json(coalesce(pg_catalog.obj_description(relation, 'pg_class'),
        (select pg_catalog.obj_description(c.reltype, 'pg_type') from pg_catalog.pg_class c where c.oid = relation))),
      coalesce((select pg_catalog.json_agg(col.attname order by col.attnum) from col), '[]'::json),
      -- The column's own comment says more than the generic older-name text.
      coalesce((select pg_catalog.json_object_agg(col.attname,
                  (case when col.not_null then lib_event.openapi_type_schema(col.atttypid)
                        else lib_event.openapi_nullable(lib_event.openapi_type_schema(col.atttypid)) end)
                  || col.older_name
                  || pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('description', col.comment))
                  order by col.attnum)
                  from col), '{}'::json)
    ]);
$$;


--
-- Name: FUNCTION openapi_row_schema(relation oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_row_schema(relation oid) IS 'The JSON schema of one row of a relation or composite type.

Its columns in order (for a relation, those an API role may read), each with
its type and comment, deprecated under an older name. A column may be null
unless it is NOT NULL, or is a view column plainly taken from a NOT NULL
table column. Every column is present.';


--
-- Name: openapi_servers(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_servers() RETURNS json
    LANGUAGE plpgsql STABLE
    AS $_$
declare
  -- PostgREST's openapi-server-proxy-uri feeds only PostgREST's own document;
  -- a db-root-spec function sees the request.* settings and app.settings.*
  -- (src/library/PostgREST/Query/PreQuery.hs, txVarQuery), so the public
  -- address comes in as an app setting of the same name.
  configured text := nullif(pg_catalog.current_setting('app.settings.openapi_server_proxy_uri', true), '');
begin
  if configured is null then
    -- Relative to the document's own address (OpenAPI 3.1, Server Object):
    -- the document is served at the API's root, so "/" is the host and port
    -- the client reached, and the document is the same on every request.
    return '[{"url": "/", "description": "The API root, where this document is served."}]';
  end if;
  if configured !~ '^(https?://[^/?#[:space:]]+(/[^?#[:space:]]*)?|/[^?#[:space:]]*)$' then
    raise exception using
      errcode = 'PT500',
      message = pg_catalog.format('app.settings.openapi_server_proxy_uri is %s: neither an http:// or https:// URL nor a path starting with /',
        pg_catalog.left(configured, 200)),
      hint = 'Set it to the API''s public address, without query or fragment: app.settings.openapi_server_proxy_uri = "https://audit.example.com/api" in db/postgrest.conf, or PGRST_APP_SETTINGS_OPENAPI_SERVER_PROXY_URI; leave it unset for "/".';
  end if;
  return pg_catalog.json_build_array(pg_catalog.json_build_object(
    -- Without its trailing slash: the paths begin with one.
    'url', coalesce(nullif(pg_catalog.rtrim(configured, '/'), ''), '/'),
    'description', 'The API''s public address (app.settings.openapi_server_proxy_uri).'));
end
$_$;


--
-- Name: FUNCTION openapi_servers(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_servers() IS 'The servers of the API document: app.settings.openapi_server_proxy_uri when PostgREST''s configuration sets it (the public address behind a proxy), else "/", the root the document is served from.

A value that is neither an http(s) URL nor a path raises PT500 (HTTP 500) naming it.';


--
-- Name: openapi_success_response(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_success_response(function_oid oid) RETURNS json
    LANGUAGE sql STABLE
    AS $$
  -- 200 with the result (an array for a set; CSV too for a set of rows),
  -- or 204 for a function that returns nothing.
  select pg_catalog.json_build_object(
           case when r.item is null then '204' else '200' end,
           lib_event.json_object_ordered(
             array['description', 'content'],
             array[
               pg_catalog.to_json(case when r.item is null then 'Done; the function returns nothing.'
                                       else 'The function''s result.' end),
               case when t.typtype = 'd' and pg_catalog.strpos(t.typname, '/') > 0 then
                 -- A media-type handler (a domain named for its media type): text in that type.
                 pg_catalog.json_build_object(t.typname, '{"schema": {"type": "string"}}'::json)
               when r.item is not null then
                 lib_event.json_object_ordered(
                   array['application/json', 'text/csv'],
                   array[
                     pg_catalog.json_build_object('schema',
                       case when p.proretset then pg_catalog.json_build_object('type', 'array', 'items', r.item) else r.item end),
                     case when p.proretset and (t.typtype = 'c' or p.prorettype = 'record'::regtype) then
                       '{"schema": {"type": "string", "description": "The rows as CSV, a header line first (send Accept: text/csv)."}}'::json
                     end
                   ])
               end
             ]))
    from pg_catalog.pg_proc p
    join pg_catalog.pg_type t on t.oid = p.prorettype
   cross join lateral (select lib_event.openapi_result_schema(p.oid) as item) r
   where p.oid = function_oid;
$$;


--
-- Name: FUNCTION openapi_success_response(function_oid oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_success_response(function_oid oid) IS 'The success response of a function''s path: 200 with its result (JSON, and CSV for a set of rows; text in its media type for a media-type handler), or 204 when it returns void.';


--
-- Name: openapi_summary(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_summary(comment text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select nullif(pg_catalog.btrim(pg_catalog.split_part(comment, E'\n', 1)), '');
$$;


--
-- Name: FUNCTION openapi_summary(comment text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_summary(comment text) IS 'The first line of a COMMENT ON text: the OpenAPI summary. Null when there is none.';


--
-- Name: openapi_takes_whole_body(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_takes_whole_body(function_oid oid) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
  select p.pronargs = 1
     and coalesce(p.proargnames[1], '') = ''
     and p.proargtypes[0] in ('json'::regtype, 'jsonb'::regtype)
    from pg_catalog.pg_proc p
   where p.oid = function_oid;
$$;


--
-- Name: FUNCTION openapi_takes_whole_body(function_oid oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_takes_whole_body(function_oid oid) IS 'Whether a function has one unnamed json or jsonb parameter, which PostgREST fills with the whole POST body.';


--
-- Name: openapi_type_schema(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_type_schema(type_oid oid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $_$
declare
  t pg_catalog.pg_type;
begin
  select * into t from pg_catalog.pg_type where oid = type_oid;
  if not found then
    return '{}'::jsonb;
  end if;
  if t.typtype = 'd' then
    return lib_event.openapi_type_schema(t.typbasetype);
  end if;
  if t.typtype = 'e' then
    return pg_catalog.jsonb_build_object('type', 'string', 'enum',
      (select pg_catalog.jsonb_agg(e.enumlabel order by e.enumsortorder)
         from pg_catalog.pg_enum e where e.enumtypid = type_oid));
  end if;
  if t.typcategory = 'A' and t.typelem <> 0 then
    return pg_catalog.jsonb_build_object('type', 'array', 'items', lib_event.openapi_type_schema(t.typelem));
  end if;
  if t.typtype = 'c' then
    if lib_event.openapi_is_component(t.typrelid) then
      return pg_catalog.jsonb_build_object('$ref', '#/components/schemas/' || t.typname);
    end if;
    return lib_event.openapi_row_schema(t.typrelid)::jsonb;
  end if;
  return case t.typname
    when 'int2' then '{"type": "integer", "format": "int32"}'
    when 'int4' then '{"type": "integer", "format": "int32"}'
    when 'int8' then '{"type": "integer", "format": "int64"}'
    when 'float4' then '{"type": "number", "format": "float"}'
    when 'float8' then '{"type": "number", "format": "double"}'
    when 'numeric' then '{"type": "number"}'
    when 'bool' then '{"type": "boolean"}'
    when 'uuid' then '{"type": "string", "format": "uuid"}'
    when 'timestamptz' then '{"type": "string", "format": "date-time"}'
    when 'date' then '{"type": "string", "format": "date"}'
    when 'timetz' then '{"type": "string", "format": "time"}'
    when 'json' then '{}'
    when 'jsonb' then '{}'
    else '{"type": "string"}'
  end::jsonb;
end
$_$;


--
-- Name: FUNCTION openapi_type_schema(type_oid oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_type_schema(type_oid oid) IS 'The JSON schema of the values of a PostgreSQL type, as PostgREST reads and writes them.

Integers and floats are numbers; uuid, timestamptz and date are strings with the
uuid, date-time and date formats; json and jsonb are any JSON value; arrays are
arrays of their element''s schema; enums list their labels; domains take their
base type''s schema; composite types of lib_events refer to their component
schema. Every other type travels as a string.';


--
-- Name: openapi_view_columns(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_view_columns(relation oid) RETURNS TABLE(column_number smallint, not_null boolean, origin_comment text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  -- A view column that plainly references a NOT NULL column is never null.
  -- The origin of each output column is in the view's query tree
  -- (resorigtbl, resorigcol of its target entries). Trusted for two shapes:
  -- - one query that reads relations, without outer joins, where every
  --   target entry with an origin is an output column and none can be
  --   null-extended; subqueries without a FROM (:rtable <>) are allowed
  --   beside it;
  -- - a UNION ALL of such queries reading one relation each: a column is
  --   NOT NULL only if it is in every branch, and its comment is the first
  --   branch's that has one.
  -- An origin that is itself a view is followed into that view.
  with tree as (
    select r.ev_action::text as text
      from pg_catalog.pg_rewrite r
     where r.ev_class = relation and r.rulename = '_RETURN'
       and r.ev_action::text !~ ':jointype [123] '
  ), counted as (
    select t.text,
           (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, '\{QUERY ', 'g'))
         - (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, ':rtable <>', 'g')) as reading,
           (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, '\{SETOPERATIONSTMT ', 'g')) as setops,
           (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, '\{SETOPERATIONSTMT :op 1 :all true ', 'g')) as union_alls,
           (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, ':rtekind ', 'g')) as entries,
           (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, ':rtekind 0 ', 'g')) as relations,
           (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, ':rtekind 1 ', 'g')) as subqueries
      from tree t
  ), shaped as (
    -- branches: how many queries each column must be NOT NULL in.
    select c.text, 1 as branches from counted c where c.setops = 0 and c.reading = 1
    union all
    -- The top query reads its n branches (subquery entries), each branch one relation.
    select c.text, c.relations from counted c
     where c.setops > 0 and c.setops = c.union_alls
       and c.subqueries = c.relations and c.entries = c.subqueries + c.relations and c.reading = c.relations + 1
  ), origin as (
    select m[1]::smallint as column_number, m[2]::oid as table_oid, m[3]::smallint as table_column, n
      from shaped s,
           pg_catalog.regexp_matches(s.text,
             ':resno (\d+) :resname \S+ :ressortgroupref \d+ :resorigtbl (\d+) :resorigcol (\d+)', 'g')
             with ordinality as o(m, n)
     where m[2] <> '0'
  ), viewed as (
    -- Each view read, followed once.
    select r.table_oid, f.column_number, f.not_null, f.origin_comment
      from (select distinct o.table_oid from origin o
              join pg_catalog.pg_class c on c.oid = o.table_oid and c.relkind = 'v') r,
           lib_event.openapi_view_columns(r.table_oid) f
  ), traced as (
    select o.column_number, o.n,
           case when c.relkind = 'v' then coalesce(v.not_null, false) else a.attnotnull end as not_null,
           coalesce(pg_catalog.col_description(o.table_oid, o.table_column), v.origin_comment) as comment
      from origin o
      join pg_catalog.pg_class c on c.oid = o.table_oid
      join pg_catalog.pg_attribute a on a.attrelid = o.table_oid and a.attnum = o.table_column
      left join viewed v on v.table_oid = o.table_oid and v.column_number = o.table_column
  )
  select t.column_number,
         pg_catalog.count(*) filter (where t.not_null) = (select s.branches from shaped s),
         (pg_catalog.array_agg(t.comment order by t.n) filter (where t.comment is not null))[1]
    from traced t
   group by t.column_number;
$$;


--
-- Name: FUNCTION openapi_view_columns(relation oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_view_columns(relation oid) IS 'For each column of a view that plainly references a column of a table or view: whether it is NOT NULL (in every branch of a UNION ALL), and its comment.';


--
-- Name: openapi_view_error_codes(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_view_error_codes(relation oid) RETURNS text[]
    LANGUAGE sql STABLE
    AS $$
  -- The functions of lib_event and lib_events the view's query calls (its
  -- _RETURN rule depends on them), and the codes each raises.
  select coalesce(pg_catalog.array_agg(distinct c.code collate "C" order by c.code collate "C"), '{}')
    from pg_catalog.pg_rewrite r
    join pg_catalog.pg_depend d
      on d.classid = 'pg_catalog.pg_rewrite'::regclass and d.objid = r.oid
     and d.refclassid = 'pg_catalog.pg_proc'::regclass
    join pg_catalog.pg_proc p
      on p.oid = d.refobjid and p.pronamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace),
         pg_catalog.unnest(lib_event.openapi_error_codes(p.oid)) as c(code)
   where r.ev_class = relation and r.rulename = '_RETURN';
$$;


--
-- Name: FUNCTION openapi_view_error_codes(relation oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_view_error_codes(relation oid) IS 'The error codes (SQLSTATEs) a view''s query raises through the lib_event and lib_events functions it calls.';


--
-- Name: openapi_whole_body_schema(oid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.openapi_whole_body_schema(function_oid oid) RETURNS json
    LANGUAGE sql STABLE
    AS $_$
  -- <verb>_many takes what <verb> takes, many times: a plain array of
  -- <verb>'s argument objects, or {"events": [...]} (PostgREST passes a
  -- plain array only when all its objects have the same keys). Any other
  -- whole-body function takes any JSON value.
  select coalesce(
    (select pg_catalog.json_build_object('anyOf', pg_catalog.json_build_array(
              pg_catalog.json_build_object('type', 'array', 'items', lib_event.openapi_arguments_schema(single.oid),
                'description', 'The events, each with the same fields (PostgREST refuses an array whose objects have different keys).'),
              lib_event.json_object_ordered(
                array['type', 'required', 'properties', 'additionalProperties'],
                array[pg_catalog.to_json('object'::text), '["events"]'::json,
                      pg_catalog.json_build_object('events', pg_catalog.json_build_object(
                        'type', 'array', 'items', lib_event.openapi_arguments_schema(single.oid),
                        'description', 'The events, each with the fields it needs.')),
                      pg_catalog.to_json(false)])))
       from pg_catalog.pg_proc many
       join pg_catalog.pg_proc single
         on single.pronamespace = many.pronamespace
        and single.proname = pg_catalog.regexp_replace(many.proname, '_many$', '')
      where many.oid = function_oid
        and many.proname ~ '_many$'
      order by single.oid
      limit 1),
    '{"description": "Any JSON value: the function receives the whole body."}'::json);
$_$;


--
-- Name: FUNCTION openapi_whole_body_schema(function_oid oid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.openapi_whole_body_schema(function_oid oid) IS 'The JSON schema of the body a whole-body function receives: for <verb>_many, an array of <verb>''s arguments or {"events": [...]}.';


--
-- Name: page_budget_bytes(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.page_budget_bytes() RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ select 16777216 $$;


--
-- Name: FUNCTION page_budget_bytes(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.page_budget_bytes() IS 'The bytes of headers and inline payloads a follow or find page stops before (16 MiB); a page always holds at least one event.';


--
-- Name: partition_archived(jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.partition_archived(manifest jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET "TimeZone" TO 'UTC'
    AS $_$
declare
  name text := manifest ->> 'partition';
  bounds record;
  counted bigint;
  first_id uuid;
  last_id uuid;
begin
  select * into bounds from lib_event.partition_bounds(name);
  perform lib_event.check_closed(name, bounds.ends_at);
  -- The file was checked against the manifest; the manifest against the
  -- partition, here, before anything relies on it.
  -- (uuid has no min or max aggregate before PostgreSQL 18: the ends of the index instead.)
  execute pg_catalog.format('select (select count(*) from lib_event.%1$I),
      (select event__id from lib_event.%1$I order by event__id limit 1),
      (select event__id from lib_event.%1$I order by event__id desc limit 1)', name)
     into counted, first_id, last_id;
  if counted <> (manifest ->> 'rows')::bigint
     or first_id is distinct from (manifest ->> 'first_event__id')::uuid
     or last_id is distinct from (manifest ->> 'last_event__id')::uuid then
    raise exception using
      errcode = 'LE062',
      message = pg_catalog.format('the archive of %s does not match it: %s rows from %s to %s in the file, %s rows from %s to %s in the partition',
        name, manifest ->> 'rows', manifest ->> 'first_event__id', manifest ->> 'last_event__id', counted, first_id, last_id),
      hint = 'Archive it again (npm run archive -- --partition ' || name || ').';
  end if;
  insert into lib_event.partition_archive as a
    (partition, starts_at, ends_at, rows, first_event__id, last_event__id, file, sha256, bytes, schema_version)
  values (name, bounds.starts_at, bounds.ends_at, counted, first_id, last_id, manifest ->> 'file',
          manifest ->> 'sha256', (manifest ->> 'bytes')::bigint, manifest ->> 'schema_version')
  on conflict (partition) do update
     set rows = excluded.rows, first_event__id = excluded.first_event__id, last_event__id = excluded.last_event__id,
         file = excluded.file, sha256 = excluded.sha256, bytes = excluded.bytes,
         schema_version = excluded.schema_version, archived_at = pg_catalog.now();
  return lib_event.record_lifecycle_event('lib_event.partition.archived', pg_catalog.jsonb_build_object(
    'partition', name, 'starts_at', bounds.starts_at, 'ends_at', bounds.ends_at, 'rows', counted,
    'first_event__id', first_id, 'last_event__id', last_id, 'file', manifest ->> 'file',
    'sha256', manifest ->> 'sha256', 'bytes', (manifest ->> 'bytes')::bigint));
end
$_$;


--
-- Name: FUNCTION partition_archived(manifest jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.partition_archived(manifest jsonb) IS 'Record that a partition was written to an archive file (the manifest npm run archive wrote), after checking its row count and first and last ids against the partition (LE062 when they differ): records a lib_event.partition.archived event.';


--
-- Name: partition_bounds(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.partition_bounds(name text) RETURNS TABLE(starts_at timestamp with time zone, ends_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
  return query select p.starts_at, p.ends_at from lib_event.partitions p where p.partition = name;
  if not found then
    raise exception using
      errcode = 'LE060',
      message = pg_catalog.format('%L is not a partition of lib_event.event', pg_catalog.left(name, 100)),
      hint = 'See select partition, starts_at, ends_at from lib_event.partitions.';
  end if;
end
$$;


--
-- Name: FUNCTION partition_bounds(name text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.partition_bounds(name text) IS 'The recording times a partition takes, or LE060 when there is no such partition.';


--
-- Name: partition_restored(jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.partition_restored(manifest jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET "TimeZone" TO 'UTC'
    AS $$
declare
  name text := manifest ->> 'partition';
begin
  -- The archive may come from another database (a restore elsewhere): what
  -- its manifest says is recorded too.
  insert into lib_event.partition_archive as a
    (partition, starts_at, ends_at, rows, first_event__id, last_event__id, file, sha256, bytes, schema_version, restored_at)
  values (name, (manifest ->> 'starts_at')::timestamptz, (manifest ->> 'ends_at')::timestamptz, (manifest ->> 'rows')::bigint,
          (manifest ->> 'first_event__id')::uuid, (manifest ->> 'last_event__id')::uuid, manifest ->> 'file',
          manifest ->> 'sha256', (manifest ->> 'bytes')::bigint, manifest ->> 'schema_version', pg_catalog.now())
  on conflict (partition) do update set restored_at = pg_catalog.now(), dropped_at = null;
  return lib_event.record_lifecycle_event('lib_event.partition.restored', pg_catalog.jsonb_build_object(
    'partition', name, 'starts_at', (manifest ->> 'starts_at')::timestamptz, 'ends_at', (manifest ->> 'ends_at')::timestamptz,
    'rows', (manifest ->> 'rows')::bigint, 'sha256', manifest ->> 'sha256'));
end
$$;


--
-- Name: FUNCTION partition_restored(manifest jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.partition_restored(manifest jsonb) IS 'Record that a partition was brought back from its archive (npm run restore, with the archive''s manifest): a lib_event.partition.restored event.';


--
-- Name: partition_to_archive(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.partition_to_archive(name text) RETURNS TABLE(starts_at timestamp with time zone, ends_at timestamp with time zone, lower_id uuid, upper_id uuid, unplaced bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    SET "TimeZone" TO 'UTC'
    AS $$
declare
  bounds record;
begin
  select * into bounds from lib_event.partition_bounds(name);
  perform lib_event.check_closed(name, bounds.ends_at);
  starts_at := bounds.starts_at;
  ends_at := bounds.ends_at;
  lower_id := lib_event.uuid_floor(bounds.starts_at);
  upper_id := lib_event.uuid_floor(bounds.ends_at);
  -- An event the sequencer has not placed would leave the log unseen once its partition is dropped.
  execute pg_catalog.format('select count(*) from lib_event.%I e
     where not exists (select from lib_event.log_entry l where l.event__id = e.event__id)', name) into unplaced;
  return next;
end
$$;


--
-- Name: FUNCTION partition_to_archive(name text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.partition_to_archive(name text) IS 'A closed partition''s period and event__id bounds, and how many of its events the sequencer has not placed yet.

For npm run archive, which reads the rows from lib_event.event between lower_id (inclusive) and upper_id (exclusive). LE060 when there is no such partition, LE061 while it is still being written.';


--
-- Name: partitions_past_retention(timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.partitions_past_retention(at timestamp with time zone DEFAULT now()) RETURNS TABLE(partition text, starts_at timestamp with time zone, ends_at timestamp with time zone, archived boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select p.partition, p.starts_at, p.ends_at, a.partition is not null
    from lib_event.partitions p
    join lib_event.partition_policy policy on policy.retention is not null
    left join lib_event.partition_archive a on a.partition = p.partition
   where p.ends_at <= at - policy.retention
   order by p.starts_at;
$$;


--
-- Name: FUNCTION partitions_past_retention(at timestamp with time zone); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.partitions_past_retention(at timestamp with time zone) IS 'The partitions whose whole period is older than the retention (lib_event.partition_policy.retention), oldest first, and whether each is archived: what npm run archive works through.';


--
-- Name: payload_ceiling_bytes(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.payload_ceiling_bytes() RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$ select 67108864 $$;


--
-- Name: FUNCTION payload_ceiling_bytes(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.payload_ceiling_bytes() IS 'The largest payload accepted, in bytes of its jsonb value: 64 MiB.';


--
-- Name: period_start(timestamp with time zone, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.period_start(at timestamp with time zone, period text) RETURNS timestamp with time zone
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  -- Periods are counted in UTC whatever the session's time zone: weeks
  -- start on Monday (ISO 8601), months on the 1st.
  select pg_catalog.date_trunc(period, at at time zone 'UTC') at time zone 'UTC';
$$;


--
-- Name: FUNCTION period_start(at timestamp with time zone, period text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.period_start(at timestamp with time zone, period text) IS 'The start (UTC) of the day, week (Monday) or month that `at` falls in.';


--
-- Name: postgrest_statement(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.postgrest_statement(statement text, OUT source text, OUT result_read text, OUT binds_array boolean) RETURNS record
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $_$
-- PostgREST v16.2 writes every main statement as
--   WITH pgrst_source AS (<the call or the read>) [, pgrst_source_count AS (...)]
--   SELECT ... FROM (<its read of pgrst_source>) _postgrest_t
-- (src/library/PostgREST/Query/Statements.hs: mainRead, mainCall). The query
-- string's filters, order, limit and offset and a Range header go into the
-- read of a view (the first part) or into the read of a function's result
-- (the last part): Query/QueryBuilder.hs, readPlanToQuery; SqlFragment.hs,
-- limitOffsetF. Of each part only the words outside nested parentheses are
-- kept, a nested group written (): a filter's parentheses, a call's arguments
-- or a subquery cannot pass for the part's own clauses. binds_array: named
-- parameters bound from an array body, of which PostgREST passes the first
-- element alone (SqlFragment.hs, fromJsonBodyF: json_to_recordset(...)
-- LIMIT 1, or json_array_elements for an array of empty objects). For any
-- other statement all three are null.
declare
  skeleton text := lib_event.sql_skeleton(statement);
  piece text;
  depth integer := 0;
  groups integer := 0;
  part text := '';
begin
  if pg_catalog.left(skeleton, 22) <> 'WITH pgrst_source AS (' or skeleton !~ '\) _postgrest_t\s*$' then
    return;
  end if;
  -- Each piece starts at a parenthesis (the first one aside).
  foreach piece in array pg_catalog.regexp_split_to_array(skeleton, '(?=[()])') loop
    if pg_catalog.left(piece, 1) = '(' then
      depth := depth + 1;
      if depth = 1 then
        -- A top-level group begins: the first one is the source.
        if groups = 1 then
          source := pg_catalog.btrim(part);
        end if;
        groups := groups + 1;
        part := pg_catalog.substr(piece, 2);
      elsif depth = 2 then
        part := part || '(';
      end if;
    elsif pg_catalog.left(piece, 1) = ')' then
      depth := depth - 1;
      if depth = 1 then
        part := part || piece;
      end if;
    elsif depth = 1 then
      part := part || piece;
    end if;
  end loop;
  if groups = 1 then
    source := pg_catalog.btrim(part);
  end if;
  result_read := pg_catalog.btrim(part);
  binds_array := skeleton ~ '\m(json_to_recordset|json_array_elements)\(pgrst_payload\.json_data\)';
end
$_$;


--
-- Name: FUNCTION postgrest_statement(statement text, OUT source text, OUT result_read text, OUT binds_array boolean); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.postgrest_statement(statement text, OUT source text, OUT result_read text, OUT binds_array boolean) IS 'The parts of PostgREST''s main statement (v16.2) that say what it does around the function or view it serves.

source: the call or the read of the view (pgrst_source); result_read, its read
of that, where the query string''s filters, order, limit and offset go for a
function; binds_array: whether named parameters are bound from an array body
(PostgREST passes its first element only). Each part keeps only its own words:
names and literals are ?, nested groups (). All three are null for a
statement that is not PostgREST''s.';


--
-- Name: proof_bundle(bigint, bigint, bytea); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.proof_bundle(leaf_index bigint, tree_size bigint, leaf_hash bytea) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select pg_catalog.format(E'c2sp.org/tlog-proof@v1\nextra %s\nindex %s\n%s\n%s',
           pg_catalog.encode(leaf_hash, 'base64'), leaf_index,
           (select pg_catalog.string_agg(pg_catalog.encode(h, 'base64') || E'\n', '' order by n)
              from pg_catalog.unnest(lib_event.inclusion_path(leaf_index, 0, tree_size)) with ordinality p(h, n)),
           note)
    from (select lib_event.checkpoint_note(tree_size) as note) c
   where c.note is not null;
$$;


--
-- Name: FUNCTION proof_bundle(leaf_index bigint, tree_size bigint, leaf_hash bytea); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.proof_bundle(leaf_index bigint, tree_size bigint, leaf_hash bytea) IS 'An inclusion proof as an offline bundle (c2sp.org/tlog-proof@v1): the extra line holds the leaf hash, then the leaf index, the audit path (base64, nearest sibling first), a blank line and the checkpoint note of tree_size; null when that checkpoint is not a C2SP note.';


--
-- Name: read_scope_consumers(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.read_scope_consumers() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select k.scope_consumers::text[] from lib_event.request_key() k where k.access <> 'producer'
$$;


--
-- Name: FUNCTION read_scope_consumers(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.read_scope_consumers() IS 'The recording consumers whose events this request''s key may read; null when any.';


--
-- Name: read_scope_event_types(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.read_scope_event_types() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select lib_event.event_type_likes(k.scope_event_types::text[])
    from lib_event.request_key() k
   where k.access <> 'producer'
$$;


--
-- Name: FUNCTION read_scope_event_types(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.read_scope_event_types() IS 'The event types this request''s key may read, as LIKE patterns; null when any (no key, a key without a type scope, a producer key, which reads nothing).';


--
-- Name: read_scope_tenants(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.read_scope_tenants() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select k.scope_tenants::text[] from lib_event.request_key() k where k.access <> 'producer'
$$;


--
-- Name: FUNCTION read_scope_tenants(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.read_scope_tenants() IS 'The tenants whose events this request''s key may read; null when any (then events without a tenant too).';


--
-- Name: read_scoped(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.read_scoped() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  -- One lookup of the key: the read_scope_* functions each make one.
  select coalesce((select k.access <> 'producer'
                          and (k.scope_event_types is not null or k.scope_consumers is not null
                               or k.scope_tenants is not null)
                     from lib_event.request_key() k), false)
$$;


--
-- Name: FUNCTION read_scoped(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.read_scoped() IS 'Whether this request''s key reads only a share of the log (false without a key, for an unscoped key and for a producer key, which reads nothing). The read views call it once per statement to choose their branch, as the role of the request: executable by lib_event_reader.';


--
-- Name: record_events(lib_event.event_input[]); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.record_events(events lib_event.event_input[]) RETURNS SETOF lib_events.event_receipt
    LANGUAGE plpgsql
    AS $$
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
$$;


--
-- Name: FUNCTION record_events(events lib_event.event_input[]); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.record_events(events lib_event.event_input[]) IS 'Check and insert events, all or nothing, and return their receipts in the order given: the one implementation behind every public way of recording.

lib_event.apply_producer_scope refuses an event outside the API key''s scope
(PT403) and gives a tenant-scoped key''s tenant to each event;
lib_event.check_event_inputs checks every event (in a batch the message says
which event failed); lib_event.claim_idempotency_keys claims the idempotency
keys, if any; then one statement inserts them all with one recording time.
An event with an idempotency key already used by the same consumer is not
inserted again: with the same content its original receipt comes back, with
other content the call fails with 23505 (HTTP 409). More than 1000 events
raise PT413 (HTTP 413).';


--
-- Name: record_lifecycle_event(text, jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.record_lifecycle_event(event_type text, payload jsonb) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  recorded uuid;
begin
  perform pg_catalog.set_config('lib_event.lifecycle_seal', lib_event.consumer_seal(' lifecycle event'), true);
  select r.event__id into recorded
    from lib_event.record_events(array[row(event_type, payload, '{}'::jsonb, null::timestamptz, null::uuid,
           'lib_event.partitions', null::text)::lib_event.event_input]) r;
  perform pg_catalog.set_config('lib_event.lifecycle_seal', '', true);
  return recorded;
end
$$;


--
-- Name: FUNCTION record_lifecycle_event(event_type text, payload jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.record_lifecycle_event(event_type text, payload jsonb) IS 'Record one of the log''s own lifecycle events (lib_event.partition.archived, .dropped, .restored) in the log, under partition_key lib_event.partitions. Their functions run in UTC, so the times in the payloads read alike: JSON timestamps, 2025-01-01T00:00:00+00:00.';


--
-- Name: refuse_change(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  raise exception using
    errcode = 'LE009',
    message = pg_catalog.format('the verifiable log is append-only: %s of lib_event.%s is refused', tg_op, tg_table_name),
    hint = 'Positions, tree nodes and checkpoints are only ever added, by the sequencer.';
end
$$;


--
-- Name: FUNCTION refuse_change(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.refuse_change() IS 'Trigger function: refuses every UPDATE or DELETE of the log''s positions, tree nodes and checkpoints.';


--
-- Name: refuse_outside_partitions(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.refuse_outside_partitions() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  raise exception using
    errcode = 'PT507',
    message = pg_catalog.format('no partition of lib_event.event is ready for events recorded at %s',
      lib_event.uuid_time(new.event__id)),
    hint = 'Nothing was recorded; retry shortly. The owner keeps partitions ready with select * from lib_event.maintain_partitions() (npm start runs it every hour).';
end
$$;


--
-- Name: FUNCTION refuse_outside_partitions(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.refuse_outside_partitions() IS 'Trigger function of the default partition: an event no partition takes is refused (PT507, HTTP 507 Insufficient Storage: retry), never kept in a catch-all.';


--
-- Name: refuse_update(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.refuse_update() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  if pg_catalog.current_setting('lib_event.erasure_seal', true) is not distinct from lib_event.consumer_seal(' erasure')
     and pg_catalog.current_setting('lib_event.erasure_seal', true) <> '' then
    if tg_level = 'STATEMENT' then
      return null;
    end if;
    if new.payload is null and new.content_salt is null and new.erased_at is not null and old.erased_at is null
       and new.erasure__id::text = pg_catalog.current_setting('lib_event.erasure__id', true)
       and (new.event__id, new.event_type, new.occurred_at, new.created_at, new.source, new.partition_key, new.consumer,
            new.xact_id, new.content_commitment, new.leaf_hash)
           is not distinct from
           (old.event__id, old.event_type, old.occurred_at, old.created_at, old.source, old.partition_key, old.consumer,
            old.xact_id, old.content_commitment, old.leaf_hash) then
      return new;
    end if;
  end if;
  raise exception using
    errcode = 'LE009',
    message = 'events are append-only: an UPDATE of lib_event.event is refused',
    hint = 'Record a new event that corrects the old one instead; lib_event.erase removes personal data.';
end
$$;


--
-- Name: FUNCTION refuse_update(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.refuse_update() IS 'Trigger function: refuses every UPDATE of lib_event.event, whoever runs it.';


--
-- Name: relay_head(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.relay_head() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select lib_events.follow_head();
$$;


--
-- Name: FUNCTION relay_head(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.relay_head() IS 'Where a relay without a cursor starts: lib_events.follow_head() (events before it were announced inline).';


--
-- Name: relay_positions(text, integer); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.relay_positions(cursor text, page_size integer) RETURNS TABLE(event__id uuid, cursor text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  -- Only ids and cursors: the relay never reads an event's content.
  select l.event__id, l.position::text
    from lib_event.log_entry l
   where l.position > lib_event.follow_position(relay_positions.cursor)
   order by l.position
   limit lib_event.check_follow_page_size(page_size);
$$;


--
-- Name: FUNCTION relay_positions(cursor text, page_size integer); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.relay_positions(cursor text, page_size integer) IS 'What the relay announces next: the ids and cursors lib_events.follow would return, without the events'' content.';


--
-- Name: request_allowed(text, text, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.request_allowed(role_name text, method text, path text) RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
declare
  -- The path without its leading "/" (and, below, one trailing "/").
  target text := pg_catalog.substr(path, 2);
  function_name text;
  allowed boolean;
begin
  -- Authorization follows the grants: a key may call what its role may
  -- execute or select, so new API objects need no change here. A path that
  -- names nothing in lib_events is let through for PostgREST to answer 404.
  -- Every path PostgREST routes starts with "/"; one that does not (an
  -- absolute-form request target, or none) is refused, not waved through.
  if path is null or pg_catalog.left(path, 1) <> '/' then
    return false;
  end if;
  if pg_catalog.right(target, 1) = '/' then
    target := pg_catalog.left(target, -1);
  end if;

  if target = '' then
    return true;
  elsif pg_catalog.strpos(target, '/') = 0 then
    -- /<relation>
    -- bool_or over no matching object is null: nothing by that name, let it through.
    select pg_catalog.bool_or(pg_catalog.has_table_privilege(role_name, c.oid,
             case method
               when 'POST' then 'INSERT'
               when 'PUT' then 'INSERT'
               when 'PATCH' then 'UPDATE'
               when 'DELETE' then 'DELETE'
               else 'SELECT'
             end))
      into allowed
      from pg_catalog.pg_class c
     where c.relnamespace = 'lib_events'::regnamespace and c.relname = target;
    return coalesce(allowed, true);
  elsif pg_catalog.left(target, 4) = 'rpc/' then
    -- /rpc/<function>
    function_name := pg_catalog.substr(target, 5);
    if function_name = '' or pg_catalog.strpos(function_name, '/') <> 0 then
      return true;
    end if;
    select pg_catalog.bool_or(pg_catalog.has_function_privilege(role_name, p.oid, 'EXECUTE'))
      into allowed
      from pg_catalog.pg_proc p
     where p.pronamespace = 'lib_events'::regnamespace and p.proname = function_name;
    return coalesce(allowed, true);
  end if;
  return true;
end
$$;


--
-- Name: FUNCTION request_allowed(role_name text, method text, path text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.request_allowed(role_name text, method text, path text) IS 'Whether a role may make this HTTP request: EXECUTE for /rpc/<function>, SELECT (or the write privilege) for /<view>; never for a path that does not start with /.';


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
    scope_event_types lib_event.event_type_pattern[],
    scope_tenants lib_event.tenant[],
    scope_consumers lib_event.consumer_name[],
    last_used_at timestamp with time zone,
    may_erase boolean DEFAULT false NOT NULL,
    CONSTRAINT api_key_erase_needs_reads CHECK (((NOT may_erase) OR (access <> 'producer'::lib_event.api_key_access))),
    CONSTRAINT api_key_key_hash_is_sha256 CHECK ((length(key_hash) = 32)),
    CONSTRAINT api_key_producer_one_tenant CHECK (((access = 'reader'::lib_event.api_key_access) OR (cardinality(scope_tenants) = 1))),
    CONSTRAINT api_key_scopes_not_empty CHECK (((cardinality(scope_event_types) > 0) AND (cardinality(scope_tenants) > 0) AND (cardinality(scope_consumers) > 0)))
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
-- Name: COLUMN api_key.scope_event_types; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.api_key.scope_event_types IS 'The event types the key may record and read (patterns, lib_event.event_type_pattern); null: every type.';


--
-- Name: COLUMN api_key.scope_tenants; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.api_key.scope_tenants IS 'The tenants the key may read; a key that records has exactly one, given to every event it records. Null: every tenant, and events without one.';


--
-- Name: COLUMN api_key.scope_consumers; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.api_key.scope_consumers IS 'The recording consumers whose events the key may read; null: every consumer. Reading only: a key records under its own consumer name.';


--
-- Name: COLUMN api_key.last_used_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.api_key.last_used_at IS 'When a request last used this key, to the minute or so: noted by the sequencer from the pre-request''s lib_event.key_used notifications (lib_event.note_keys_used); null when never noted. A use while the sequencer was down is not noted.';


--
-- Name: COLUMN api_key.may_erase; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.api_key.may_erase IS 'Whether the key has the erase right: it may call POST /rpc/erase (lib_events.erase) on the events it reads. Only reader and producer_reader keys may have it.';


--
-- Name: request_key(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.request_key() RETURNS lib_event.api_key
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  key_id text := pg_catalog.current_setting('lib_event.api_key__id', true);
  holder lib_event.api_key;
begin
  if key_id is null or key_id = '' then
    return null;
  end if;
  if pg_catalog.current_setting('lib_event.api_key_seal', true) is distinct from lib_event.consumer_seal('key ' || key_id) then
    raise exception using
      errcode = 'PT401',
      message = 'this request names an API key it did not authenticate',
      hint = 'Send a valid key in the X-Api-Key header; setting lib_event.api_key__id does not name one.';
  end if;
  select * into holder from lib_event.api_key k where k.api_key__id = key_id::uuid;
  return holder;
end
$$;


--
-- Name: FUNCTION request_key(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.request_key() IS 'The API key of this request (sealed by lib_event.authenticate_request or lib_event.ingest), null when the session carries none; PT401 when the setting was not sealed by lib_event. Executable by lib_event_owner alone.';


--
-- Name: restore_partition_attach(jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.restore_partition_attach(manifest jsonb) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET "TimeZone" TO 'UTC'
    AS $$
declare
  name text := manifest ->> 'partition';
  restoring regclass := lib_event.check_restoring(name);
begin
  -- What the partition's trigger notes for large payloads, noted here.
  execute pg_catalog.format('insert into lib_event.deferred_payload (event__id, payload_size, payload_sha256)
      select event__id, pg_catalog.octet_length(payload::text), pg_catalog.sha256(pg_catalog.convert_to(payload::text, ''UTF8''))
        from %s where pg_catalog.octet_length(payload::text) > lib_event.deferred_payload_bytes()', restoring);
  -- ATTACH locks the default partition (readers that scan every partition wait), so only for a moment.
  execute pg_catalog.format('alter table lib_event.event attach partition %s for values from (%L) to (%L)', restoring,
    lib_event.uuid_floor((manifest ->> 'starts_at')::timestamptz), lib_event.uuid_floor((manifest ->> 'ends_at')::timestamptz));
  execute pg_catalog.format('alter table %s drop constraint restored_bounds', restoring);
  execute pg_catalog.format('comment on table %s is %L', restoring,
    pg_catalog.format('Restored from %s (sha256 %s).', manifest ->> 'file', manifest ->> 'sha256'));
  return lib_event.partition_restored(manifest);
end
$$;


--
-- Name: FUNCTION restore_partition_attach(manifest jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.restore_partition_attach(manifest jsonb) IS 'Finish restoring an archived partition: note its large payloads, attach it to lib_event.event and record a lib_event.partition.restored event.

LE068 unless lib_event.restore_partition_begin made the table in this transaction and it is not attached yet.';


--
-- Name: restore_partition_begin(jsonb); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.restore_partition_begin(manifest jsonb) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET "TimeZone" TO 'UTC'
    AS $_$
declare
  name text := manifest ->> 'partition';
  starts timestamptz := (manifest ->> 'starts_at')::timestamptz;
  ends timestamptz := (manifest ->> 'ends_at')::timestamptz;
  recorded text;
  overlapping text;
begin
  if name is null or name !~ '^event_[a-z0-9_]{1,50}$' or starts is null or ends is null or starts >= ends then
    raise exception using
      errcode = 'LE066',
      message = pg_catalog.format('the manifest names partition %s from %s to %s', pg_catalog.left(name, 100), starts, ends),
      hint = 'Restore from the manifest npm run archive wrote: a partition named event_..., and a period that ends after it starts.';
  end if;
  -- An archive this database recorded must come back from the very file it recorded.
  select a.sha256 into recorded from lib_event.partition_archive a where a.partition = name;
  if recorded is not null and recorded is distinct from manifest ->> 'sha256' then
    raise exception using
      errcode = 'LE066',
      message = pg_catalog.format('%s was archived here as a file with SHA-256 %s; this manifest names %s; nothing was restored',
        name, recorded, manifest ->> 'sha256'),
      hint = 'Restore from the archive file this database recorded (lib_event.partition_archive).';
  end if;
  select pg_catalog.string_agg(p.partition, ', ') into overlapping
    from lib_event.partitions p where p.partition = name or (p.starts_at < ends and starts < p.ends_at);
  if overlapping is not null or pg_catalog.to_regclass(pg_catalog.format('lib_event.%I', name)) is not null then
    raise exception using
      errcode = 'LE067',
      message = pg_catalog.format('%s (%s to %s) would overlap partition %s, which exists; nothing was restored',
        name, starts, ends, coalesce(overlapping, name)),
      hint = 'Drop it first (lib_event.drop_partition) if the archive is to replace it.';
  end if;
  -- Filled apart and attached last (lib_event.restore_partition_attach): the
  -- constraint spares ATTACH a scan of the rows.
  execute pg_catalog.format('create table lib_event.%I (like lib_event.event including defaults including constraints,
      constraint restored_bounds check (event__id >= %L and event__id < %L))',
    name, lib_event.uuid_floor(starts), lib_event.uuid_floor(ends));
end
$_$;


--
-- Name: FUNCTION restore_partition_begin(manifest jsonb); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.restore_partition_begin(manifest jsonb) IS 'Start restoring an archived partition (npm run restore, as lib_event_maintenance): make its table, not attached yet.

LE066 when the manifest is not a partition''s or names another file than the one this database archived, LE067 when a partition of that name or overlapping its period exists. Then lib_event.restore_partition_rows and lib_event.restore_partition_attach, in the same transaction.';


--
-- Name: restore_partition_rows(text, text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[]); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.restore_partition_rows(name text, event__id text[], event_type text[], occurred_at text[], created_at text[], source text[], partition_key text[], consumer text[], headers text[], payload text[], xact_id text[], content_salt text[], content_commitment text[], erased_at text[], erasure__id text[]) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    SET "TimeZone" TO 'UTC'
    AS $_$
declare
  inserted bigint;
begin
  execute pg_catalog.format('insert into %s
      (event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, xact_id,
       content_salt, content_commitment, erased_at, erasure__id, tenant)
    select r.event__id::uuid, r.event_type, r.occurred_at::timestamptz, r.created_at::timestamptz, r.source::uuid,
           r.partition_key, r.consumer, r.headers::jsonb, r.payload::jsonb, r.xact_id::xid8,
           pg_catalog.decode(r.content_salt, ''hex''), pg_catalog.decode(r.content_commitment, ''hex''),
           r.erased_at::timestamptz, r.erasure__id::uuid,
           -- Only a string the tenant domain takes: events recorded before tenants
           -- existed may hold anything under headers.tenant.
           case when pg_catalog.jsonb_typeof(r.headers::jsonb -> ''tenant'') = ''string''
                 and (r.headers::jsonb ->> ''tenant'') ~ ''^[^[:cntrl:]]{1,255}$''
                 and (r.headers::jsonb ->> ''tenant'') = pg_catalog.btrim(r.headers::jsonb ->> ''tenant'')
                then r.headers::jsonb ->> ''tenant'' end
      from unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
           as r(event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, xact_id,
                content_salt, content_commitment, erased_at, erasure__id)',
    lib_event.check_restoring(name))
    using event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, xact_id,
          content_salt, content_commitment, erased_at, erasure__id;
  get diagnostics inserted = row_count;
  return inserted;
end
$_$;


--
-- Name: FUNCTION restore_partition_rows(name text, event__id text[], event_type text[], occurred_at text[], created_at text[], source text[], partition_key text[], consumer text[], headers text[], payload text[], xact_id text[], content_salt text[], content_commitment text[], erased_at text[], erasure__id text[]); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.restore_partition_rows(name text, event__id text[], event_type text[], occurred_at text[], created_at text[], source text[], partition_key text[], consumer text[], headers text[], payload text[], xact_id text[], content_salt text[], content_commitment text[], erased_at text[], erasure__id text[]) IS 'Put archived rows, one array per column as PostgreSQL''s text output (salt and commitment in hex), into a partition being restored; returns how many. An event''s tenant is taken from its headers.tenant, where recording put it (archives hold no tenant column); a value the tenant domain refuses (recorded before tenants existed) leaves it null.

LE068 unless lib_event.restore_partition_begin made the table in this transaction and it is not attached yet.';


--
-- Name: restrict_database_access(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.restrict_database_access() RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  execute pg_catalog.format('revoke temporary, connect on database %I from public', pg_catalog.current_database());
  execute pg_catalog.format('grant connect on database %I to lib_event_authenticator, lib_event_relay, lib_event_ingest, '
    'lib_event_sequencer, lib_event_bridge, lib_event_maintenance', pg_catalog.current_database());
end
$$;


--
-- Name: FUNCTION restrict_database_access(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.restrict_database_access() IS 'Take TEMP and CONNECT on this database from PUBLIC and grant CONNECT to the login roles. Run by the migrations, and by a superuser on a copy of the database (CREATE DATABASE ... TEMPLATE does not copy database privileges).';


--
-- Name: seal_consumer(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.seal_consumer(consumer text) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  select pg_catalog.set_config('lib_event.consumer', consumer, true),
         pg_catalog.set_config('lib_event.consumer_seal', lib_event.consumer_seal(consumer), true)
$$;


--
-- Name: FUNCTION seal_consumer(consumer text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.seal_consumer(consumer text) IS 'Name the consumer of this transaction, sealed: lib_event.current_consumer accepts it for this transaction of this backend only. Executable by lib_event_owner alone; called by definer code that has verified who records.';


--
-- Name: seal_content(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.seal_content() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  -- Every name qualified, no SET clause: this runs for every event recorded.
  new.content_commitment := lib_event.content_commitment(new.content_salt, new.headers, new.payload);
  new.leaf_hash := lib_event.leaf_hash_v2(new.event__id, new.event_type::text, new.occurred_at, new.created_at,
                                          new.source, new.partition_key, new.consumer, new.content_commitment);
  return new;
end
$$;


--
-- Name: FUNCTION seal_content(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.seal_content() IS 'Trigger function: the content commitment and v2 leaf hash of an event being recorded, from its salt.';


--
-- Name: seal_key(uuid); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.seal_key(api_key__id uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO ''
    AS $$
  select pg_catalog.set_config('lib_event.api_key__id', api_key__id::text, true),
         pg_catalog.set_config('lib_event.api_key_seal', lib_event.consumer_seal('key ' || api_key__id::text), true)
$$;


--
-- Name: FUNCTION seal_key(api_key__id uuid); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.seal_key(api_key__id uuid) IS 'Name the API key of this transaction, sealed as lib_event.seal_consumer seals its consumer (the sealed text, key <id>, can be no consumer name). Executable by lib_event_owner alone.';


--
-- Name: sequence_events(integer); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.sequence_events(max integer DEFAULT 1000) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  step record;
begin
  -- One sequencer at a time, whoever calls: positions stay dense.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('lib_event.sequence_events'));
  -- Pages that only meet events already in the log (after a sweep) move the
  -- cursor and add nothing: go on, a bounded number of pages, until some
  -- are new or there is nothing more.
  for page in 1 .. 50 loop
    if (select c.system_identifier from lib_event.sequencer_cursor c) <> lib_event.system_identifier() then
      step := lib_event.sweep_new_cluster(max * 10);
    else
      step := lib_event.walk_log(max);
    end if;
    if step.added > 0 or not step.more then
      return step.added;
    end if;
  end loop;
  return 0;
end
$$;


--
-- Name: FUNCTION sequence_events(max integer); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.sequence_events(max integer) IS 'Give the next committed events (at most max) their positions and leaf hashes, in follow''s order, and grow the tree; returns how many. In a cluster other than the cursor''s, sweeps first. One caller at a time; the sequencer process calls it.';


--
-- Name: set_notify_mode(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.set_notify_mode(mode text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  trigger_name name;
begin
  if mode is null or mode not in ('inline', 'relay') then
    raise exception using
      errcode = 'LE032',
      message = pg_catalog.format('notify mode %s is not known', coalesce(pg_catalog.quote_literal(pg_catalog.left(mode, 100)), 'null')),
      hint = 'Use inline (producers NOTIFY as they commit) or relay (the relay process NOTIFYs).';
  end if;
  -- ALTER TABLE ... ENABLE/DISABLE TRIGGER waits for the transactions that
  -- are writing to lib_event.event and holds new writers back until this
  -- transaction commits: a one-off pause of a few milliseconds.
  for trigger_name in select lib_event.notify_triggers() loop
    execute pg_catalog.format('alter table lib_event.event %s trigger %I',
      case mode when 'relay' then 'disable' else 'enable' end, trigger_name);
  end loop;
  return lib_event.notify_mode();
end
$$;


--
-- Name: FUNCTION set_notify_mode(mode text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.set_notify_mode(mode text) IS 'Choose how events are announced: inline or relay. Owner only. Returns the mode now in force.

relay disables the event_notify_* triggers on lib_event.event, so producers
do not NOTIFY and keep group commit; run the relay process (scripts/relay/relay.ts)
then. Start the relay before switching to relay, and switch back to inline
before stopping it: listeners may then hear an id twice, never miss one.
Raises LE032 for any other mode.';


--
-- Name: set_retention(interval); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.set_retention(keep interval) RETURNS interval
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  if keep < interval '1 day' then
    raise exception using
      errcode = 'LE064',
      message = pg_catalog.format('retention must be at least 1 day, not %s', keep),
      hint = 'Give an interval such as ''400 days'', or null to keep every event.';
  end if;
  update lib_event.partition_policy set retention = keep, updated_at = pg_catalog.now();
  return keep;
end
$$;


--
-- Name: FUNCTION set_retention(keep interval); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.set_retention(keep interval) IS 'Keep events this long in the database (at least a day: LE064), or null for ever: partitions past it are archived, then dropped, by npm run archive.';


--
-- Name: shortened(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.shortened(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select pg_catalog.left(value, 100) || case when pg_catalog.length(value) > 100 then '...' else '' end;
$$;


--
-- Name: FUNCTION shortened(value text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.shortened(value text) IS 'A value as an error message echoes it: its first 100 characters, and ... when there were more.';


--
-- Name: signature_line(text, bytea, bytea); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.signature_line(name text, key_id bytea, signature bytea) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  select pg_catalog.format(E'\u2014 %s %s\n', name, pg_catalog.translate(pg_catalog.encode(key_id || signature, 'base64'), E'\n', ''));
$$;


--
-- Name: FUNCTION signature_line(name text, key_id bytea, signature bytea); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.signature_line(name text, key_id bytea, signature bytea) IS 'A note signature line: em dash, space, key name, space, base64(4-byte key ID, signature), newline.';


--
-- Name: sql_skeleton(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.sql_skeleton(statement text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
  -- Quoted names become "?" and string literals '?': what is left are the
  -- statement's own words, none of the names and values a request carries
  -- (PostgREST sends values as $n parameters, and writes names and the few
  -- literals it has quoted: pgFmtIdent, pgFmtLit in
  -- src/library/PostgREST/Query/SqlFragment.hs). One pass, left to right, so
  -- a quote inside a name or a literal is never taken for the start of one.
  select pg_catalog.regexp_replace(statement, '"(?:[^"]|"")*"|''(?:[^'']|'''')*''', '?', 'g');
$_$;


--
-- Name: FUNCTION sql_skeleton(statement text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.sql_skeleton(statement text) IS 'A SQL statement with its quoted names replaced by ? and its string literals by ?: the statement''s own words, none of the data a request put in it.';


--
-- Name: stored_headers(jsonb, text, uuid, timestamp with time zone, timestamp with time zone, uuid, text, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.stored_headers(headers jsonb, event_type text, event__id uuid, created_at timestamp with time zone, occurred_at timestamp with time zone, source uuid, partition_key text, consumer text) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
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


--
-- Name: FUNCTION stored_headers(headers jsonb, event_type text, event__id uuid, created_at timestamp with time zone, occurred_at timestamp with time zone, source uuid, partition_key text, consumer text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.stored_headers(headers jsonb, event_type text, event__id uuid, created_at timestamp with time zone, occurred_at timestamp with time zone, source uuid, partition_key text, consumer text) IS 'The headers stored with an event: the caller''s entries plus the standard ones (the one place that lists them).';


--
-- Name: subtree_hash(bigint, bigint); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.subtree_hash(start bigint, stop bigint) RETURNS bytea
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  width bigint := stop - start;
  split bigint := 1;
begin
  -- RFC 6962 MTH of leaves start .. stop - 1. A complete, aligned subtree
  -- is stored; otherwise split at the largest power of two below the width.
  if width = 0 then
    return pg_catalog.sha256(''::bytea);
  end if;
  if width & (width - 1) = 0 and start % width = 0 then
    return lib_event.tree_node(length(pg_catalog.ltrim(width::bit(64)::text, '0')) - 1, start / width);
  end if;
  while split * 2 < width loop
    split := split * 2;
  end loop;
  return pg_catalog.sha256('\x01'::bytea || lib_event.subtree_hash(start, start + split) || lib_event.subtree_hash(start + split, stop));
end
$$;


--
-- Name: FUNCTION subtree_hash(start bigint, stop bigint); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.subtree_hash(start bigint, stop bigint) IS 'The RFC 6962 Merkle tree hash of the leaves at indexes start to stop - 1, from stored complete subtrees.';


--
-- Name: sweep_new_cluster(integer); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.sweep_new_cluster(scan integer, OUT added integer, OUT more boolean) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  cursor_row lib_event.sequencer_cursor;
  ids uuid[];
begin
  select * into cursor_row from lib_event.sequencer_cursor;
  if cursor_row.sweep_fence is null then
    update lib_event.sequencer_cursor
       set sweep_fence = pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot()),
           swept_to = '00000000-0000-0000-0000-000000000000', moved_at = pg_catalog.now()
    returning * into cursor_row;
  end if;
  select pg_catalog.array_agg(s.event__id order by s.event__id) into ids
    from (select e.event__id from lib_event.event e where e.event__id > cursor_row.swept_to
           order by e.event__id limit scan) s;
  more := coalesce(pg_catalog.cardinality(ids), 0) = scan;
  if more then
    update lib_event.sequencer_cursor set swept_to = ids[scan], moved_at = pg_catalog.now();
  else
    -- Swept to the end: walk on from the fence, in this cluster's ids.
    update lib_event.sequencer_cursor
       set system_identifier = lib_event.system_identifier(), xact_id = cursor_row.sweep_fence,
           event__id = '00000000-0000-0000-0000-000000000000', sweep_fence = null, swept_to = null,
           moved_at = pg_catalog.now();
  end if;
  added := lib_event.append_to_log(coalesce(ids, '{}'));
end
$$;


--
-- Name: FUNCTION sweep_new_cluster(scan integer, OUT added integer, OUT more boolean); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.sweep_new_cluster(scan integer, OUT added integer, OUT more boolean) IS 'One page (scan event ids) of the sweep that follows a move to a new cluster: sequences the committed events not in the log yet, in id order; more is false once it reached the end. Called by lib_event.sequence_events.';


--
-- Name: system_identifier(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.system_identifier() RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select s.system_identifier from pg_catalog.pg_control_system() s;
$$;


--
-- Name: FUNCTION system_identifier(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.system_identifier() IS 'The identifier of this PostgreSQL cluster (initdb''s): a restore into another cluster, or a logical copy, sees another one; a physical replica sees the same.';


--
-- Name: tally_sequenced(integer, double precision, integer); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.tally_sequenced(placed integer, took double precision, max integer DEFAULT 10000) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  tally lib_event.sequencer_tally;
  upto bigint;
begin
  select * into tally from lib_event.sequencer_tally for update;
  upto := least(lib_event.tree_size(), tally.counted_to + max);
  insert into lib_event.event_tally as t (type_prefix, consumer, events)
  select pg_catalog.split_part(e.event_type, '.', 1), e.consumer, pg_catalog.count(*)
    from lib_event.log_entry l
    join lib_event.event e on e.event__id = l.event__id
   where l.position > tally.counted_to and l.position <= upto
   group by 1, 2
  on conflict on constraint event_tally_pkey do update set events = t.events + excluded.events;
  update lib_event.sequencer_tally
     set counted_to = upto,
         batches = batches + case when placed > 0 then 1 else 0 end,
         batch_seconds = batch_seconds + case when placed > 0 then took else 0 end,
         events = events + placed,
         counted_at = pg_catalog.now();
  return upto - tally.counted_to;
end
$$;


--
-- Name: FUNCTION tally_sequenced(placed integer, took double precision, max integer); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.tally_sequenced(placed integer, took double precision, max integer) IS 'The sequencer''s counters: add a batch it placed (placed: its events, 0 for none; took: its duration in seconds) and count up to max more placed events by type prefix and consumer. Returns how many positions it counted. Called by the sequencer after each batch, outside the batch''s transaction.';


--
-- Name: tree_node(integer, bigint); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.tree_node(level integer, index bigint) RETURNS bytea
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select case when level = 0
              then (select l.leaf_hash from lib_event.log_entry l where l.position = index + 1)
              else (select n.hash from lib_event.merkle_node n where n.level = tree_node.level and n.index = tree_node.index) end;
$$;


--
-- Name: FUNCTION tree_node(level integer, index bigint); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.tree_node(level integer, index bigint) IS 'The hash of a complete subtree: a leaf (level 0) or a stored node.';


--
-- Name: tree_root(bigint); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.tree_root(tree_size bigint) RETURNS bytea
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select lib_event.subtree_hash(0, tree_size);
$$;


--
-- Name: FUNCTION tree_root(tree_size bigint); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.tree_root(tree_size bigint) IS 'The Merkle tree hash of the first tree_size events.';


--
-- Name: tree_size(); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.tree_size() RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select coalesce((select l.position from lib_event.log_entry l order by l.position desc limit 1), 0);
$$;


--
-- Name: FUNCTION tree_size(); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.tree_size() IS 'How many events are sequenced.';


--
-- Name: utc_text(timestamp with time zone); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.utc_text(at timestamp with time zone) RETURNS text
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
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
-- Name: vkey(text, text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.vkey(name text, public_key text) RETURNS text
    LANGUAGE sql IMMUTABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path TO ''
    AS $$
  select pg_catalog.format('%s+%s+%s', name,
    pg_catalog.encode(lib_event.note_key_id(name, '\x01', lib_event.ed25519_key_bytes(public_key)), 'hex'),
    pg_catalog.encode('\x01'::bytea || lib_event.ed25519_key_bytes(public_key), 'base64'));
$$;


--
-- Name: FUNCTION vkey(name text, public_key text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.vkey(name text, public_key text) IS 'The C2SP verifier key (vkey) of an Ed25519 key under a name: <name>+<hex key ID>+<base64(0x01, key)>.';


--
-- Name: walk_log(integer); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.walk_log(max integer, OUT added integer, OUT more boolean) RETURNS record
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  cursor_row lib_event.sequencer_cursor;
  old_size bigint := lib_event.tree_size();
  scanned integer;
  last_xact_id xid8;
  last_event__id uuid;
begin
  select * into cursor_row from lib_event.sequencer_cursor;
  -- One pass over the page: the events not in the log yet are placed, and
  -- the cursor moves past all of them (a sweep may have placed some).
  with page as materialized (
    select f.xact_id, f.event__id, pg_catalog.row_number() over (order by f.xact_id, f.event__id) as n,
           coalesce(f.leaf_hash,
                    lib_event.leaf_hash(f.event__id, f.event_type, f.occurred_at, f.created_at, f.source,
                                        f.partition_key, f.consumer, f.headers, f.payload)) as leaf_hash
      from lib_event.follow_after(cursor_row.xact_id, cursor_row.event__id, max) f
  ), placed as (
    insert into lib_event.log_entry (position, event__id, leaf_hash)
    select old_size + pg_catalog.row_number() over (order by p.n), p.event__id, p.leaf_hash
      from page p
     where not exists (select from lib_event.log_entry l where l.event__id = p.event__id)
    returning 1
  )
  select (select pg_catalog.count(*) from placed), (select pg_catalog.count(*) from page),
         (select p.xact_id from page p order by p.n desc limit 1), (select p.event__id from page p order by p.n desc limit 1)
    into added, scanned, last_xact_id, last_event__id;
  more := scanned = max;
  if scanned = 0 then
    return;
  end if;
  update lib_event.sequencer_cursor set xact_id = last_xact_id, event__id = last_event__id, moved_at = pg_catalog.now();
  perform lib_event.extend_tree(old_size, added);
end
$$;


--
-- Name: FUNCTION walk_log(max integer, OUT added integer, OUT more boolean); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.walk_log(max integer, OUT added integer, OUT more boolean) IS 'One page (at most max events) of the walk in follow order from the sequencer''s cursor: sequences the events not in the log yet; more is true when the page was full. Called by lib_event.sequence_events.';


--
-- Name: within_key_scope(text, text, text, text[], text[], text[]); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.within_key_scope(event_type text, consumer text, tenant text, type_likes text[], consumers text[], tenants text[]) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
begin
  if type_likes is null and consumers is null and tenants is null then
    return true;
  end if;
  return (type_likes is null or event_type like any (type_likes))
     and (consumers is null or consumer = any (consumers))
     and (tenants is null or coalesce(tenant = any (tenants), false));
end
$$;


--
-- Name: FUNCTION within_key_scope(event_type text, consumer text, tenant text, type_likes text[], consumers text[], tenants text[]); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.within_key_scope(event_type text, consumer text, tenant text, type_likes text[], consumers text[], tenants text[]) IS 'Whether an event (type, consumer, tenant) is within a read scope (LIKE patterns of types, consumers, tenants; null: any). The scope policy on lib_event.event calls it once per row.';


--
-- Name: witness_request(bigint, bigint); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.witness_request(old_size bigint, tree_size bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select pg_catalog.format(E'old %s\n%s\n%s', old_size,
    (select coalesce(pg_catalog.string_agg(pg_catalog.encode(h, 'base64') || E'\n', '' order by n), '')
       from pg_catalog.unnest(case when old_size = 0 or old_size = tree_size then '{}'::bytea[]
                                   else lib_event.consistency_path(old_size, 0, tree_size, true) end) with ordinality p(h, n)),
    lib_event.checkpoint_note(tree_size))
   where lib_event.checkpoint_note(tree_size) is not null and old_size between 0 and tree_size;
$$;


--
-- Name: FUNCTION witness_request(old_size bigint, tree_size bigint); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.witness_request(old_size bigint, tree_size bigint) IS 'The body of a tlog-witness add-checkpoint: "old <size>", the consistency proof from that size (base64 lines), a blank line and the checkpoint note of tree_size; null when there is no such C2SP checkpoint.';


--
-- Name: witnessed_size(text); Type: FUNCTION; Schema: lib_event; Owner: -
--

CREATE FUNCTION lib_event.witnessed_size(witness text) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select coalesce(pg_catalog.max(w.tree_size), 0) from lib_event.checkpoint_cosignature w where w.witness = witnessed_size.witness;
$$;


--
-- Name: FUNCTION witnessed_size(witness text); Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON FUNCTION lib_event.witnessed_size(witness text) IS 'The size of the largest checkpoint a witness cosigned (0 when none): the old size of the next add-checkpoint to it.';


--
-- Name: api_key(); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events.api_key() RETURNS lib_events.presented_key
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  -- The key the pre-request authenticated and sealed for this transaction
  -- (PT401 from request_key when the setting was not sealed by lib_event).
  holder lib_event.api_key := lib_event.request_key();
begin
  if holder.api_key__id is null then
    raise exception using
      errcode = 'PT401',
      message = 'this request carries no authenticated API key',
      hint = 'Send your key in the X-Api-Key header: GET /rpc/api_key describes the key it is called with.';
  end if;
  return row(
    holder.api_key__id, holder.consumer::text, holder.access, holder.created_at,
    holder.scope_event_types is not null or holder.scope_tenants is not null or holder.scope_consumers is not null,
    holder.scope_event_types::text[], holder.scope_tenants::text[], holder.scope_consumers::text[],
    holder.may_erase
  )::lib_events.presented_key;
end
$$;


--
-- Name: FUNCTION api_key(); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events.api_key() IS 'The API key of this request: its consumer, access, scopes and rights.

Answers about the key in the X-Api-Key header only, never another key, and
never its hash. scoped is false for a key that reads and records everything;
otherwise event_types, tenants and consumers say what it is limited to (null:
no limit). Rows outside a reader key''s scope are hidden from every read, so a
scoped key''s positions have gaps (db/security.md, scoped keys). may_erase
says whether it may call POST /rpc/erase. Any active key may ask; no key, or
an unknown or revoked one, is 401. GET /rpc/api_key.';


--
-- Name: consistency_proof(bigint, bigint); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events.consistency_proof(first_size bigint, second_size bigint DEFAULT NULL::bigint) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  second bigint := coalesce(second_size, (select pg_catalog.max(c.tree_size) from lib_event.log_checkpoint c));
begin
  perform lib_event.check_tree_size(second, 'second_size');
  perform lib_event.check_tree_size(first_size, 'first_size');
  if first_size > second then
    raise exception using
      errcode = 'LE070',
      message = pg_catalog.format('first_size %s is larger than second_size %s', first_size, second),
      hint = 'Ask for the proof from the earlier checkpoint to the later one.';
  end if;
  return pg_catalog.jsonb_build_object(
    'first_size', first_size, 'second_size', second,
    'first_root', pg_catalog.encode(lib_event.tree_root(first_size), 'hex'),
    'second_root', pg_catalog.encode(lib_event.tree_root(second), 'hex'),
    'path', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.encode(h, 'hex') order by n), '[]')
               from pg_catalog.unnest(case when first_size = second then '{}'::bytea[]
                                           else lib_event.consistency_path(first_size, 0, second, true) end) with ordinality p(h, n)));
end
$$;


--
-- Name: FUNCTION consistency_proof(first_size bigint, second_size bigint); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events.consistency_proof(first_size bigint, second_size bigint) IS 'Proof that the log''s tree of second_size events (default: the latest checkpoint) extends the tree of first_size events unchanged (RFC 6962 consistency proof, hex). Check it against two signed checkpoints; sizes the log does not have: LE070.';


--
-- Name: create(jsonb); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events."create"(jsonb) RETURNS lib_events.event_receipt
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
  select lib_event.check_write_request();
  select lib_event.check_backlog();
  select r.*
    from lib_event.record_events(lib_event.one_event_input($1)) r;
$_$;


--
-- Name: FUNCTION "create"(jsonb); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events."create"(jsonb) IS 'Record one event sent as a JSON object: what POST /rpc/create calls.

The body as it was sent, checked on its JSON types (lib_event.one_event_input), then recorded as create(event_type => ...) records it.';


--
-- Name: create(text, jsonb, jsonb, timestamp with time zone, uuid, text, text); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events."create"(OUT receipt lib_events.event_receipt, event_type text, payload jsonb DEFAULT NULL::jsonb, headers jsonb DEFAULT '{}'::jsonb, occurred_at timestamp with time zone DEFAULT NULL::timestamp with time zone, source uuid DEFAULT NULL::uuid, partition_key text DEFAULT NULL::text, idempotency_key text DEFAULT NULL::text) RETURNS lib_events.event_receipt
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select lib_event.check_write_request();
  select lib_event.check_backlog();
  select r
    from lib_event.record_events(array[row(event_type, payload, headers, occurred_at, source, partition_key,
           idempotency_key)::lib_event.event_input]) r;
$$;


--
-- Name: FUNCTION "create"(OUT receipt lib_events.event_receipt, event_type text, payload jsonb, headers jsonb, occurred_at timestamp with time zone, source uuid, partition_key text, idempotency_key text); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events."create"(OUT receipt lib_events.event_receipt, event_type text, payload jsonb, headers jsonb, occurred_at timestamp with time zone, source uuid, partition_key text, idempotency_key text) IS 'Record one event.

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
fails with 23505 (HTTP 409).

Over HTTP the body is one JSON object, checked on its JSON types as
create_many checks each event: event_type, occurred_at, source,
partition_key and idempotency_key are JSON strings (LE041 for a number,
object, array or boolean), occurred_at is an RFC 3339 date-time (22007 for
yesterday, epoch or a time without an offset), no other field (LE008). An
array or anything but an object: LE082 (several events go to create_many).
The request carries no query parameter but select (LE081). Nothing is
recorded when any of these is refused.';


--
-- Name: create_many(jsonb); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events.create_many(jsonb) RETURNS SETOF lib_events.event_receipt
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
  select lib_event.check_write_request();
  select lib_event.check_backlog();
  select r.*
    from lib_event.record_events(lib_event.event_inputs(
           case when pg_catalog.jsonb_typeof($1) = 'object' and $1 ? 'events'
                then $1 -> 'events' else $1 end)) r;
$_$;


--
-- Name: FUNCTION create_many(jsonb); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events.create_many(jsonb) IS 'Record up to 1000 events in one call, all or nothing; their receipts come back in the order sent.

The body is a JSON array of objects with the arguments of create (event_type,
payload, headers, occurred_at, source, partition_key, idempotency_key), or
{"events": [...]} with such an array. PostgREST passes a plain array only when
every object has the same keys (else 400 PGRST102); the {"events": [...]}
form takes events with different keys. Every event is checked as create
checks it; an error names the event (event 3 of 10: ...) and records nothing.
More than 1000 events: PT413 (HTTP 413). Retries with the same
idempotency_key return the original receipts. Listeners learn every id:
NOTIFY lib_event.created carries the new ids, comma-separated, at most 200 per
notification. Over HTTP the request carries no query parameter but select
(LE081): PostgREST would apply filters, order, limit and offset to the
receipts after the events were recorded.';


--
-- Name: erase(text, uuid[], text, jsonb, integer, boolean); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events.erase(reason text, event_ids uuid[] DEFAULT NULL::uuid[], partition_key text DEFAULT NULL::text, header jsonb DEFAULT NULL::jsonb, confirm integer DEFAULT NULL::integer, break_v1_proofs boolean DEFAULT false) RETURNS lib_events.erasure
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  holder lib_event.api_key;
  selected uuid[];
  missing uuid;
  unsearched text[] := '{}';
  result jsonb;
begin
  perform lib_event.check_write_request();
  holder := lib_event.request_key();
  if holder.api_key__id is null or not holder.may_erase then
    perform lib_event.count_refusal('PT403');
    raise exception using
      errcode = 'PT403',
      message = case when holder.api_key__id is null then 'erase needs an API key with the erase right'
                     else pg_catalog.format('the API key of %s does not have the erase right', holder.consumer) end,
      detail = 'POST /rpc/erase needs a key created with the erase right. Nothing was erased.',
      hint = 'Ask an operator for a key with it: npm run key:create -- --name <name> --role reader --erase. A privacy officer''s login in lib_event_eraser erases with npm run erase instead.';
  end if;
  perform lib_event.check_erase_selector(reason, event_ids, erase.partition_key, header);

  -- The events the key may read (lib_event.visible_event applies its
  -- scopes): an event outside them is, for it, no event.
  if event_ids is not null then
    select g.id into missing
      from pg_catalog.unnest(event_ids) g (id)
     where not exists (select from lib_event.visible_event e where e.event__id = g.id)
     limit 1;
    if missing is not null then
      -- Placed in the log, its row gone: its partition was archived and dropped.
      if not lib_event.read_scoped() and exists (select from lib_event.log_entry l where l.event__id = missing) then
        raise exception using errcode = 'LE095',
          message = pg_catalog.format('erase: event %s is in a partition that was archived and dropped: only its archive file holds it', missing),
          hint = 'Erase it with npm run erase -- --archive-dir <the archive directory>, which rewrites the file. Nothing was erased.';
      end if;
      raise exception using errcode = 'LE092',
        message = pg_catalog.format('erase: no event %s', missing),
        hint = 'Pass ids of recorded events the API key may read. Nothing was erased.';
    end if;
    selected := event_ids;
  else
    select pg_catalog.array_agg(e.event__id order by e.event__id) into selected
      from lib_event.visible_event e
     where e.erased_at is null
       and e.event_type::text not like 'lib\_event.%'
       and case when erase.partition_key is not null then e.partition_key = erase.partition_key
                else e.headers @> header end;
    if selected is null then
      raise exception using errcode = 'LE092',
        message = 'erase: the selector matches no event that holds content',
        hint = 'Check the selector; events already erased, events outside the API key''s scopes, and the log''s own lib_event.* events are not matched. Nothing was erased.';
    end if;
    select coalesce(pg_catalog.array_agg(a.partition order by a.partition), '{}') into unsearched
      from lib_event.partition_archive a
     where pg_catalog.to_regclass('lib_event.' || pg_catalog.quote_ident(a.partition)) is null;
  end if;

  -- Rows of a partition that has an archive file are refused there (LE095).
  result := lib_event.erase(reason, event_ids => selected, confirm => erase.confirm,
                            break_v1_proofs => coalesce(erase.break_v1_proofs, false));
  return row((result ->> 'erasure__id')::uuid, (result ->> 'erased_at')::timestamptz, holder.consumer::text, (result ->> 'erased')::integer,
             (result ->> 'unprovable')::integer, (result ->> 'deferred_payloads')::integer, (result ->> 'idempotency_keys')::integer,
             array(select pg_catalog.jsonb_array_elements_text(result -> 'event_ids')::uuid), unsearched)::lib_events.erasure;
end
$$;


--
-- Name: FUNCTION erase(reason text, event_ids uuid[], partition_key text, header jsonb, confirm integer, break_v1_proofs boolean); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events.erase(reason text, event_ids uuid[], partition_key text, header jsonb, confirm integer, break_v1_proofs boolean) IS 'Erase the personal data of events (for an API key with the erase right): payload, user headers and salt; every proof still holds.

Select by exactly one of event_ids, partition_key or header (events whose
headers contain it, e.g. {"subject": "user:42"}), with a reason; among the
events the key may read (its scopes). Past 100 events, confirm must be the
exact number matched; events recorded before salted leaves are refused
unless break_v1_proofs. Records a lib_event.event.erased event naming the
key''s consumer as who erased (erased_by), and returns its id, the ids
erased and the archived partitions the database could not search
(npm run erase -- --archive-dir erases those files). Errors: a key without
the erase right, PT403 (HTTP 403); no reason, LE090; not exactly one
non-empty selector, LE091; an id the key cannot read, or nothing matched,
LE092; past 100 without confirm, LE093; v1 events, LE094; an event in a
partition that has an archive file, LE095 (npm run erase -- --archive-dir
rewrites it); a partition being archived, LE096. Nothing is erased on any
error. POST /rpc/erase with {"reason": "GDPR request 2026-118", "header":
{"subject": "user:42"}}.';


--
-- Name: event_payload(uuid); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events.event_payload(event__id uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  found_payload jsonb;
begin
  select e.payload into found_payload from lib_event.visible_event e where e.event__id = event_payload.event__id;
  if not found then
    raise exception using
      errcode = 'PT404',
      message = pg_catalog.format('no event %s', event__id),
      hint = 'Pass the event__id of a recorded event.';
  end if;
  return found_payload;
end
$$;


--
-- Name: FUNCTION event_payload(event__id uuid); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events.event_payload(event__id uuid) IS 'The payload of one event, whatever its size: how a reader gets a payload that pages defer.

Pages of follow, find and the events view leave out payloads over 256 KiB of
JSON text (payload_deferred, with payload_size and payload_sha256); this
returns the payload itself. GET /rpc/event_payload?event__id=<id>. An unknown
id, or an event outside the API key''s scope: PT404 (HTTP 404).';


--
-- Name: explorer(); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events.explorer() RETURNS lib_events."text/html"
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
begin
  perform pg_catalog.set_config('response.headers', '[{"Content-Security-Policy":"default-src ''none''; script-src ''sha256-QzQSRub6XLv7F9l4kACrYw2Frh6TPzrVsMQwlOvcx8Y=''; style-src ''sha256-/HiNG5yK2AtGHn4dlY5zIBrezbEK4fXIC8PJJBaTvJc=''; connect-src ''self''; img-src ''self'' data:; base-uri ''none''; form-action ''none''; frame-ancestors ''none''"},{"X-Content-Type-Options":"nosniff"},{"Referrer-Policy":"no-referrer"},{"Cache-Control":"no-cache"}]', true);
  return '<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>lib_event explorer</title>
<style>
:root { color-scheme: light dark; --accent: #2457c5; --ok: #1a7f37; --bad: #c62828; font-family: system-ui, sans-serif; }
body { margin: 0 auto; max-width: 80rem; padding: 0 1rem 2rem; line-height: 1.4; }
header { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; }
h1 { font-size: 1.4rem; }
form#key-form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
#filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: 0.5rem 1rem; margin: 1rem 0; }
#filters label { display: block; font-size: 0.85rem; }
#filters input:not([type=checkbox]) { width: 100%; box-sizing: border-box; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; }
label.inline { display: inline-flex !important; gap: 0.3rem; align-items: center; }
input, button { font: inherit; padding: 0.3rem 0.5rem; }
button { cursor: pointer; }
button:focus-visible, input:focus-visible, pre:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
table { width: 100%; border-collapse: collapse; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #8884; vertical-align: top; }
td { overflow-wrap: anywhere; }
tr.fresh { background: #2457c522; }
button.link { background: none; border: none; color: var(--accent); text-decoration: underline; padding: 0; font-family: ui-monospace, monospace; font-size: 0.85rem; text-align: left; }
nav { display: flex; gap: 0.5rem; margin-top: 0.5rem; }
#status[data-kind=error] { color: var(--bad); font-weight: bold; }
.scope { border-left: 4px solid var(--accent); background: #2457c511; padding: 0.5rem 0.75rem; margin: 0.5rem 0; }
dialog { max-width: min(60rem, 95vw); width: 100%; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }
pre { background: #8881; padding: 0.5rem; overflow: auto; max-height: 20rem; }
.verified { color: var(--ok); font-weight: bold; }
.failed { color: var(--bad); font-weight: bold; }
@media (max-width: 40rem) {
  thead th:nth-child(3), tbody td:nth-child(3), thead th:nth-child(4), tbody td:nth-child(4) { display: none; }
  #filters { grid-template-columns: 1fr; }
}
</style>
</head>
<body>
<header>
  <h1>lib_event explorer</h1>
  <form id="key-form" autocomplete="off">
    <label for="api-key">Reader API key</label>
    <input id="api-key" name="api-key" type="password" spellcheck="false" placeholder="paste a reader key">
    <button type="submit">Use key</button>
    <button type="button" id="forget-key">Forget key</button>
  </form>
</header>
<main>
  <p id="key-help">The key stays in this tab only (sessionStorage), never in the address. A <strong>reader</strong> key reads events; a producer key cannot.</p>
  <p id="status" role="status" aria-live="polite"></p>
  <div id="key-scope" aria-live="polite"></div>
  <section id="explore" hidden>
    <form id="filters" aria-label="Filter events">
      <div><label for="f-type">Event type starts with</label><input id="f-type" placeholder="billing.invoice."></div>
      <div><label for="f-consumer">Consumer</label><input id="f-consumer" placeholder="billing"></div>
      <div><label for="f-tenant">Tenant</label><input id="f-tenant" placeholder="acme"></div>
      <div><label for="f-from">Recorded from (<span id="zone"></span>)</label><input id="f-from" type="datetime-local" step="1"></div>
      <div><label for="f-to">Recorded before</label><input id="f-to" type="datetime-local" step="1"></div>
      <div><label for="f-partition">Partition key</label><input id="f-partition" placeholder="invoice:INV-1"></div>
      <div><label for="f-header-name">Header</label><input id="f-header-name" placeholder="actor"></div>
      <div><label for="f-header-value">Header value</label><input id="f-header-value" placeholder="ada"></div>
      <div class="actions">
        <button type="submit">Search</button>
        <label class="inline"><input type="checkbox" id="live"> Watch new events</label>
      </div>
      <div class="actions">
        <label for="export-limit">Export at most</label><input id="export-limit" type="number" min="1" max="100000" value="10000">
        <button type="button" id="export">Export CSV</button>
      </div>
    </form>
    <table id="results" hidden>
      <caption>Events, newest first</caption>
      <thead><tr><th scope="col">Recorded</th><th scope="col">Event type</th><th scope="col">Consumer</th><th scope="col">Partition key</th><th scope="col">Event id</th></tr></thead>
      <tbody></tbody>
    </table>
    <nav aria-label="Pages">
      <button type="button" id="newer" disabled>Newer</button>
      <button type="button" id="older" disabled>Older</button>
    </nav>
  </section>
  <dialog id="event-dialog" aria-labelledby="event-title">
    <h2 id="event-title"></h2>
    <dl id="event-facts"></dl>
    <h3>Headers</h3>
    <pre id="event-headers" tabindex="0"></pre>
    <h3>Payload</h3>
    <pre id="event-payload" tabindex="0"></pre>
    <div class="actions">
      <button type="button" id="download" hidden>Download payload</button>
      <button type="button" id="verify">Verify</button>
      <button type="button" id="close">Close</button>
    </div>
    <div id="verify-result" aria-live="polite"></div>
  </dialog>
</main>
<script type="module">
// Checking, in the browser, that an event is what the log signed: its leaf
// hash recomputed from its content (db/verifiable-log.md), its inclusion
// proof folded up to the root (RFC 9162 2.1.3.2), that root found in a
// checkpoint, and the checkpoint''s Ed25519 signature checked with the log''s
// public key. WebCrypto does the SHA-256 and the Ed25519; nothing is taken
// on the server''s word but the public key the reader chose to trust.

const encoder = new TextEncoder();

const toHex = (bytes) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, ''0'')).join('''');
const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function sha256(...parts) {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest(''SHA-256'', joined));
}

/**
 * A time as the leaf encodes it: ISO 8601 in UTC with microseconds
 * (2026-01-05T10:00:00.123456Z), from the JSON PostgREST sends
 * (2026-01-05T11:00:00.123456+01:00, fraction and offset optional).
 */
function leafTime(text) {
  const match = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(Z|[+-]\d\d(?::?\d\d)?)$/.exec(text);
  if (!match) throw new Error(`not a time the log writes: ${text}`);
  const [, y, mo, d, h, mi, s, fraction = '''', zone] = match;
  let offsetMinutes = 0;
  if (zone !== ''Z'') {
    const sign = zone[0] === ''-'' ? -1 : 1;
    const digits = zone.slice(1).replace('':'', '''');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
  }
  const utc = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - offsetMinutes * 60_000);
  return `${utc.toISOString().slice(0, 19)}.${fraction.padEnd(6, ''0'')}Z`;
}

/** Each value as a leaf field: a 4-byte big-endian length and its UTF-8 bytes (null: ff ff ff ff, no bytes). */
function fields(values) {
  const parts = [];
  for (const value of values) {
    const length = new Uint8Array(4);
    if (value === null || value === undefined) {
      new DataView(length.buffer).setUint32(0, 0xffffffff);
      parts.push(length);
      continue;
    }
    const bytes = encoder.encode(value);
    new DataView(length.buffer).setUint32(0, bytes.length);
    parts.push(length, bytes);
  }
  return parts;
}

const ownFields = (event) => [event.event__id, event.event_type, leafTime(event.occurred_at), leafTime(event.created_at),
  event.source, event.partition_key, event.consumer];

/** Leaf v1: SHA-256 of 0x00 and the event''s fields, its headers and payload included. */
function leafHash(event) {
  return sha256(new Uint8Array([0]), ...fields([...ownFields(event), event.headers, event.payload]));
}

/** The salted commitment to an event''s content: SHA-256 of the salt, then headers and payload as leaf fields. */
function contentCommitment(saltHex, headers, payload) {
  return sha256(fromHex(saltHex), ...fields([headers, payload]));
}

/** Leaf v2: SHA-256 of 0x00, "lib_event.leaf/2", the event''s own fields and its commitment in hex. */
function leafHashV2(event, commitment) {
  return sha256(new Uint8Array([0]), ...fields([''lib_event.leaf/2'', ...ownFields(event), toHex(commitment)]));
}

/**
 * The leaf an event''s content gives, by its format (the inclusion proof''s
 * `leaf`): v1 from the content; v2 from the content and salt; an erased v2
 * event from the commitment kept in its place (its content is gone).
 */
async function eventLeaf(event, leaf) {
  if (!leaf || leaf.format === 1) return { kind: ''v1'', hash: await leafHash(event) };
  if (leaf.content_salt === null) return { kind: ''erased'', hash: await leafHashV2(event, fromHex(leaf.content_commitment)) };
  return { kind: ''v2'', hash: await leafHashV2(event, await contentCommitment(leaf.content_salt, event.headers, event.payload)) };
}

const nodeHash = (left, right) => sha256(new Uint8Array([1]), left, right);

/** RFC 9162 2.1.3.2: the root the audit path leads to from the leaf at leafIndex of a tree of treeSize, or null if it cannot. */
async function rootFromInclusion(leafIndex, treeSize, leaf, path) {
  if (leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const sibling of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(sibling, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** An Ed25519 public key from its PEM (SPKI), for WebCrypto. */
function importPublicKey(pem) {
  const der = fromBase64(pem.replace(/-----[^-]+-----/g, '''').replace(/\s+/g, ''''));
  return crypto.subtle.importKey(''spki'', der, { name: ''Ed25519'' }, false, [''verify'']);
}

/**
 * The tree size and root hash (hex) a checkpoint''s signed text states: a
 * C2SP tlog-checkpoint note (origin, decimal size, base64 root, then any
 * extension lines) or an earlier lib_event checkpoint v1 text.
 */
function checkpointClaim(signedText) {
  const v1 = /^lib_event checkpoint v1\ntree_size (\d+)\nroot ([0-9a-f]{64})\n/.exec(signedText);
  if (v1) return { size: Number(v1[1]), root: v1[2] };
  const lines = signedText.split(''\n'');
  if (lines.length >= 4 && /^[1-9]\d*$|^0$/.test(lines[1]) && /^[A-Za-z0-9+/]{43}=$/.test(lines[2])) {
    return { size: Number(lines[1]), root: toHex(fromBase64(lines[2])) };
  }
  return null;
}

/**
 * Every step for one event: each { step, ok, detail }; ok overall when all
 * passed. `event` holds the fields as text (headers and payload as
 * PostgreSQL prints jsonb), `proof` is /rpc/inclusion_proof''s answer,
 * `checkpoint` the /checkpoints row of its tree size, `publicKeyPem` the
 * key from /log_keys.
 */
async function verifyEvent({ event, proof, checkpoint, publicKeyPem }) {
  const steps = [];
  const computed = await eventLeaf(event, proof.leaf);
  const leaf = computed.hash;
  const what = computed.kind === ''erased''
    ? ''The event was erased; its fields and the commitment kept in place of its content hash''
    : "The event''s content hashes";
  steps.push({
    step: ''content'', ok: toHex(leaf) === proof.leaf_hash,
    detail: toHex(leaf) === proof.leaf_hash
      ? `${what} to leaf ${proof.leaf_hash.slice(0, 16)}… (format ${computed.kind === ''v1'' ? 1 : 2}), the leaf at position ${proof.position}.`
      : `${what} to ${toHex(leaf).slice(0, 16)}…, but the log''s leaf at position ${proof.position} is ${proof.leaf_hash.slice(0, 16)}…: the event was changed after it was recorded.`,
  });
  const root = await rootFromInclusion(proof.leaf_index, proof.tree_size, leaf, proof.path.map(fromHex));
  const claim = checkpointClaim(checkpoint.signed_text);
  const included = root !== null && claim !== null && claim.size === proof.tree_size && toHex(root) === claim.root;
  steps.push({
    step: ''inclusion'', ok: included,
    detail: included
      ? `Its audit path (${proof.path.length} hashes) leads to the root ${claim.root.slice(0, 16)}… of the tree of ${proof.tree_size} events.`
      : `Its audit path does not lead to the root the checkpoint of ${proof.tree_size} events states.`,
  });
  let signed = false;
  try {
    const key = await importPublicKey(publicKeyPem);
    signed = await crypto.subtle.verify({ name: ''Ed25519'' }, key, fromBase64(checkpoint.signature), encoder.encode(checkpoint.signed_text));
  } catch {
    signed = false;
  }
  steps.push({
    step: ''signature'', ok: signed,
    detail: signed
      ? `That checkpoint was signed at ${checkpoint.signed_at} with the log''s key ${checkpoint.key_id}.`
      : `The checkpoint''s signature does not check with the key ${checkpoint.key_id}.`,
  });
  return { ok: steps.every((s) => s.ok), steps };
}

// The explorer: a person''s way through the events, over the same HTTP API
// as everyone else''s (db/http-api.md). The API key stays in sessionStorage
// (gone with the tab, never in a URL); pages move by event id (UUIDv7, so
// in recording order), never with a count over the whole log. A scoped key
// (GET /rpc/api_key says so) sees only its share: the page says which.

const pageSize = 50;
const listColumns = ''event__id,event_type,created_at,consumer,partition_key,payload_deferred,erased_at'';
const $ = (id) => document.getElementById(id);
const state = { key: sessionStorage.getItem(''lib_event.api_key'') ?? '''', pages: [], live: null, seen: new Set(), scoped: false };

/** A time in the reader''s time zone, to the second; the stored UTC in its title. */
const localTime = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: ''medium'', timeStyle: ''medium'' });
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, { accept = ''application/json'', text = false } = {}) {
  const response = await fetch(path, { headers: { ''X-Api-Key'': state.key, Accept: accept } });
  if (!response.ok) {
    let body;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    throw new ApiError(response.status, body);
  }
  return text ? response.text() : response.json();
}

/** What went wrong, said for a person: a 401 or 403 explained, anything else as the API says it. */
function explain(error) {
  if (error instanceof ApiError && error.status === 401) {
    return ''This API key is unknown or revoked (401). Check it, or ask an operator for a reader key.'';
  }
  if (error instanceof ApiError && error.status === 403) {
    return ''This key may not read events (403): it is a producer key, which records events but cannot read them. Use a reader key.'';
  }
  if (error instanceof ApiError) return `${error.message}${error.body?.hint ? ` ${error.body.hint}` : ''''} (HTTP ${error.status}${error.body?.code ? `, ${error.body.code}` : ''''})`;
  return `The API could not be reached: ${error.message}`;
}

function say(message, kind = ''info'') {
  const status = $(''status'');
  status.textContent = message;
  status.dataset.kind = kind;
}

/** The filter form as PostgREST query parameters (without paging). */
function filterParams() {
  const params = new URLSearchParams();
  const value = (id) => $(id).value.trim();
  if (value(''f-type'')) params.append(''event_type'', `like.${value(''f-type'').replaceAll(''*'', '''')}*`);
  if (value(''f-consumer'')) params.append(''consumer'', `eq.${value(''f-consumer'')}`);
  if (value(''f-tenant'')) params.append(''tenant'', `eq.${value(''f-tenant'')}`);
  if (value(''f-partition'')) params.append(''partition_key'', `eq.${value(''f-partition'')}`);
  // datetime-local is the reader''s local time; the API gets UTC.
  if (value(''f-from'')) params.append(''created_at'', `gte.${new Date(value(''f-from'')).toISOString()}`);
  if (value(''f-to'')) params.append(''created_at'', `lt.${new Date(value(''f-to'')).toISOString()}`);
  if (value(''f-header-name'')) params.append(''headers'', `cs.${JSON.stringify({ [value(''f-header-name'')]: value(''f-header-value'') })}`);
  return params;
}

function matchesFilters(event) {
  const value = (id) => $(id).value.trim();
  if (value(''f-type'') && !event.event_type.startsWith(value(''f-type'').replaceAll(''*'', ''''))) return false;
  if (value(''f-consumer'') && event.consumer !== value(''f-consumer'')) return false;
  if (value(''f-tenant'') && event.tenant !== value(''f-tenant'')) return false;
  if (value(''f-partition'') && event.partition_key !== value(''f-partition'')) return false;
  if (value(''f-header-name'') && String(event.headers?.[value(''f-header-name'')] ?? '''') !== value(''f-header-value'')) return false;
  return true;
}

function row(event, fresh = false) {
  const tr = document.createElement(''tr'');
  if (fresh) tr.className = ''fresh'';
  const cells = [
    [localTime(event.created_at), event.created_at],
    [event.erased_at ? `${event.event_type} (erased)` : event.event_type], [event.consumer], [event.partition_key ?? ''—''],
  ];
  for (const [text, title] of cells) {
    const td = document.createElement(''td'');
    td.textContent = text;
    if (title) td.title = `${title} (UTC as stored)`;
    tr.append(td);
  }
  const td = document.createElement(''td'');
  const open = document.createElement(''button'');
  open.type = ''button'';
  open.className = ''link'';
  open.textContent = event.event__id;
  open.setAttribute(''aria-label'', `Open event ${event.event__id} (${event.event_type})`);
  open.addEventListener(''click'', () => openEvent(event.event__id));
  td.append(open);
  tr.append(td);
  return tr;
}

/** Load the page of events older than `before` (an event id), or the newest. */
async function loadPage(before) {
  const params = filterParams();
  params.set(''select'', listColumns);
  params.set(''order'', ''event__id.desc'');
  params.set(''limit'', String(pageSize + 1));
  if (before) params.append(''event__id'', `lt.${before}`);
  say(''Loading…'');
  const started = performance.now();
  try {
    const rows = await api(`/events?${params}`);
    const elapsed = Math.round(performance.now() - started);
    const page = rows.slice(0, pageSize);
    const body = $(''results'').tBodies[0];
    body.replaceChildren(...page.map((event) => row(event)));
    state.hasOlder = rows.length > pageSize;
    $(''older'').disabled = !state.hasOlder;
    $(''newer'').disabled = state.pages.length === 0;
    $(''results'').hidden = page.length === 0;
    document.body.dataset.firstPageMs = String(elapsed);
    say(page.length === 0
      ? `No events match these filters${state.scoped ? '' among those this key may see'' : ''''}.`
      : `${page.length} events${state.hasOlder ? '' (more below: Older)'' : ''''}, newest first. Times in ${zone}.`);
    return page;
  } catch (error) {
    $(''results'').hidden = true;
    say(explain(error), ''error'');
    return [];
  }
}

let currentPage = [];
async function search() {
  state.pages = [];
  currentPage = await loadPage();
}
async function older() {
  if (!currentPage.length) return;
  state.pages.push(currentPage[0].event__id);
  currentPage = await loadPage(currentPage.at(-1).event__id);
}
async function newer() {
  state.pages.pop();
  const top = state.pages.at(-1);
  // The page whose newest event is just older than the one before it.
  currentPage = top ? await loadPageFrom(top) : await loadPage();
}
async function loadPageFrom(newestId) {
  const params = filterParams();
  params.set(''select'', ''event__id'');
  params.set(''order'', ''event__id.asc'');
  params.append(''event__id'', `gt.${newestId}`);
  params.set(''limit'', ''1'');
  const [after] = await api(`/events?${params}`).catch(() => []);
  return loadPage(after?.event__id);
}

/** The event with its headers and payload as PostgreSQL prints them: what its leaf hash commits to. */
async function fetchEvent(id) {
  const params = new URLSearchParams({
    select: ''*,headers_text:headers::text,payload_text:payload::text'', event__id: `eq.${id}`, limit: ''1'',
  });
  const [event] = await api(`/events?${params}`);
  if (!event) throw new Error(`no event ${id}`);
  return event;
}

async function openEvent(id) {
  const dialog = $(''event-dialog'');
  $(''verify-result'').replaceChildren();
  $(''event-title'').textContent = id;
  $(''event-facts'').replaceChildren();
  $(''event-headers'').textContent = '''';
  $(''event-payload'').textContent = '''';
  $(''download'').hidden = true;
  dialog.showModal();
  try {
    const event = await fetchEvent(id);
    dialog.dataset.eventId = id;
    const facts = [
      [''Event type'', event.event_type], [''Recorded'', `${localTime(event.created_at)} (${event.created_at} UTC)`],
      [''Occurred'', `${localTime(event.occurred_at)} (${event.occurred_at})`], [''Consumer'', event.consumer],
      [''Tenant'', event.tenant ?? ''—''],
      [''Partition key'', event.partition_key ?? ''—''], [''Source'', event.source ?? ''—''],
    ];
    for (const [term, description] of facts) {
      const dt = document.createElement(''dt'');
      dt.textContent = term;
      const dd = document.createElement(''dd'');
      dd.textContent = description;
      $(''event-facts'').append(dt, dd);
    }
    $(''event-headers'').textContent = JSON.stringify(event.headers, null, 2);
    if (event.erased_at) {
      const dt = document.createElement(''dt'');
      dt.textContent = ''Erased'';
      const dd = document.createElement(''dd'');
      dd.textContent = `${localTime(event.erased_at)}, by the erasure recorded as event ${event.erasure__id}: its payload and own headers are gone; its proof still holds.`;
      $(''event-facts'').append(dt, dd);
      $(''event-payload'').textContent = ''Erased.'';
    } else if (event.payload_deferred) {
      $(''event-payload'').textContent = `The payload is ${event.payload_size.toLocaleString()} bytes of JSON: download it.`;
      $(''download'').hidden = false;
    } else {
      $(''event-payload'').textContent = event.payload === null ? ''null'' : JSON.stringify(event.payload, null, 2);
    }
  } catch (error) {
    $(''event-payload'').textContent = explain(error);
  }
}

async function downloadPayload() {
  const id = $(''event-dialog'').dataset.eventId;
  try {
    const text = await api(`/rpc/event_payload?event__id=${id}`, { text: true });
    const link = document.createElement(''a'');
    link.href = URL.createObjectURL(new Blob([text], { type: ''application/json'' }));
    link.download = `${id}.payload.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  } catch (error) {
    say(explain(error), ''error'');
  }
}

async function verify() {
  const id = $(''event-dialog'').dataset.eventId;
  const out = $(''verify-result'');
  // No result until this check has one: the last event''s must not stand for it.
  delete out.dataset.result;
  out.replaceChildren(Object.assign(document.createElement(''p''), { textContent: ''Checking…'' }));
  try {
    const event = await fetchEvent(id);
    const payload = event.payload_deferred ? await api(`/rpc/event_payload?event__id=${id}`, { text: true }) : event.payload_text;
    const proof = await api(`/rpc/inclusion_proof?event__id=${id}`);
    const [checkpoint] = await api(`/checkpoints?tree_size=eq.${proof.tree_size}&limit=1`);
    if (!checkpoint) throw new Error(`no checkpoint of ${proof.tree_size} events`);
    const [key] = await api(`/log_keys?key_id=eq.${encodeURIComponent(checkpoint.key_id)}&limit=1`);
    const result = await verifyEvent({
      event: { ...event, headers: event.headers_text, payload },
      proof, checkpoint, publicKeyPem: key.public_key,
    });
    const heading = document.createElement(''p'');
    heading.className = result.ok ? ''verified'' : ''failed'';
    heading.textContent = result.ok
      ? `Verified: this event is position ${proof.position} of the log''s tree of ${proof.tree_size} events, as signed.`
      : ''Verification FAILED: what this page shows is not what the log signed.'';
    const list = document.createElement(''ul'');
    for (const step of result.steps) {
      const li = document.createElement(''li'');
      li.textContent = `${step.ok ? ''✓'' : ''✗''} ${step.detail}`;
      list.append(li);
    }
    out.replaceChildren(heading, list);
    out.dataset.result = result.ok ? ''verified'' : ''failed'';
  } catch (error) {
    out.replaceChildren(Object.assign(document.createElement(''p''), { className: ''failed'', textContent: explain(error) }));
    out.dataset.result = ''error'';
  }
}

async function exportCsv() {
  const params = filterParams();
  params.set(''select'', ''event__id,event_type,occurred_at,created_at,source,partition_key,consumer,tenant,headers,payload'');
  params.set(''order'', ''event__id.desc'');
  params.set(''limit'', $(''export-limit'').value || ''10000'');
  try {
    const csv = await api(`/events?${params}`, { accept: ''text/csv'', text: true });
    const link = document.createElement(''a'');
    link.href = URL.createObjectURL(new Blob([csv], { type: ''text/csv'' }));
    link.download = ''events.csv'';
    link.click();
    URL.revokeObjectURL(link.href);
    say(`Exported ${Math.max(csv.split(''\n'').length - 2, 0)} events as CSV.`);
  } catch (error) {
    say(explain(error), ''error'');
  }
}

/** Watch: follow the log from its head, new matching events on top. */
async function watch(on) {
  clearTimeout(state.live?.timer);
  state.live = null;
  if (!on) return;
  try {
    const cursor = await api(''/rpc/follow_head'');
    state.live = { cursor };
    const poll = async () => {
      if (!state.live) return;
      try {
        const events = await api(`/rpc/follow?cursor=${encodeURIComponent(state.live.cursor)}&page_size=100`);
        if (events.length) state.live.cursor = events.at(-1).cursor;
        const body = $(''results'').tBodies[0];
        for (const event of events.filter(matchesFilters)) {
          body.prepend(row(event, true));
          $(''results'').hidden = false;
        }
        if (events.length) say(`${events.length} new events arrived.`);
      } catch (error) {
        say(explain(error), ''error'');
      }
      if (state.live) state.live.timer = setTimeout(poll, 1000);
    };
    state.live.timer = setTimeout(poll, 0);
  } catch (error) {
    $(''live'').checked = false;
    say(explain(error), ''error'');
  }
}

/** "a", "a or b", "a, b or c". */
const either = (values) => (values.length < 2 ? values.join('''') : `${values.slice(0, -1).join('', '')} or ${values.at(-1)}`);

/**
 * What a scoped key sees, in a sentence, from GET /rpc/api_key; null for a
 * key that sees every event (nothing to say) and for a producer key (it
 * reads nothing: the search says so).
 */
function scopeText(key) {
  if (!key.scoped || key.access === ''producer'') return null;
  const limits = [];
  if (key.event_types) limits.push(`of event type ${either(key.event_types)}`);
  if (key.tenants) limits.push(`of tenant ${either(key.tenants)}`);
  if (key.consumers) limits.push(`recorded by ${either(key.consumers)}`);
  return `This key (${key.consumer}) sees only events ${limits.join('', '')}. Other events are hidden from it: `
    + ''they are not listed, counted, exported, watched or proven, so the log positions it sees have gaps.'';
}

/** Say what the key in use may see, once the API has described it. */
async function describeKey(key) {
  const out = $(''key-scope'');
  out.replaceChildren();
  delete out.dataset.access;
  state.scoped = false;
  if (!key) return;
  let described;
  try {
    described = await api(''/rpc/api_key'');
  } catch {
    return; // An unknown or revoked key: the search explains it.
  }
  if (state.key !== key) return;
  out.dataset.access = described.access;
  const text = scopeText(described);
  if (!text) return;
  state.scoped = true;
  const note = document.createElement(''p'');
  note.className = ''scope'';
  note.setAttribute(''role'', ''note'');
  note.append(Object.assign(document.createElement(''strong''), { textContent: ''Scoped key. '' }), text);
  out.replaceChildren(note);
}

function useKey(key) {
  state.key = key;
  if (key) sessionStorage.setItem(''lib_event.api_key'', key);
  else sessionStorage.removeItem(''lib_event.api_key'');
  $(''explore'').hidden = !key;
  $(''key-help'').hidden = Boolean(key);
  describeKey(key);
  if (key) search();
  else say(''Enter a reader API key to look at the events.'');
}

$(''key-form'').addEventListener(''submit'', (e) => {
  e.preventDefault();
  useKey($(''api-key'').value.trim());
  $(''api-key'').value = '''';
});
$(''forget-key'').addEventListener(''click'', () => useKey(''''));
$(''filters'').addEventListener(''submit'', (e) => {
  e.preventDefault();
  search();
});
$(''older'').addEventListener(''click'', older);
$(''newer'').addEventListener(''click'', newer);
$(''export'').addEventListener(''click'', exportCsv);
$(''live'').addEventListener(''change'', (e) => watch(e.target.checked));
$(''verify'').addEventListener(''click'', verify);
$(''download'').addEventListener(''click'', downloadPayload);
$(''close'').addEventListener(''click'', () => $(''event-dialog'').close());
$(''zone'').textContent = zone;
useKey(state.key);
</script>
</body>
</html>
';
end
$_$;


--
-- Name: FUNCTION explorer(); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events.explorer() IS 'The events explorer: a page for analysts and auditors to filter, page through, export and verify events in a browser. Open GET /rpc/explorer.

It needs no key to load; it then asks for a reader key, kept in the tab''s
sessionStorage, and reads through the same API as everyone else. Verify
checks an event''s inclusion proof and its checkpoint''s signature in the
browser. Built from db/explorer/ (scripts/generate/explorer-page.ts).';


--
-- Name: find(text, text, timestamp with time zone, timestamp with time zone, text, integer, text); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events.find(event_type text DEFAULT NULL::text, consumer text DEFAULT NULL::text, created_from timestamp with time zone DEFAULT NULL::timestamp with time zone, created_to timestamp with time zone DEFAULT NULL::timestamp with time zone, cursor text DEFAULT NULL::text, page_size integer DEFAULT 100, type text DEFAULT NULL::text) RETURNS SETOF lib_events.found_event
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
  wanted_type text := lib_event.one_of('event_type', event_type, 'type', type);
  after_created_at timestamptz;
  after_event__id uuid;
  conditions text[];
  e record;
  page_bytes bigint := 0;
  row_bytes bigint;
begin
  if page_size is null or page_size < 1 then
    raise exception using
      errcode = 'LE021',
      message = pg_catalog.format('page_size must be at least 1, not %s', coalesce(page_size::text, 'null')),
      hint = 'Leave page_size out for 100 events per page, or send 1 to 1000.';
  end if;
  if page_size > 1000 then
    raise exception using
      errcode = 'PT413',
      message = pg_catalog.format('page_size %s is more than the 1000 allowed', page_size),
      hint = 'Ask for at most 1000 events per page and follow the cursor for more.';
  end if;

  if cursor is not null then
    select p.created_at, p.event__id into after_created_at, after_event__id
      from lib_event.find_position(cursor) p;
    -- find issues the positions of recorded events only: a forged one (or
    -- one whose event retention has since removed) is refused.
    if not exists (select from lib_event.visible_event recorded
                    where recorded.event__id = after_event__id and recorded.created_at = after_created_at) then
      raise exception using
        errcode = 'LE020',
        message = pg_catalog.format('cursor %s is not one that find returned',
          pg_catalog.quote_literal(pg_catalog.left(cursor, 100))),
        detail = 'No recorded event is at that position.',
        hint = 'Send the cursor column of the last row of the previous page unchanged, or no cursor for the first page.';
    end if;
  end if;

  conditions := lib_event.find_conditions(wanted_type, consumer, created_from, created_to, cursor is not null);

  -- A deferred payload is never read (the CASE leaves it in storage); the
  -- page ends before it passes the byte budget, after at least one event.
  for e in execute pg_catalog.format(
    'select e.event__id, e.event_type::text as event_type, e.consumer::text as consumer, e.created_at, e.occurred_at,
            e.source, e.partition_key::text as partition_key, e.headers,
            case when d.event__id is null then e.payload end as payload,
            lib_event.find_cursor(e.created_at, e.event__id) as cursor,
            d.event__id is not null as payload_deferred, d.payload_size,
            pg_catalog.encode(d.payload_sha256, ''hex'') as payload_sha256,
            e.tenant::text as tenant, e.erased_at, e.erasure__id
       from %s e
       left join lib_event.deferred_payload d on d.event__id = e.event__id
      %s
      order by e.created_at desc, e.event__id desc
      limit $7',
    -- One relation, as each branch of lib_event.visible_event: under the
    -- scope policy for a key with a read scope, past it for any other.
    case when lib_event.read_scoped() then 'lib_event.scoped_event' else 'lib_event.every_event' end,
    case when pg_catalog.cardinality(conditions) > 0
         then 'where ' || pg_catalog.array_to_string(conditions, ' and ') else '' end)
    using wanted_type, consumer, created_from, created_to, after_created_at, after_event__id, page_size
  loop
    row_bytes := pg_catalog.octet_length(e.headers::text) + coalesce(pg_catalog.octet_length(e.payload::text), 0);
    exit when page_bytes > 0 and page_bytes + row_bytes > lib_event.page_budget_bytes();
    page_bytes := page_bytes + row_bytes;
    return next row(e.event__id, e.event_type, e.consumer, e.created_at, e.occurred_at, e.source, e.partition_key,
                    e.headers, e.payload, e.cursor, e.payload_deferred, e.payload_size, e.payload_sha256,
                    e.tenant, e.erased_at, e.erasure__id)::lib_events.found_event;
  end loop;
end
$_$;


--
-- Name: FUNCTION find(event_type text, consumer text, created_from timestamp with time zone, created_to timestamp with time zone, cursor text, page_size integer, type text); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events.find(event_type text, consumer text, created_from timestamp with time zone, created_to timestamp with time zone, cursor text, page_size integer, type text) IS 'Find events, newest first, a page at a time.

Every argument is optional: event_type (exact), consumer, created_from
(inclusive) and created_to (exclusive) as ISO 8601 times, page_size (1 to
1000, default 100); type, the name the first version of find took for
event_type, is still taken.
Each row carries a cursor: send the last row''s cursor to get the next page;
an empty page is the last. A page also ends before its headers and payloads
pass 16 MiB (always with at least one event), and a payload over 256 KiB is
deferred: payload is null, payload_deferred true, with payload_size and
payload_sha256; GET /rpc/event_payload returns it.
Over HTTP: GET /rpc/find?event_type=billing.invoice.paid&created_from=2026-01-01T00:00:00Z.
A cursor that find did not return: LE020 (HTTP 400); page_size below 1: LE021
(HTTP 400); above 1000: PT413 (HTTP 413); type and event_type that disagree:
LE080 (HTTP 400). A scoped API key finds only the events of its scope
(db/security.md); an erased event shows erased_at and erasure__id. Find searches; to follow every new event in log order, use
lib_events.follow.';


--
-- Name: follow(text, integer, text, integer); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events.follow(cursor text DEFAULT NULL::text, page_size integer DEFAULT NULL::integer, after text DEFAULT NULL::text, max integer DEFAULT NULL::integer) RETURNS SETOF lib_events.followed_event
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  e record;
  page_bytes bigint := 0;
  row_bytes bigint;
begin
  -- A deferred payload is never read: the CASE leaves it in storage. An
  -- event whose partition was archived and dropped has a position and no
  -- row: it is passed over.
  for e in
    select f.event__id, f.event_type::text as event_type, f.occurred_at, f.created_at, f.source,
           f.partition_key::text as partition_key, f.consumer::text as consumer, f.headers,
           case when d.event__id is null then f.payload end as payload,
           l.position::text as cursor,
           d.event__id is not null as payload_deferred, d.payload_size,
           pg_catalog.encode(d.payload_sha256, 'hex') as payload_sha256, l.position,
           f.tenant::text as tenant, f.erased_at, f.erasure__id
      from lib_event.log_entry l
      join lib_event.visible_event f on f.event__id = l.event__id
      left join lib_event.deferred_payload d on d.event__id = l.event__id
     where l.position > lib_event.follow_position(lib_event.one_of('cursor', cursor, 'after', after))
     order by l.position
     limit lib_event.check_follow_page_size(lib_event.one_of('page_size', page_size, 'max', max))
  loop
    row_bytes := pg_catalog.octet_length(e.headers::text) + coalesce(pg_catalog.octet_length(e.payload::text), 0);
    exit when page_bytes > 0 and page_bytes + row_bytes > lib_event.page_budget_bytes();
    page_bytes := page_bytes + row_bytes;
    return next row(e.event__id, e.event_type, e.occurred_at, e.created_at, e.source, e.partition_key, e.consumer,
                    e.headers, e.payload, e.cursor, e.payload_deferred, e.payload_size, e.payload_sha256,
                    e.position, e.cursor, e.tenant, e.erased_at, e.erasure__id)::lib_events.followed_event;
  end loop;
end
$$;


--
-- Name: FUNCTION follow(cursor text, page_size integer, after text, max integer); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events.follow(cursor text, page_size integer, after text, max integer) IS 'Read the log in order from a cursor: at most page_size events after it, each with its position and the cursor to resume from.

Call with the cursor of the last event you took and a page size (page_size,
1 to 1000, default 100); leave cursor out to start from the first event.
Events come in log order: by position, 1, 2, 3, ..., which the sequencer
gives each committed event in an order where none can later appear before
one already placed. A reader that resumes from the last cursor it took
never skips an event and never gets one twice, in this database or in a
restored copy of it. An empty answer means nothing new yet: keep your
cursor and ask again (wake on NOTIFY lib_event.sequenced, whose payload is
the new number of events in the log). A page also ends before its headers
and payloads pass 16 MiB (it always holds at least one event): a page
shorter than page_size is not the end of the log. A payload over 256 KiB is
deferred: payload is null, payload_deferred true, with payload_size and
payload_sha256; GET /rpc/event_payload returns it. after and max are the
older names of cursor and page_size, and checkpoint of the cursor column;
cursors of the earlier form (<transaction id>/<event id>) are accepted.
A scoped API key follows only the events of its scope: positions stay
the log''s, so its feed has gaps, and its cursors work the same
(db/following.md). An erased event shows erased_at and erasure__id.
Errors: LE030 for a malformed cursor, LE033 for one this log does not hold,
LE031 for page_size out of range, LE080 for a name and its older name with
different values.
GET /rpc/follow?cursor=<cursor>&page_size=100.';


--
-- Name: follow_head(); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events.follow_head() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select lib_event.tree_size()::text;
$$;


--
-- Name: FUNCTION follow_head(); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events.follow_head() IS 'The cursor of the newest event in the log: start here to follow only what comes next.

lib_events.follow(cursor => <this>) returns every event placed in the log
after it, including those whose transactions are still running now. On an
empty log it is the beginning of the log ("0"). GET /rpc/follow_head.';


--
-- Name: health(); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events.health() RETURNS json
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  answer json;
  all_healthy boolean;
begin
  select pg_catalog.bool_and(i.healthy),
         pg_catalog.json_build_object(
           'healthy', pg_catalog.bool_and(i.healthy),
           'unhealthy', coalesce(pg_catalog.json_agg(pg_catalog.concat_ws(':', i.item, i.subject) order by i.item, i.subject)
                                   filter (where not i.healthy), '[]'),
           'checked_at', pg_catalog.now(),
           'log_size', lib_event.tree_size(),
           'items', pg_catalog.json_agg(pg_catalog.json_build_object(
             'item', i.item, 'subject', i.subject, 'value', i.value, 'unit', i.unit,
             'healthy_when', i.healthy_when, 'healthy', i.healthy, 'meaning', i.meaning) order by i.item, i.subject),
           'activity', (select pg_catalog.json_build_object(
               'keys_active', pg_catalog.count(*) filter (where k.revoked_at is null),
               'keys_used_last_day', pg_catalog.count(*) filter (where k.last_used_at > pg_catalog.now() - interval '1 day'),
               'consumers_recorded_last_day', (
                 select pg_catalog.count(*) from (select distinct a.consumer from lib_event.api_key a where a.revoked_at is null) c
                  where exists (select from lib_event.event e
                                 where e.consumer = c.consumer and e.created_at > pg_catalog.now() - interval '1 day')))
             from lib_event.api_key k))
    into all_healthy, answer
    from lib_event.health_items() i;
  -- A load balancer or a probe reads the status; a person reads the body.
  -- 500, not 503: PostgREST 16.2 answers any 503 by reloading its schema
  -- cache and flushing its connection pool (App.hs, isServiceUnavailable),
  -- which a probe polling an unhealthy log would repeat every few seconds.
  if not all_healthy then
    perform pg_catalog.set_config('response.status', '500', true);
  end if;
  return answer;
end
$$;


--
-- Name: FUNCTION health(); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events.health() IS 'Whether lib_event is keeping up: each item of its state, its healthy range and whether it is inside it; HTTP 500 when one is not (not 503, which PostgREST takes for a lost database: db/operations.md).

No key needed, nothing secret: counts and ages, and the names of relays and
bridges. Items: sequencer_backlog_events and sequencer_backlog_age (events
recorded but not yet in the log), checkpoint_age, relay_lag_events and
bridge_lag_events (per relay and bridge), partitions_ahead,
events_outside_partitions, partitions_past_retention, archive_failed; their
ranges are in lib_event.health_limit. activity counts the keys not revoked,
those used in the last day (keys_used_last_day: lib_event.api_key.last_used_at,
noted while the sequencer runs) and the consumers that recorded in the last
day. npm run status prints the
same for a person; GET /rpc/metrics gives it to Prometheus.';


--
-- Name: inclusion_proof(uuid, bigint); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events.inclusion_proof(event__id uuid, tree_size bigint DEFAULT NULL::bigint) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
  size bigint := coalesce(tree_size, (select pg_catalog.max(c.tree_size) from lib_event.log_checkpoint c));
  entry lib_event.log_entry;
begin
  select * into entry from lib_event.log_entry l where l.event__id = inclusion_proof.event__id;
  if not found then
    if not exists (select from lib_event.visible_event e where e.event__id = inclusion_proof.event__id) then
      raise exception using
        errcode = 'PT404',
        message = pg_catalog.format('no event %s', inclusion_proof.event__id),
        hint = 'Pass the event__id of a recorded event (the receipt of create gives it).';
    end if;
    raise exception using
      errcode = 'LE071',
      message = pg_catalog.format('event %s is not sequenced', inclusion_proof.event__id),
      hint = 'An event gets its position moments after it is recorded; ask again shortly.';
  end if;
  -- A scoped key proves only the events it may read: any other is, for
  -- it, no event (the policy on lib_event.event hides its row).
  if lib_event.read_scoped()
     and not exists (select from lib_event.visible_event e where e.event__id = inclusion_proof.event__id) then
    raise exception using
      errcode = 'PT404',
      message = pg_catalog.format('no event %s', inclusion_proof.event__id),
      hint = 'Pass the event__id of a recorded event your API key may read.';
  end if;
  perform lib_event.check_tree_size(size, 'tree_size');
  if entry.position > size then
    raise exception using
      errcode = 'LE071',
      message = pg_catalog.format('event %s is at position %s, after the tree of size %s', inclusion_proof.event__id, entry.position, size),
      hint = 'Ask against a later checkpoint.';
  end if;
  return pg_catalog.jsonb_build_object(
    'event__id', entry.event__id, 'position', entry.position, 'leaf_index', entry.position - 1, 'tree_size', size,
    'leaf_hash', pg_catalog.encode(entry.leaf_hash, 'hex'),
    'root_hash', pg_catalog.encode(lib_event.tree_root(size), 'hex'),
    'path', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.encode(h, 'hex') order by n), '[]')
               from pg_catalog.unnest(lib_event.inclusion_path(entry.position - 1, 0, size)) with ordinality p(h, n)),
    'bundle', lib_event.proof_bundle(entry.position - 1, size, entry.leaf_hash),
    'leaf', (select pg_catalog.jsonb_build_object(
               'format', case when e.content_commitment is null then 1 else 2 end,
               'content_salt', pg_catalog.encode(e.content_salt, 'hex'),
               'content_commitment', pg_catalog.encode(e.content_commitment, 'hex'),
               'erased_at', e.erased_at)
               from lib_event.visible_event e where e.event__id = entry.event__id));
end
$$;


--
-- Name: FUNCTION inclusion_proof(event__id uuid, tree_size bigint); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events.inclusion_proof(event__id uuid, tree_size bigint) IS 'Proof that an event is in the log''s tree of tree_size events (default: the latest checkpoint): its leaf hash, leaf index and audit path (RFC 6962, hex, nearest sibling first). Check it against a signed checkpoint of that size; npm run verify -- --proof does. An id the log does not hold, or (for a scoped API key) an event outside the key''s scope: PT404 (HTTP 404); recorded but not sequenced yet, or after that tree: LE071; a size the log does not have: LE070.

bundle: the same proof as an offline bundle (c2sp.org/tlog-proof@v1; its extra line holds the leaf hash) with the checkpoint note of tree_size and its cosignatures, which npm run verify -- --proof and any tlog-proof verifier check with the log''s vkey alone; null when no C2SP checkpoint has that size (ask with the tree_size of one).

leaf: what recomputing the leaf from the event takes besides its content (db/verifiable-log.md): format 1 or 2, and for format 2 the event''s salt and salted commitment (hex); erased_at once erased (the salt is then null and the leaf follows from the commitment). The salt is given only to a key that may read the event''s content.';


--
-- Name: metrics(); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events.metrics() RETURNS lib_events."text/plain"
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  with items as (select * from lib_event.health_items()),
  tally as (select * from lib_event.sequencer_tally),
  item_metric (item, name, help) as (values
    ('sequencer_backlog_events', 'lib_event_sequencer_backlog_events', 'Committed events the sequencer has not placed in the log yet (counted up to 1000001).'),
    ('sequencer_backlog_age', 'lib_event_sequencer_backlog_age_seconds', 'How long the oldest committed event not in the log yet has waited.'),
    ('checkpoint_age', 'lib_event_checkpoint_age_seconds', 'Age of the newest checkpoint while events are in the log that no checkpoint covers, else 0.'),
    ('relay_lag_events', 'lib_event_relay_lag_events', 'Events in the log the relay has not announced yet.'),
    ('bridge_lag_events', 'lib_event_bridge_lag_events', 'Events in the log the RabbitMQ bridge has not published yet.'),
    ('partitions_ahead', 'lib_event_partitions_ahead', 'Partitions of lib_event.event ready for the periods after the current one.'),
    ('events_outside_partitions', 'lib_event_events_outside_partitions', 'Events kept aside because no partition covered their time.'),
    ('partitions_past_retention', 'lib_event_partitions_past_retention', 'Partitions older than the retention by more than a day, not dropped.'),
    ('archive_failed', 'lib_event_archive_failed', '1 when the last npm run archive failed.'))
  select pg_catalog.string_agg(family, '' order by ordinal)::lib_events."text/plain"
    from (
      select 1 as ordinal, lib_event.metric_family('lib_event_up', 'gauge',
               'Whether every health item is inside its healthy range (1) or not (0); GET /rpc/health says which.',
               array[pg_catalog.format('lib_event_up %s', case when (select pg_catalog.bool_and(i.healthy) from items i) then 1 else 0 end)]) as family
      union all
      select 2, lib_event.metric_family('lib_event_log_events', 'gauge', 'Events placed in the log (its tree size).',
               array[pg_catalog.format('lib_event_log_events %s', lib_event.tree_size())])
      union all
      select 3 + m.n, lib_event.metric_family(m.name, 'gauge', m.help,
               (select pg_catalog.array_agg(case
                         when i.subject is null then pg_catalog.format('%s %s', m.name, i.value)
                         else pg_catalog.format('%s{%s="%s"} %s', m.name, pg_catalog.split_part(i.item, '_', 1),
                                                lib_event.metric_label(i.subject), i.value) end order by i.subject)
                  from items i where i.item = m.item))
        from (select im.*, pg_catalog.row_number() over () as n from item_metric im) m
      union all
      select 20, lib_event.metric_family('lib_event_health_limit', 'gauge',
               'The bound of each health item''s healthy range (lib_event.health_limit), in the item''s unit.',
               (select pg_catalog.array_agg(pg_catalog.format('lib_event_health_limit{item="%s",bound="%s"} %s',
                         l.item, case when l.healthy_at_most is not null then 'max' else 'min' end,
                         coalesce(l.healthy_at_most, l.healthy_at_least)) order by l.item)
                  from lib_event.health_limit l))
      union all
      select 21, lib_event.metric_family('lib_event_events_total', 'counter',
               'Events placed in the log since counting began, by service (event type up to its first dot) and consumer.',
               (select pg_catalog.array_agg(pg_catalog.format('lib_event_events_total{type_prefix="%s",consumer="%s"} %s',
                         lib_event.metric_label(t.type_prefix), lib_event.metric_label(t.consumer), t.events)
                         order by t.type_prefix, t.consumer)
                  from lib_event.event_tally t))
      union all
      select 22, lib_event.metric_family('lib_event_sequencer_batches_total', 'counter', 'Batches of events the sequencer placed in the log.',
               array[pg_catalog.format('lib_event_sequencer_batches_total %s', (select t.batches from tally t))])
      union all
      select 23, lib_event.metric_family('lib_event_sequencer_batch_duration_seconds', 'summary', 'Time the sequencer took to place its batches.',
               array[pg_catalog.format('lib_event_sequencer_batch_duration_seconds_sum %s', (select t.batch_seconds from tally t)),
                     pg_catalog.format('lib_event_sequencer_batch_duration_seconds_count %s', (select t.batches from tally t))])
      union all
      select 24, lib_event.metric_family('lib_event_sequencer_events_total', 'counter', 'Events the sequencer placed in the log in those batches.',
               array[pg_catalog.format('lib_event_sequencer_events_total %s', (select t.events from tally t))])
      union all
      select 25, lib_event.metric_family('lib_event_partitions_end_timestamp_seconds', 'gauge',
               'When the last partition of lib_event.event ends (Unix time): recording stops then unless more are made.',
               array[pg_catalog.format('lib_event_partitions_end_timestamp_seconds %s',
                       coalesce((select extract(epoch from pg_catalog.max(p.ends_at)) from lib_event.partitions p), 0))])
      union all
      select 26, lib_event.metric_family('lib_event_archive_last_success_timestamp_seconds', 'gauge',
               'When npm run archive last succeeded (Unix time), 0 when never.',
               array[pg_catalog.format('lib_event_archive_last_success_timestamp_seconds %s',
                       coalesce((select extract(epoch from r.last_success_at) from lib_event.job_run r where r.job = 'archive'), 0))])
      union all
      select 28, lib_event.metric_family('lib_event_bridge_published_total', 'counter', 'Events the RabbitMQ bridge has published (confirmed by the broker).',
               (select pg_catalog.array_agg(pg_catalog.format('lib_event_bridge_published_total{bridge="%s"} %s',
                         lib_event.metric_label(b.bridge), b.published) order by b.bridge)
                  from lib_event.bridge_cursor b))
      union all
      select 29, lib_event.metric_family('lib_event_relay_announced_total', 'counter', 'Events the relay has announced on lib_event.created.',
               (select pg_catalog.array_agg(pg_catalog.format('lib_event_relay_announced_total{relay="%s"} %s',
                         lib_event.metric_label(r.relay), r.emitted) order by r.relay)
                  from lib_event.relay_cursor r))
      union all
      select 30, lib_event.metric_family('lib_event_refusals_total', 'counter',
               'Writes refused by lib_event''s checks, by error code (db/errors.md); refusals of reads are not counted.',
               (select pg_catalog.array_agg(pg_catalog.format('lib_event_refusals_total{code="%s"} %s',
                         pg_catalog.upper(pg_catalog.substr(s.sequencename, 10)), coalesce(s.last_value, 0))
                         order by s.sequencename)
                  from pg_catalog.pg_sequences s
                 where s.schemaname = 'lib_event' and s.sequencename like 'refusals\_%'))
      union all
      select 31, lib_event.metric_family('lib_event_keys_used_last_day', 'gauge',
               'API keys used in the last day (noted while the sequencer runs: db/operations.md).',
               array[pg_catalog.format('lib_event_keys_used_last_day %s',
                       (select pg_catalog.count(*) from lib_event.api_key k
                         where k.last_used_at > pg_catalog.now() - interval '1 day'))])
      union all
      select 27, lib_event.metric_family('lib_event_api_keys', 'gauge', 'API keys not revoked, by access.',
               (select pg_catalog.array_agg(pg_catalog.format('lib_event_api_keys{access="%s"} %s', a.access, a.n) order by a.access)
                  from (select k.access::text as access, pg_catalog.count(*) as n from lib_event.api_key k
                         where k.revoked_at is null group by 1) a))
    ) families;
$$;


--
-- Name: FUNCTION metrics(); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events.metrics() IS 'lib_event''s state and counters in Prometheus''s text format: point a scrape job at GET /rpc/metrics.

No key needed, nothing secret (as GET /rpc/health). Gauges: lib_event_up,
lib_event_log_events, one per health item (lib_event_sequencer_backlog_events,
lib_event_sequencer_backlog_age_seconds, lib_event_checkpoint_age_seconds,
lib_event_relay_lag_events{relay}, lib_event_bridge_lag_events{bridge},
lib_event_partitions_ahead, lib_event_events_outside_partitions,
lib_event_partitions_past_retention, lib_event_archive_failed), their bounds
(lib_event_health_limit), lib_event_partitions_end_timestamp_seconds,
lib_event_archive_last_success_timestamp_seconds,
lib_event_api_keys{access} and lib_event_keys_used_last_day. Counters: lib_event_events_total{type_prefix,consumer},
lib_event_sequencer_batches_total, lib_event_sequencer_events_total,
lib_event_bridge_published_total{bridge}, lib_event_relay_announced_total{relay},
lib_event_refusals_total{code} and the summary lib_event_sequencer_batch_duration_seconds. db/operations.md has
alerting rules for them.';


--
-- Name: openapi(); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events.openapi() RETURNS json
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
  select lib_event.openapi_document();
$$;


--
-- Name: FUNCTION openapi(); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events.openapi() IS 'The OpenAPI 3.1 document of this API.

PostgREST serves it at / (db-root-spec = "lib_events.openapi"), to anyone: the
document is public. It is built from the catalog of lib_events on each call:
every function an API key may execute (POST /rpc/<name>, and GET unless it is
volatile), every view it may read (GET /<view> with PostgREST''s filters), with
COMMENT ON texts as summaries and descriptions.';


--
-- Name: request_checkpoint(); Type: FUNCTION; Schema: lib_events; Owner: -
--

CREATE FUNCTION lib_events.request_checkpoint() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
  perform lib_event.check_write_request();
  perform pg_catalog.pg_notify('lib_event.checkpoint_requested', '');
  return lib_event.tree_size();
end
$$;


--
-- Name: FUNCTION request_checkpoint(); Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON FUNCTION lib_events.request_checkpoint() IS 'Ask the sequencer for a signed checkpoint now; returns how many events the log holds.

The sequencer signs one as soon as it has placed the events committed so far
(a second or so; requests are served at most once a second), so a checkpoint
with a tree_size of at least the answer appears in GET /checkpoints. The
signature needs the sequencer''s key, which the database never sees: nothing
is signed when no sequencer runs. POST /rpc/request_checkpoint.';


--
-- Name: backlog_bound; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.backlog_bound (
    only_row boolean DEFAULT true NOT NULL,
    max_events bigint DEFAULT 50000 NOT NULL,
    max_seconds integer DEFAULT 30 NOT NULL,
    retry_after_seconds integer DEFAULT 1 NOT NULL,
    refresh_ms integer DEFAULT 500 NOT NULL,
    CONSTRAINT backlog_bound_events_positive CHECK ((max_events >= 1)),
    CONSTRAINT backlog_bound_one_row CHECK (only_row),
    CONSTRAINT backlog_bound_refresh_range CHECK (((refresh_ms >= 10) AND (refresh_ms <= 60000))),
    CONSTRAINT backlog_bound_retry_after_range CHECK (((retry_after_seconds >= 1) AND (retry_after_seconds <= 3600))),
    CONSTRAINT backlog_bound_seconds_positive CHECK ((max_seconds >= 1))
);


--
-- Name: TABLE backlog_bound; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.backlog_bound IS 'The bound on the log''s unsequenced backlog (one row): past it, writes are refused with PT429 (HTTP 429) and Retry-After.

max_events: recorded events the sequencer has not placed yet; max_seconds: how
long the oldest of them has waited. retry_after_seconds: the Retry-After a
refusal carries. refresh_ms: how often the backlog is measured (one caller
measures, the others read the last measurement), so the backlog may pass the
bound by what is recorded within that time. An operator changes it with
UPDATE lib_event.backlog_bound SET ...';


--
-- Name: COLUMN backlog_bound.only_row; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.backlog_bound.only_row IS 'Always true: the table has one row.';


--
-- Name: COLUMN backlog_bound.max_events; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.backlog_bound.max_events IS 'Refuse writes while more committed events than this wait to be sequenced.';


--
-- Name: COLUMN backlog_bound.max_seconds; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.backlog_bound.max_seconds IS 'Refuse writes while the oldest unsequenced event has waited longer than this, in seconds.';


--
-- Name: COLUMN backlog_bound.retry_after_seconds; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.backlog_bound.retry_after_seconds IS 'The Retry-After a refused writer is told, in seconds.';


--
-- Name: COLUMN backlog_bound.refresh_ms; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.backlog_bound.refresh_ms IS 'How often one writer measures the backlog, in milliseconds; the others read the last measurement.';


--
-- Name: backlog_events; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.backlog_events
    START WITH 0
    INCREMENT BY 1
    MINVALUE 0
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE backlog_events; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.backlog_events IS 'How many events were waiting to be sequenced at the last measurement, counted up to lib_event.backlog_bound.max_events + 1 (lib_event.check_backlog).';


--
-- Name: backlog_measured_at; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.backlog_measured_at
    START WITH 0
    INCREMENT BY 1
    MINVALUE 0
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE backlog_measured_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.backlog_measured_at IS 'When the unsequenced backlog was last measured, in ms since 1970 (lib_event.check_backlog).';


--
-- Name: backlog_oldest_at; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.backlog_oldest_at
    START WITH 0
    INCREMENT BY 1
    MINVALUE 0
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE backlog_oldest_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.backlog_oldest_at IS 'When the oldest event waiting to be sequenced was recorded, at the last measurement, in ms since 1970; 0 when none was waiting (lib_event.check_backlog).';


--
-- Name: bridge_cursor; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.bridge_cursor (
    bridge text NOT NULL COLLATE pg_catalog."C",
    cursor text NOT NULL COLLATE pg_catalog."C",
    published bigint DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT bridge_cursor_bridge_length CHECK (((length(bridge) >= 1) AND (length(bridge) <= 63)))
);


--
-- Name: TABLE bridge_cursor; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.bridge_cursor IS 'Where each RabbitMQ fan-out bridge (scripts/broker/amqp-bridge.ts) is in the log: the cursor after the last event the broker confirmed.

Saved only after the broker confirmed every event before it, so a bridge that
stops resumes after what is surely published: at least once, never a gap.';


--
-- Name: COLUMN bridge_cursor.bridge; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.bridge_cursor.bridge IS 'The bridge''s name (BRIDGE_NAME); bridges with the same name take turns, never publish together.';


--
-- Name: COLUMN bridge_cursor.cursor; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.bridge_cursor.cursor IS 'The lib_events.follow cursor after the last confirmed event.';


--
-- Name: COLUMN bridge_cursor.published; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.bridge_cursor.published IS 'Events confirmed by the broker so far, under this name.';


--
-- Name: COLUMN bridge_cursor.updated_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.bridge_cursor.updated_at IS 'When the cursor last moved.';


--
-- Name: bridge_checkpoint; Type: VIEW; Schema: lib_event; Owner: -
--

CREATE VIEW lib_event.bridge_checkpoint AS
 SELECT bridge,
    cursor AS checkpoint,
    published,
    updated_at
   FROM lib_event.bridge_cursor;


--
-- Name: VIEW bridge_checkpoint; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON VIEW lib_event.bridge_checkpoint IS 'lib_event.bridge_cursor under its former name, for a bridge of the earlier version during an upgrade; new code uses bridge_cursor.';


--
-- Name: COLUMN bridge_checkpoint.bridge; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.bridge_checkpoint.bridge IS 'lib_event.bridge_cursor.bridge.';


--
-- Name: COLUMN bridge_checkpoint.checkpoint; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.bridge_checkpoint.checkpoint IS 'lib_event.bridge_cursor.cursor, under its former name.';


--
-- Name: COLUMN bridge_checkpoint.published; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.bridge_checkpoint.published IS 'lib_event.bridge_cursor.published.';


--
-- Name: COLUMN bridge_checkpoint.updated_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.bridge_checkpoint.updated_at IS 'lib_event.bridge_cursor.updated_at.';


--
-- Name: checkpoint_cosignature; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.checkpoint_cosignature (
    tree_size bigint NOT NULL,
    witness text NOT NULL COLLATE pg_catalog."C",
    key_id bytea NOT NULL,
    signature bytea NOT NULL,
    cosigned_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT checkpoint_cosignature_key_id_length CHECK ((length(key_id) = 4)),
    CONSTRAINT checkpoint_cosignature_signature_length CHECK ((length(signature) = 72)),
    CONSTRAINT checkpoint_cosignature_witness_is_key_name CHECK ((witness ~ '^[^\s+]{1,255}$'::text))
);


--
-- Name: TABLE checkpoint_cosignature; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.checkpoint_cosignature IS 'Witnesses'' cosignatures of checkpoints (c2sp.org/tlog-cosignature, cosignature/v1).

Checked by the sequencer against the witness''s vkey before they are stored;
lib_event.checkpoint_note appends them to the note. Never changed or removed.';


--
-- Name: COLUMN checkpoint_cosignature.tree_size; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.checkpoint_cosignature.tree_size IS 'The checkpoint cosigned.';


--
-- Name: COLUMN checkpoint_cosignature.witness; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.checkpoint_cosignature.witness IS 'The witness''s key name, as its signature line names it.';


--
-- Name: COLUMN checkpoint_cosignature.key_id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.checkpoint_cosignature.key_id IS 'The witness key''s 4-byte key ID (SHA-256 of name, newline, 0x04, key).';


--
-- Name: COLUMN checkpoint_cosignature.signature; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.checkpoint_cosignature.signature IS 'The timestamped signature: the 8-byte big-endian timestamp, then the Ed25519 signature of cosignature/v1, time and the note text.';


--
-- Name: COLUMN checkpoint_cosignature.cosigned_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.checkpoint_cosignature.cosigned_at IS 'Its timestamp: when the witness cosigned.';


--
-- Name: COLUMN checkpoint_cosignature.created_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.checkpoint_cosignature.created_at IS 'When it was stored.';


--
-- Name: consumer_seal_key; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.consumer_seal_key (
    only_row boolean DEFAULT true NOT NULL,
    seal_key bytea NOT NULL,
    CONSTRAINT consumer_seal_key_only_row_check CHECK (only_row),
    CONSTRAINT consumer_seal_key_seal_key_check CHECK ((length(seal_key) >= 32))
);


--
-- Name: TABLE consumer_seal_key; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.consumer_seal_key IS 'The key that seals the lib_event.consumer setting (lib_event.consumer_seal). One row, readable by lib_event_owner alone; replace it to void every seal in flight.';


--
-- Name: COLUMN consumer_seal_key.only_row; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.consumer_seal_key.only_row IS 'Always true: the table holds one key.';


--
-- Name: COLUMN consumer_seal_key.seal_key; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.consumer_seal_key.seal_key IS '32 bytes from the server''s strong random source (two gen_random_uuid, 244 random bits).';


--
-- Name: event_outside_partitions; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.event_outside_partitions (
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
    content_salt bytea DEFAULT lib_event.new_salt(),
    content_commitment bytea,
    leaf_hash bytea,
    erased_at timestamp with time zone,
    erasure__id uuid,
    tenant lib_event.tenant,
    CONSTRAINT event_consumer_length CHECK (((length(consumer) >= 1) AND (length(consumer) <= 255))),
    CONSTRAINT event_content_commitment_is_sha256 CHECK ((length(content_commitment) = 32)),
    CONSTRAINT event_content_salt_is_32_bytes CHECK ((length(content_salt) = 32)),
    CONSTRAINT event_erasure_whole CHECK (((erased_at IS NULL) = (erasure__id IS NULL))),
    CONSTRAINT event_headers_is_object CHECK ((jsonb_typeof(headers) = 'object'::text)),
    CONSTRAINT event_id_encodes_created_at CHECK ((lib_event.uuid_time(event__id) = lib_event.uuid_time(lib_event.uuid_floor(created_at)))),
    CONSTRAINT event_leaf_hash_is_sha256 CHECK ((length(leaf_hash) = 32)),
    CONSTRAINT event_outside_every_partition CHECK (false),
    CONSTRAINT event_partition_key_length CHECK (((length(partition_key) >= 1) AND (length(partition_key) <= 255)))
);


--
-- Name: TABLE event_outside_partitions; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.event_outside_partitions IS 'The default partition of lib_event.event: always empty, its trigger refuses every row (PT503).';


--
-- Name: CONSTRAINT event_outside_every_partition ON event_outside_partitions; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON CONSTRAINT event_outside_every_partition ON lib_event.event_outside_partitions IS 'No row belongs here: an event outside every partition is refused even with triggers off.';


--
-- Name: every_event; Type: VIEW; Schema: lib_event; Owner: -
--

CREATE VIEW lib_event.every_event AS
 SELECT event__id,
    event_type,
    occurred_at,
    created_at,
    source,
    partition_key,
    consumer,
    headers,
    payload,
    xact_id,
    content_salt,
    content_commitment,
    leaf_hash,
    erased_at,
    erasure__id,
    tenant
   FROM lib_event.event;


--
-- Name: VIEW every_event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON VIEW lib_event.every_event IS 'Every event: lib_event.event read as lib_event_owner, whose policy on it is plainly true (event_unscoped), so no policy stands between a filter and the indexes. Read, for a request whose key reads everything, through lib_event.event_read_branches and by find.';


--
-- Name: COLUMN every_event.event__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.event__id IS 'Time-ordered (UUIDv7) id, assigned at recording.';


--
-- Name: COLUMN every_event.event_type; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.event_type IS 'What happened: <service>.<resourceType>.<verb_past_tense>.';


--
-- Name: COLUMN every_event.occurred_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.occurred_at IS 'When it happened in the system that reports it.';


--
-- Name: COLUMN every_event.created_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.created_at IS 'When lib_event recorded it.';


--
-- Name: COLUMN every_event.source; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.source IS 'The entity that originated the event (a request id, say), if known.';


--
-- Name: COLUMN every_event.partition_key; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.partition_key IS 'Caller-chosen key grouping related events (an aggregate id, a tenant).';


--
-- Name: COLUMN every_event.consumer; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.consumer IS 'Who recorded it: the API key''s name, or the database role of a direct SQL caller.';


--
-- Name: COLUMN every_event.headers; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.headers IS 'User-defined headers plus the standard entries (event_type, event__id, created_at, occurred_at, source, partition_key, consumer).';


--
-- Name: COLUMN every_event.payload; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.payload IS 'The event content, any JSON value, or null.';


--
-- Name: COLUMN every_event.xact_id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.xact_id IS 'Id of the transaction that recorded the event: readers use it to never skip an event committed late.';


--
-- Name: COLUMN every_event.content_salt; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.content_salt IS 'The random salt of the content commitment (leaf format v2); null for events recorded before v2 and once erased.';


--
-- Name: COLUMN every_event.content_commitment; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.content_commitment IS 'SHA-256(content_salt || headers || payload), lib_event.content_commitment: what a v2 leaf commits to instead of the content; kept when the content is erased.';


--
-- Name: COLUMN every_event.leaf_hash; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.leaf_hash IS 'The event''s leaf hash (format v2), computed when it was recorded; the sequencer places it. Null for events recorded before v2.';


--
-- Name: COLUMN every_event.erased_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.erased_at IS 'When lib_event.erase removed its payload, user headers and salt; null while it holds them.';


--
-- Name: COLUMN every_event.erasure__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.erasure__id IS 'The lib_event.event.erased event that records the erasure; null while not erased.';


--
-- Name: COLUMN every_event.tenant; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.every_event.tenant IS 'The tenant the event belongs to, if any: the producer key''s tenant scope, or (for an unscoped key) the tenant field of create; also in headers.tenant, so the leaf hash covers it.';


--
-- Name: event_read_branches; Type: VIEW; Schema: lib_event; Owner: -
--

CREATE VIEW lib_event.event_read_branches AS
 SELECT false AS through_policy,
    e.event__id,
    e.event_type,
    e.occurred_at,
    e.created_at,
    e.source,
    e.partition_key,
    e.consumer,
    e.headers,
    e.payload,
    e.xact_id,
    e.content_salt,
    e.content_commitment,
    e.leaf_hash,
    e.erased_at,
    e.erasure__id,
    e.tenant
   FROM lib_event.every_event e
UNION ALL
 SELECT true AS through_policy,
    e.event__id,
    e.event_type,
    e.occurred_at,
    e.created_at,
    e.source,
    e.partition_key,
    e.consumer,
    e.headers,
    e.payload,
    e.xact_id,
    e.content_salt,
    e.content_commitment,
    e.leaf_hash,
    e.erased_at,
    e.erasure__id,
    e.tenant
   FROM lib_event.event e;


--
-- Name: VIEW event_read_branches; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON VIEW lib_event.event_read_branches IS 'Events by two branches: every event (through_policy false, lib_event.every_event), and those the scope policy event_read_within_key_scope lets this request''s key read (through_policy true: lib_event.event read as lib_event_scoped_reader, who owns this view). Read it only filtered on through_policy = (select lib_event.read_scoped()), as lib_event.visible_event does.';


--
-- Name: COLUMN event_read_branches.through_policy; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.through_policy IS 'Whether the row was read under the scope policy (the branch for a key with a read scope) or past it (every event).';


--
-- Name: COLUMN event_read_branches.event__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.event__id IS 'Time-ordered (UUIDv7) id, assigned at recording.';


--
-- Name: COLUMN event_read_branches.event_type; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.event_type IS 'What happened: <service>.<resourceType>.<verb_past_tense>.';


--
-- Name: COLUMN event_read_branches.occurred_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.occurred_at IS 'When it happened in the system that reports it.';


--
-- Name: COLUMN event_read_branches.created_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.created_at IS 'When lib_event recorded it.';


--
-- Name: COLUMN event_read_branches.source; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.source IS 'The entity that originated the event (a request id, say), if known.';


--
-- Name: COLUMN event_read_branches.partition_key; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.partition_key IS 'Caller-chosen key grouping related events (an aggregate id, a tenant).';


--
-- Name: COLUMN event_read_branches.consumer; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.consumer IS 'Who recorded it: the API key''s name, or the database role of a direct SQL caller.';


--
-- Name: COLUMN event_read_branches.headers; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.headers IS 'User-defined headers plus the standard entries (event_type, event__id, created_at, occurred_at, source, partition_key, consumer).';


--
-- Name: COLUMN event_read_branches.payload; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.payload IS 'The event content, any JSON value, or null.';


--
-- Name: COLUMN event_read_branches.xact_id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.xact_id IS 'Id of the transaction that recorded the event: readers use it to never skip an event committed late.';


--
-- Name: COLUMN event_read_branches.content_salt; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.content_salt IS 'The random salt of the content commitment (leaf format v2); null for events recorded before v2 and once erased.';


--
-- Name: COLUMN event_read_branches.content_commitment; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.content_commitment IS 'SHA-256(content_salt || headers || payload), lib_event.content_commitment: what a v2 leaf commits to instead of the content; kept when the content is erased.';


--
-- Name: COLUMN event_read_branches.leaf_hash; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.leaf_hash IS 'The event''s leaf hash (format v2), computed when it was recorded; the sequencer places it. Null for events recorded before v2.';


--
-- Name: COLUMN event_read_branches.erased_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.erased_at IS 'When lib_event.erase removed its payload, user headers and salt; null while it holds them.';


--
-- Name: COLUMN event_read_branches.erasure__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.erasure__id IS 'The lib_event.event.erased event that records the erasure; null while not erased.';


--
-- Name: COLUMN event_read_branches.tenant; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_read_branches.tenant IS 'The tenant the event belongs to, if any: the producer key''s tenant scope, or (for an unscoped key) the tenant field of create; also in headers.tenant, so the leaf hash covers it.';


--
-- Name: event_tally; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.event_tally (
    type_prefix text NOT NULL COLLATE pg_catalog."C",
    consumer text NOT NULL COLLATE pg_catalog."C",
    events bigint NOT NULL
);


--
-- Name: TABLE event_tally; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.event_tally IS 'Events placed in the log since counting began, by the first part of their event type (the service: billing of billing.invoice.paid) and the consumer that recorded them. Bounded labels for the metrics: one row per service and key holder.';


--
-- Name: COLUMN event_tally.type_prefix; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_tally.type_prefix IS 'The event type up to its first dot.';


--
-- Name: COLUMN event_tally.consumer; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_tally.consumer IS 'The consumer that recorded the events.';


--
-- Name: COLUMN event_tally.events; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.event_tally.events IS 'How many.';


--
-- Name: health_limit; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.health_limit (
    item text NOT NULL COLLATE pg_catalog."C",
    healthy_at_most double precision,
    healthy_at_least double precision,
    unit text NOT NULL COLLATE pg_catalog."C",
    meaning text NOT NULL,
    CONSTRAINT health_limit_one_bound CHECK (((healthy_at_most IS NULL) <> (healthy_at_least IS NULL)))
);


--
-- Name: TABLE health_limit; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.health_limit IS 'The healthy range of each item of lib_events.health(): one bound per item, in its unit. The owner may change a bound with UPDATE; the defaults suit a log whose sequencer runs beside it.';


--
-- Name: COLUMN health_limit.item; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.health_limit.item IS 'The item''s name, as health() and the metrics name it.';


--
-- Name: COLUMN health_limit.healthy_at_most; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.health_limit.healthy_at_most IS 'The item is healthy while its value is at most this.';


--
-- Name: COLUMN health_limit.healthy_at_least; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.health_limit.healthy_at_least IS 'The item is healthy while its value is at least this.';


--
-- Name: COLUMN health_limit.unit; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.health_limit.unit IS 'The unit of the value and the bound.';


--
-- Name: COLUMN health_limit.meaning; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.health_limit.meaning IS 'What the item measures, for the person reading health().';


--
-- Name: idempotency_key; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.idempotency_key (
    consumer text NOT NULL COLLATE pg_catalog."C",
    idempotency_key text NOT NULL COLLATE pg_catalog."C",
    content_hash bytea NOT NULL,
    event__id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT idempotency_key_content_hash_is_sha256 CHECK ((length(content_hash) = 32)),
    CONSTRAINT idempotency_key_length CHECK (((length(idempotency_key) >= 1) AND (length(idempotency_key) <= 255)))
);


--
-- Name: TABLE idempotency_key; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.idempotency_key IS 'Idempotency keys that producers sent, per consumer, with the event each one recorded.

A separate table rather than a unique column of lib_event.event: a unique
constraint on a partitioned table must include the partition key, and keys
can be kept for a shorter time than events.';


--
-- Name: COLUMN idempotency_key.consumer; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.idempotency_key.consumer IS 'The consumer that sent the key: keys are scoped per consumer.';


--
-- Name: COLUMN idempotency_key.idempotency_key; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.idempotency_key.idempotency_key IS 'The caller''s key, 1 to 255 characters.';


--
-- Name: COLUMN idempotency_key.content_hash; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.idempotency_key.content_hash IS 'sha256 of the event as sent (lib_event.event_content_hash): a retry must send the same content.';


--
-- Name: COLUMN idempotency_key.event__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.idempotency_key.event__id IS 'The event the first call with this key recorded.';


--
-- Name: COLUMN idempotency_key.created_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.idempotency_key.created_at IS 'When the key was first used.';


--
-- Name: ingest_publisher; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.ingest_publisher (
    amqp_user text NOT NULL COLLATE pg_catalog."C",
    consumer lib_event.consumer_name NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    api_key__id uuid
);


--
-- Name: TABLE ingest_publisher; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.ingest_publisher IS 'Who may record through the RabbitMQ ingest queue, and as whom: a broker user and the consumer its events are recorded under.

The broker user is the message''s user_id property, which RabbitMQ checks
against the user that opened the connection (a message claiming another user
is refused by the broker). A message whose user is not listed here is
dead-lettered with LE050, never recorded.';


--
-- Name: COLUMN ingest_publisher.amqp_user; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.ingest_publisher.amqp_user IS 'The RabbitMQ user name, as validated in the user_id message property.';


--
-- Name: COLUMN ingest_publisher.consumer; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.ingest_publisher.consumer IS 'The consumer recorded on this user''s events (same rule as an API key''s consumer).';


--
-- Name: COLUMN ingest_publisher.created_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.ingest_publisher.created_at IS 'When the mapping was added.';


--
-- Name: COLUMN ingest_publisher.api_key__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.ingest_publisher.api_key__id IS 'The API key whose scope (event types, tenant) the broker user''s events must keep to; null: no scope. The key is not presented: the broker authenticated the user.';


--
-- Name: job_run; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.job_run (
    job text NOT NULL COLLATE pg_catalog."C",
    succeeded boolean NOT NULL,
    detail text NOT NULL,
    finished_at timestamp with time zone DEFAULT now() NOT NULL,
    last_success_at timestamp with time zone,
    CONSTRAINT job_run_job CHECK ((job = 'archive'::text))
);


--
-- Name: TABLE job_run; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.job_run IS 'How the last run of each maintenance job ended (npm run archive), for lib_events.health() and the metrics.';


--
-- Name: COLUMN job_run.job; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.job_run.job IS 'The job: archive.';


--
-- Name: COLUMN job_run.succeeded; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.job_run.succeeded IS 'Whether the last run succeeded.';


--
-- Name: COLUMN job_run.detail; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.job_run.detail IS 'Its one-line summary or error message.';


--
-- Name: COLUMN job_run.finished_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.job_run.finished_at IS 'When it ended.';


--
-- Name: COLUMN job_run.last_success_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.job_run.last_success_at IS 'When a run last succeeded.';


--
-- Name: log_checkpoint; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.log_checkpoint (
    tree_size bigint NOT NULL,
    root_hash bytea NOT NULL,
    signed_at timestamp with time zone NOT NULL,
    key_id text NOT NULL COLLATE pg_catalog."C",
    signature bytea NOT NULL,
    origin text COLLATE pg_catalog."C",
    CONSTRAINT log_checkpoint_root_is_sha256 CHECK ((length(root_hash) = 32))
);


--
-- Name: TABLE log_checkpoint; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.log_checkpoint IS 'Signed tree heads: the root of the Merkle tree of the first tree_size events, signed by the sequencer.';


--
-- Name: COLUMN log_checkpoint.tree_size; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_checkpoint.tree_size IS 'How many events the tree holds (positions 1 to tree_size).';


--
-- Name: COLUMN log_checkpoint.root_hash; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_checkpoint.root_hash IS 'The Merkle tree hash (RFC 6962 MTH) of their leaves.';


--
-- Name: COLUMN log_checkpoint.signed_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_checkpoint.signed_at IS 'When it was signed (part of the signed text).';


--
-- Name: COLUMN log_checkpoint.key_id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_checkpoint.key_id IS 'The key that signed it (lib_event.log_key).';


--
-- Name: COLUMN log_checkpoint.signature; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_checkpoint.signature IS 'Ed25519 signature of lib_event.checkpoint_signed_text: the C2SP note text, or for a checkpoint without origin the text lib_event.checkpoint_text.';


--
-- Name: COLUMN log_checkpoint.origin; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_checkpoint.origin IS 'The origin line of its C2SP note; null for a checkpoint signed as text lib_event checkpoint v1.';


--
-- Name: log_entry; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.log_entry (
    "position" bigint NOT NULL,
    event__id uuid NOT NULL,
    leaf_hash bytea NOT NULL,
    sequenced_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT log_entry_leaf_hash_is_sha256 CHECK ((length(leaf_hash) = 32)),
    CONSTRAINT log_entry_position_positive CHECK (("position" >= 1))
);


--
-- Name: TABLE log_entry; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.log_entry IS 'Each sequenced event''s place in the log: its position (dense from 1, in follow order) and its leaf hash. Written only by lib_event.sequence_events.';


--
-- Name: COLUMN log_entry."position"; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_entry."position" IS 'The event''s position: 1, 2, 3, ... with no gap and no reuse; leaf index position - 1 in the Merkle tree.';


--
-- Name: COLUMN log_entry.event__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_entry.event__id IS 'The event.';


--
-- Name: COLUMN log_entry.leaf_hash; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_entry.leaf_hash IS 'The event''s leaf hash as it was sequenced: format v2 (lib_event.leaf_hash_v2, stored on the event when recorded), or v1 (lib_event.leaf_hash) for events recorded before v2.';


--
-- Name: COLUMN log_entry.sequenced_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_entry.sequenced_at IS 'When the sequencer placed it.';


--
-- Name: log_key; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.log_key (
    key_id text NOT NULL COLLATE pg_catalog."C",
    public_key text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE log_key; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.log_key IS 'The Ed25519 public keys checkpoints are signed with (PEM, SubjectPublicKeyInfo).';


--
-- Name: COLUMN log_key.key_id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_key.key_id IS 'The first 16 hex digits of the SHA-256 of the public key''s DER bytes.';


--
-- Name: COLUMN log_key.public_key; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_key.public_key IS 'The public key, PEM.';


--
-- Name: COLUMN log_key.created_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_key.created_at IS 'When it was first used.';


--
-- Name: log_origin; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.log_origin (
    log_origin__id boolean DEFAULT true NOT NULL,
    origin text NOT NULL COLLATE pg_catalog."C",
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT log_origin_is_key_name CHECK ((origin ~ '^[!-*,-~]{1,255}$'::text)),
    CONSTRAINT log_origin_one_row CHECK (log_origin__id)
);


--
-- Name: TABLE log_origin; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.log_origin IS 'The log''s origin: the first line of its checkpoints and the name of its signing key.

One row, written at the first C2SP checkpoint and never changed: witnesses and
auditors know the log by it.';


--
-- Name: COLUMN log_origin.log_origin__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_origin.log_origin__id IS 'Always true: the table holds one row.';


--
-- Name: COLUMN log_origin.origin; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_origin.origin IS 'A scheme-less URL such as audit.example.com/lib_event (printable ASCII, no space or plus).';


--
-- Name: COLUMN log_origin.created_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.log_origin.created_at IS 'When it was chosen.';


--
-- Name: merkle_node; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.merkle_node (
    level smallint NOT NULL,
    index bigint NOT NULL,
    hash bytea NOT NULL,
    CONSTRAINT merkle_node_level CHECK (((level >= 1) AND (level <= 62)))
);


--
-- Name: TABLE merkle_node; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.merkle_node IS 'The complete subtrees of the Merkle tree above the leaves: node (level, index) covers leaves index * 2^level to (index + 1) * 2^level - 1.';


--
-- Name: COLUMN merkle_node.level; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.merkle_node.level IS 'Height above the leaves (1 = a hash of two leaves).';


--
-- Name: COLUMN merkle_node.index; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.merkle_node.index IS 'Position of the node within its level, from 0.';


--
-- Name: COLUMN merkle_node.hash; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.merkle_node.hash IS 'SHA-256 of 0x01, the left child''s hash and the right child''s hash (RFC 6962).';


--
-- Name: older_name; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.older_name (
    object text NOT NULL COLLATE pg_catalog."C",
    older_name text NOT NULL COLLATE pg_catalog."C",
    name text NOT NULL COLLATE pg_catalog."C",
    CONSTRAINT older_name_differs CHECK ((older_name <> name))
);


--
-- Name: TABLE older_name; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.older_name IS 'Parameter and column names the API still takes or gives beside the names that replaced them (db/CONVENTIONS.md, "Vocabulary"); the API document marks each deprecated.';


--
-- Name: COLUMN older_name.object; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.older_name.object IS 'The function (lib_events.follow) or row type (lib_events.followed_event) that has both names.';


--
-- Name: COLUMN older_name.older_name; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.older_name.older_name IS 'The name as it shipped first.';


--
-- Name: COLUMN older_name.name; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.older_name.name IS 'The name to use.';


--
-- Name: partition_archive; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.partition_archive (
    partition text NOT NULL COLLATE pg_catalog."C",
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    rows bigint NOT NULL,
    first_event__id uuid,
    last_event__id uuid,
    file text NOT NULL,
    sha256 text NOT NULL COLLATE pg_catalog."C",
    bytes bigint NOT NULL,
    schema_version text NOT NULL COLLATE pg_catalog."C",
    archived_at timestamp with time zone DEFAULT now() NOT NULL,
    dropped_at timestamp with time zone,
    restored_at timestamp with time zone,
    CONSTRAINT partition_archive_rows CHECK ((rows >= 0)),
    CONSTRAINT partition_archive_sha256 CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text))
);


--
-- Name: TABLE partition_archive; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.partition_archive IS 'Every partition written to an archive file (npm run archive): what the manifest says, and when it was dropped or restored.';


--
-- Name: COLUMN partition_archive.partition; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_archive.partition IS 'The partition''s table name.';


--
-- Name: COLUMN partition_archive.starts_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_archive.starts_at IS 'The first recording time it held (inclusive; -infinity for the first partition of a converted install).';


--
-- Name: COLUMN partition_archive.ends_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_archive.ends_at IS 'The recording time it held events up to (exclusive).';


--
-- Name: COLUMN partition_archive.rows; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_archive.rows IS 'Events in the file, equal to the partition''s when archived.';


--
-- Name: COLUMN partition_archive.first_event__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_archive.first_event__id IS 'The lowest event__id in the file (null when empty).';


--
-- Name: COLUMN partition_archive.last_event__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_archive.last_event__id IS 'The highest event__id in the file (null when empty).';


--
-- Name: COLUMN partition_archive.file; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_archive.file IS 'Where the Parquet file was written, as the archiver saw it.';


--
-- Name: COLUMN partition_archive.sha256; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_archive.sha256 IS 'SHA-256 of the file, hex.';


--
-- Name: COLUMN partition_archive.bytes; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_archive.bytes IS 'Size of the file.';


--
-- Name: COLUMN partition_archive.schema_version; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_archive.schema_version IS 'The latest migration applied when it was written: the shape of its rows.';


--
-- Name: COLUMN partition_archive.archived_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_archive.archived_at IS 'When the archive was checked and recorded.';


--
-- Name: COLUMN partition_archive.dropped_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_archive.dropped_at IS 'When the partition was dropped from the database, if it was.';


--
-- Name: COLUMN partition_archive.restored_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_archive.restored_at IS 'When it was last brought back from the file, if it was.';


--
-- Name: partition_policy; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.partition_policy (
    singleton boolean DEFAULT true NOT NULL,
    period text DEFAULT 'month'::text NOT NULL COLLATE pg_catalog."C",
    periods_ahead integer DEFAULT 3 NOT NULL,
    hash_subpartitions integer,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    retention interval,
    CONSTRAINT partition_policy_hash_subpartitions CHECK (((hash_subpartitions >= 2) AND (hash_subpartitions <= 64))),
    CONSTRAINT partition_policy_period CHECK ((period = ANY (ARRAY['day'::text, 'week'::text, 'month'::text]))),
    CONSTRAINT partition_policy_periods_ahead CHECK (((periods_ahead >= 1) AND (periods_ahead <= 400))),
    CONSTRAINT partition_policy_retention CHECK ((retention >= '1 day'::interval)),
    CONSTRAINT partition_policy_singleton CHECK (singleton)
);


--
-- Name: TABLE partition_policy; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.partition_policy IS 'How lib_event.event is partitioned from now on (one row): the period of a partition, how many periods are kept ready ahead, and an optional split of each period by hash of event__id.

Changes apply to partitions made afterwards; existing partitions keep their
bounds. The first values come from the database settings
lib_event.partition_period and lib_event.hash_subpartitions when the
migration runs (ALTER DATABASE ... SET), so a new install can start with its
own scheme. Sub-partitions hash event__id, not another column: PostgreSQL
requires every partitioning column in a unique key, and event__id alone must
stay unique across the log.';


--
-- Name: COLUMN partition_policy.singleton; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_policy.singleton IS 'Always true: the table holds one row.';


--
-- Name: COLUMN partition_policy.period; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_policy.period IS 'The span of one partition: day, week (Monday to Sunday) or month, in UTC.';


--
-- Name: COLUMN partition_policy.periods_ahead; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_policy.periods_ahead IS 'How many periods after the current one lib_event.maintain_partitions keeps ready.';


--
-- Name: COLUMN partition_policy.hash_subpartitions; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_policy.hash_subpartitions IS 'How many sub-partitions (2 to 64) split each period by hash of event__id, spreading writes and vacuum over smaller tables; null for none.';


--
-- Name: COLUMN partition_policy.updated_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_policy.updated_at IS 'When the policy last changed.';


--
-- Name: COLUMN partition_policy.retention; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partition_policy.retention IS 'How long events are kept in the database (at least a day); a partition whose whole period is older is archived, then dropped. Null keeps everything.';


--
-- Name: partitions; Type: VIEW; Schema: lib_event; Owner: -
--

CREATE VIEW lib_event.partitions AS
 SELECT (c.relname)::text AS partition,
        CASE
            WHEN (b.bounds[1] = 'MINVALUE'::text) THEN '-infinity'::timestamp with time zone
            ELSE lib_event.uuid_time((btrim(b.bounds[1], ''''::text))::uuid)
        END AS starts_at,
    lib_event.uuid_time((btrim(b.bounds[2], ''''::text))::uuid) AS ends_at,
    (c.relkind = 'p'::"char") AS subpartitioned,
    (( SELECT sum(pg_total_relation_size(t.relid)) AS sum
           FROM pg_partition_tree((c.oid)::regclass) t(relid, parentrelid, isleaf, level)))::bigint AS bytes
   FROM ((pg_inherits i
     JOIN pg_class c ON ((c.oid = i.inhrelid)))
     CROSS JOIN LATERAL regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \((.+)\) TO \((.+)\)'::text) b(bounds))
  WHERE ((i.inhparent = ('lib_event.event'::regclass)::oid) AND (b.bounds IS NOT NULL));


--
-- Name: VIEW partitions; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON VIEW lib_event.partitions IS 'The partitions of lib_event.event (the default one aside) with the recording times they take: from starts_at (inclusive) to ends_at (exclusive), and their size on disk.';


--
-- Name: COLUMN partitions.partition; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partitions.partition IS 'The partition''s table name, in schema lib_event.';


--
-- Name: COLUMN partitions.starts_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partitions.starts_at IS 'The earliest recording time it takes (-infinity for the first partition of a converted install).';


--
-- Name: COLUMN partitions.ends_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partitions.ends_at IS 'The recording time it takes events up to, exclusive: the next partition''s starts_at.';


--
-- Name: COLUMN partitions.subpartitioned; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partitions.subpartitioned IS 'Whether it is split by hash of event__id (lib_event.partition_policy.hash_subpartitions).';


--
-- Name: COLUMN partitions.bytes; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.partitions.bytes IS 'Its size on disk: rows, indexes and TOAST, sub-partitions included.';


--
-- Name: refusals_22007; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_22007
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_22007; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_22007 IS 'Writes refused with 22007 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="22007"}).';


--
-- Name: refusals_le001; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le001
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le001; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le001 IS 'Writes refused with LE001 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE001"}).';


--
-- Name: refusals_le002; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le002
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le002; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le002 IS 'Writes refused with LE002 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE002"}).';


--
-- Name: refusals_le003; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le003
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le003; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le003 IS 'Writes refused with LE003 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE003"}).';


--
-- Name: refusals_le004; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le004
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le004; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le004 IS 'Writes refused with LE004 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE004"}).';


--
-- Name: refusals_le005; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le005
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le005; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le005 IS 'Writes refused with LE005 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE005"}).';


--
-- Name: refusals_le006; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le006
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le006; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le006 IS 'Writes refused with LE006 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE006"}).';


--
-- Name: refusals_le007; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le007
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le007; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le007 IS 'Writes refused with LE007 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE007"}).';


--
-- Name: refusals_le008; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le008
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le008; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le008 IS 'Writes refused with LE008 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE008"}).';


--
-- Name: refusals_le014; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le014
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le014; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le014 IS 'Writes refused with LE014 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE014"}).';


--
-- Name: refusals_le040; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le040
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le040; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le040 IS 'Writes refused with LE040 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE040"}).';


--
-- Name: refusals_le041; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le041
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le041; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le041 IS 'Writes refused with LE041 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE041"}).';


--
-- Name: refusals_le081; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le081
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le081; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le081 IS 'Writes refused with LE081 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE081"}).';


--
-- Name: refusals_le082; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le082
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le082; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le082 IS 'Writes refused with LE082 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE082"}).';


--
-- Name: refusals_le083; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le083
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le083; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le083 IS 'Writes refused with LE083 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE083"}).';


--
-- Name: refusals_le085; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_le085
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_le085; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_le085 IS 'Writes refused with LE085 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE085"}).';


--
-- Name: refusals_pt401; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_pt401
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_pt401; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_pt401 IS 'Writes refused with PT401 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="PT401"}).';


--
-- Name: refusals_pt403; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_pt403
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_pt403; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_pt403 IS 'Writes refused with PT403 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="PT403"}).';


--
-- Name: refusals_pt413; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_pt413
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_pt413; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_pt413 IS 'Writes refused with PT413 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="PT413"}).';


--
-- Name: refusals_pt429; Type: SEQUENCE; Schema: lib_event; Owner: -
--

CREATE SEQUENCE lib_event.refusals_pt429
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: SEQUENCE refusals_pt429; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON SEQUENCE lib_event.refusals_pt429 IS 'Writes refused with PT429 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="PT429"}).';


--
-- Name: relay_cursor; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.relay_cursor (
    relay text NOT NULL COLLATE pg_catalog."C",
    cursor text NOT NULL COLLATE pg_catalog."C",
    emitted bigint DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT relay_cursor_relay_length CHECK (((length(relay) >= 1) AND (length(relay) <= 63)))
);


--
-- Name: TABLE relay_cursor; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.relay_cursor IS 'Where each relay process is in the log: the cursor after the last id it announced.

Written in the same transaction as the NOTIFYs it covers, so a relay that
stops or crashes resumes exactly after what it announced.';


--
-- Name: COLUMN relay_cursor.relay; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.relay_cursor.relay IS 'The relay''s name (RELAY_NAME), default relay.';


--
-- Name: COLUMN relay_cursor.cursor; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.relay_cursor.cursor IS 'A lib_events.follow cursor: the log position of the last id announced.';


--
-- Name: COLUMN relay_cursor.emitted; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.relay_cursor.emitted IS 'How many ids this relay has announced, in total.';


--
-- Name: COLUMN relay_cursor.updated_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.relay_cursor.updated_at IS 'When the relay last announced something (or started).';


--
-- Name: relay_checkpoint; Type: VIEW; Schema: lib_event; Owner: -
--

CREATE VIEW lib_event.relay_checkpoint AS
 SELECT relay,
    cursor AS checkpoint,
    emitted,
    updated_at
   FROM lib_event.relay_cursor;


--
-- Name: VIEW relay_checkpoint; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON VIEW lib_event.relay_checkpoint IS 'lib_event.relay_cursor under its former name, for a relay of the earlier version during an upgrade; new code uses relay_cursor.';


--
-- Name: COLUMN relay_checkpoint.relay; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.relay_checkpoint.relay IS 'lib_event.relay_cursor.relay.';


--
-- Name: COLUMN relay_checkpoint.checkpoint; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.relay_checkpoint.checkpoint IS 'lib_event.relay_cursor.cursor, under its former name.';


--
-- Name: COLUMN relay_checkpoint.emitted; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.relay_checkpoint.emitted IS 'lib_event.relay_cursor.emitted.';


--
-- Name: COLUMN relay_checkpoint.updated_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.relay_checkpoint.updated_at IS 'lib_event.relay_cursor.updated_at.';


--
-- Name: scoped_event; Type: VIEW; Schema: lib_event; Owner: -
--

CREATE VIEW lib_event.scoped_event AS
 SELECT event__id,
    event_type,
    occurred_at,
    created_at,
    source,
    partition_key,
    consumer,
    headers,
    payload,
    xact_id,
    content_salt,
    content_commitment,
    leaf_hash,
    erased_at,
    erasure__id,
    tenant
   FROM lib_event.event;


--
-- Name: VIEW scoped_event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON VIEW lib_event.scoped_event IS 'The events the scope policy lets the request''s key read: lib_event.event read as lib_event_scoped_reader, its owner, whom the policy binds. find reads it for a key with a read scope; lib_event.visible_event chooses its branch for every other path.';


--
-- Name: COLUMN scoped_event.event__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.event__id IS 'Time-ordered (UUIDv7) id, assigned at recording.';


--
-- Name: COLUMN scoped_event.event_type; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.event_type IS 'What happened: <service>.<resourceType>.<verb_past_tense>.';


--
-- Name: COLUMN scoped_event.occurred_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.occurred_at IS 'When it happened in the system that reports it.';


--
-- Name: COLUMN scoped_event.created_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.created_at IS 'When lib_event recorded it.';


--
-- Name: COLUMN scoped_event.source; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.source IS 'The entity that originated the event (a request id, say), if known.';


--
-- Name: COLUMN scoped_event.partition_key; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.partition_key IS 'Caller-chosen key grouping related events (an aggregate id, a tenant).';


--
-- Name: COLUMN scoped_event.consumer; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.consumer IS 'Who recorded it: the API key''s name, or the database role of a direct SQL caller.';


--
-- Name: COLUMN scoped_event.headers; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.headers IS 'User-defined headers plus the standard entries (event_type, event__id, created_at, occurred_at, source, partition_key, consumer).';


--
-- Name: COLUMN scoped_event.payload; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.payload IS 'The event content, any JSON value, or null.';


--
-- Name: COLUMN scoped_event.xact_id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.xact_id IS 'Id of the transaction that recorded the event: readers use it to never skip an event committed late.';


--
-- Name: COLUMN scoped_event.content_salt; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.content_salt IS 'The random salt of the content commitment (leaf format v2); null for events recorded before v2 and once erased.';


--
-- Name: COLUMN scoped_event.content_commitment; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.content_commitment IS 'SHA-256(content_salt || headers || payload), lib_event.content_commitment: what a v2 leaf commits to instead of the content; kept when the content is erased.';


--
-- Name: COLUMN scoped_event.leaf_hash; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.leaf_hash IS 'The event''s leaf hash (format v2), computed when it was recorded; the sequencer places it. Null for events recorded before v2.';


--
-- Name: COLUMN scoped_event.erased_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.erased_at IS 'When lib_event.erase removed its payload, user headers and salt; null while it holds them.';


--
-- Name: COLUMN scoped_event.erasure__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.erasure__id IS 'The lib_event.event.erased event that records the erasure; null while not erased.';


--
-- Name: COLUMN scoped_event.tenant; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.scoped_event.tenant IS 'The tenant the event belongs to, if any: the producer key''s tenant scope, or (for an unscoped key) the tenant field of create; also in headers.tenant, so the leaf hash covers it.';


--
-- Name: sequencer_cursor; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.sequencer_cursor (
    only_row boolean DEFAULT true NOT NULL,
    system_identifier bigint NOT NULL,
    xact_id xid8 NOT NULL,
    event__id uuid NOT NULL,
    sweep_fence xid8,
    swept_to uuid,
    moved_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT sequencer_cursor_one_row CHECK (only_row),
    CONSTRAINT sequencer_cursor_sweep_whole CHECK (((sweep_fence IS NULL) = (swept_to IS NULL)))
);


--
-- Name: TABLE sequencer_cursor; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.sequencer_cursor IS 'Where lib_event.sequence_events is: one row, written only by it. See the comment at the top of the migration that created it.';


--
-- Name: COLUMN sequencer_cursor.only_row; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.sequencer_cursor.only_row IS 'Always true: the table holds one row.';


--
-- Name: COLUMN sequencer_cursor.system_identifier; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.sequencer_cursor.system_identifier IS 'The cluster the cursor''s transaction ids belong to (lib_event.system_identifier()).';


--
-- Name: COLUMN sequencer_cursor.xact_id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.sequencer_cursor.xact_id IS 'The recording transaction of the last event the walk passed.';


--
-- Name: COLUMN sequencer_cursor.event__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.sequencer_cursor.event__id IS 'The id of the last event the walk passed.';


--
-- Name: COLUMN sequencer_cursor.sweep_fence; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.sequencer_cursor.sweep_fence IS 'While sweeping a new cluster: the oldest transaction running when the sweep began; null otherwise.';


--
-- Name: COLUMN sequencer_cursor.swept_to; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.sequencer_cursor.swept_to IS 'While sweeping a new cluster: the greatest event id swept so far; null otherwise.';


--
-- Name: COLUMN sequencer_cursor.moved_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.sequencer_cursor.moved_at IS 'When the cursor last moved.';


--
-- Name: sequencer_tally; Type: TABLE; Schema: lib_event; Owner: -
--

CREATE TABLE lib_event.sequencer_tally (
    only_row boolean DEFAULT true NOT NULL,
    counted_to bigint NOT NULL,
    batches bigint DEFAULT 0 NOT NULL,
    batch_seconds double precision DEFAULT 0 NOT NULL,
    events bigint DEFAULT 0 NOT NULL,
    counted_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT sequencer_tally_one_row CHECK (only_row)
);


--
-- Name: TABLE sequencer_tally; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TABLE lib_event.sequencer_tally IS 'The sequencer''s counters for the metrics: batches placed, their total duration and events, and the log position up to which lib_event.event_tally counts. One row; counting starts when it was made.';


--
-- Name: COLUMN sequencer_tally.only_row; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.sequencer_tally.only_row IS 'Always true: the table has one row.';


--
-- Name: COLUMN sequencer_tally.counted_to; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.sequencer_tally.counted_to IS 'The log position up to which lib_event.event_tally counts events.';


--
-- Name: COLUMN sequencer_tally.batches; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.sequencer_tally.batches IS 'Batches of events the sequencer placed in the log.';


--
-- Name: COLUMN sequencer_tally.batch_seconds; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.sequencer_tally.batch_seconds IS 'Their total duration, as the sequencer timed them.';


--
-- Name: COLUMN sequencer_tally.events; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.sequencer_tally.events IS 'The events in those batches.';


--
-- Name: COLUMN sequencer_tally.counted_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.sequencer_tally.counted_at IS 'When the counters last moved.';


--
-- Name: visible_event; Type: VIEW; Schema: lib_event; Owner: -
--

CREATE VIEW lib_event.visible_event AS
 SELECT event__id,
    event_type,
    occurred_at,
    created_at,
    source,
    partition_key,
    consumer,
    headers,
    payload,
    xact_id,
    content_salt,
    content_commitment,
    leaf_hash,
    erased_at,
    erasure__id,
    tenant
   FROM lib_event.event_read_branches b
  WHERE (through_policy = ( SELECT lib_event.read_scoped() AS read_scoped));


--
-- Name: VIEW visible_event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON VIEW lib_event.visible_event IS 'The events the request''s API key may read (all of them without a key or scope): under the scope policy for a key with a read scope, past it for any other (lib_event.event_read_branches, one branch chosen per statement). lib_events.events, follow, event_payload and inclusion_proof read events through it; find reads lib_event.every_event or lib_event.scoped_event itself.';


--
-- Name: COLUMN visible_event.event__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.event__id IS 'Time-ordered (UUIDv7) id, assigned at recording.';


--
-- Name: COLUMN visible_event.event_type; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.event_type IS 'What happened: <service>.<resourceType>.<verb_past_tense>.';


--
-- Name: COLUMN visible_event.occurred_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.occurred_at IS 'When it happened in the system that reports it.';


--
-- Name: COLUMN visible_event.created_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.created_at IS 'When lib_event recorded it.';


--
-- Name: COLUMN visible_event.source; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.source IS 'The entity that originated the event (a request id, say), if known.';


--
-- Name: COLUMN visible_event.partition_key; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.partition_key IS 'Caller-chosen key grouping related events (an aggregate id, a tenant).';


--
-- Name: COLUMN visible_event.consumer; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.consumer IS 'Who recorded it: the API key''s name, or the database role of a direct SQL caller.';


--
-- Name: COLUMN visible_event.headers; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.headers IS 'User-defined headers plus the standard entries (event_type, event__id, created_at, occurred_at, source, partition_key, consumer).';


--
-- Name: COLUMN visible_event.payload; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.payload IS 'The event content, any JSON value, or null.';


--
-- Name: COLUMN visible_event.xact_id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.xact_id IS 'Id of the transaction that recorded the event: readers use it to never skip an event committed late.';


--
-- Name: COLUMN visible_event.content_salt; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.content_salt IS 'The random salt of the content commitment (leaf format v2); null for events recorded before v2 and once erased.';


--
-- Name: COLUMN visible_event.content_commitment; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.content_commitment IS 'SHA-256(content_salt || headers || payload), lib_event.content_commitment: what a v2 leaf commits to instead of the content; kept when the content is erased.';


--
-- Name: COLUMN visible_event.leaf_hash; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.leaf_hash IS 'The event''s leaf hash (format v2), computed when it was recorded; the sequencer places it. Null for events recorded before v2.';


--
-- Name: COLUMN visible_event.erased_at; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.erased_at IS 'When lib_event.erase removed its payload, user headers and salt; null while it holds them.';


--
-- Name: COLUMN visible_event.erasure__id; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.erasure__id IS 'The lib_event.event.erased event that records the erasure; null while not erased.';


--
-- Name: COLUMN visible_event.tenant; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON COLUMN lib_event.visible_event.tenant IS 'The tenant the event belongs to, if any: the producer key''s tenant scope, or (for an unscoped key) the tenant field of create; also in headers.tenant, so the leaf hash covers it.';


--
-- Name: checkpoints; Type: VIEW; Schema: lib_events; Owner: -
--

CREATE VIEW lib_events.checkpoints AS
 SELECT tree_size,
    encode(root_hash, 'hex'::text) AS root_hash,
    signed_at,
    key_id,
    encode(signature, 'base64'::text) AS signature,
    (lib_event.checkpoint_signed_text(origin, tree_size, root_hash, signed_at) COLLATE "default") AS signed_text,
    origin,
    lib_event.checkpoint_note(tree_size) AS note,
    ARRAY( SELECT w.witness
           FROM lib_event.checkpoint_cosignature w
          WHERE (w.tree_size = c.tree_size)
          ORDER BY w.witness) AS cosigned_by
   FROM lib_event.log_checkpoint c;


--
-- Name: VIEW checkpoints; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON VIEW lib_events.checkpoints IS 'Signed checkpoints of the log (db/verifiable-log.md): keep copies elsewhere; npm run verify checks the log against them.

Since C2SP checkpoints, note is the checkpoint as a signed note
(c2sp.org/tlog-checkpoint) that any note verifier opens with the vkey of
GET /log_keys; older checkpoints have no origin and no note.';


--
-- Name: COLUMN checkpoints.tree_size; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.checkpoints.tree_size IS 'How many events the signed tree holds.';


--
-- Name: COLUMN checkpoints.root_hash; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.checkpoints.root_hash IS 'The Merkle tree hash of positions 1 to tree_size, hex.';


--
-- Name: COLUMN checkpoints.signed_at; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.checkpoints.signed_at IS 'When it was signed.';


--
-- Name: COLUMN checkpoints.key_id; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.checkpoints.key_id IS 'The signing key (see log_keys).';


--
-- Name: COLUMN checkpoints.signature; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.checkpoints.signature IS 'Ed25519 signature of signed_text, base64.';


--
-- Name: COLUMN checkpoints.signed_text; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.checkpoints.signed_text IS 'The exact text signed (UTF-8): the note text of a C2SP checkpoint, or the lib_event checkpoint v1 text.';


--
-- Name: COLUMN checkpoints.origin; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.checkpoints.origin IS 'The log''s origin, the note''s first line; null for a lib_event checkpoint v1.';


--
-- Name: COLUMN checkpoints.note; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.checkpoints.note IS 'The C2SP signed note: text, blank line, the log''s signature line and any witnesses'' cosignature lines; null for a lib_event checkpoint v1.';


--
-- Name: COLUMN checkpoints.cosigned_by; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.checkpoints.cosigned_by IS 'The witnesses whose cosignatures the note carries (their key names), for a policy such as "at least 2 of them": ?cosigned_by=cs.{w1.example,w2.example}.';


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
        CASE
            WHEN ((lib_event.deferred_payload_of(event__id)).event__id IS NULL) THEN payload
            ELSE NULL::jsonb
        END AS payload,
    ((lib_event.deferred_payload_of(event__id)).event__id IS NOT NULL) AS payload_deferred,
    (lib_event.deferred_payload_of(event__id)).payload_size AS payload_size,
    encode((lib_event.deferred_payload_of(event__id)).payload_sha256, 'hex'::text) AS payload_sha256,
    erased_at,
    erasure__id,
    (tenant)::text AS tenant
   FROM lib_event.visible_event e
  WHERE ( SELECT lib_event.check_bounded_read('events'::text) AS check_bounded_read);


--
-- Name: VIEW events; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON VIEW lib_events.events IS 'Recorded events, for querying.

Filter any column with PostgREST operators, e.g.
event_type=eq.billing.invoice.paid, event_type=like.billing.invoice.*,
consumer=eq.billing, source=eq.<uuid>, partition_key=eq.invoice:INV-1,
created_at=gte.2026-01-01T00:00:00Z, occurred_at=lt.2026-02-01T00:00:00Z,
headers=cs.{"actor":"ada"}. Indexed: created_at, occurred_at,
(consumer, created_at), (event_type, created_at), source, partition_key and
headers (containment), tenant. A scoped API key reads only the events of
its scope, counts included (db/security.md). A read needs limit=N (up to 1000) or a Range header
(else LE084, HTTP 400).';


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

COMMENT ON COLUMN lib_events.events.payload IS 'The event content; null when deferred (payload_deferred): read it with event_payload; null once erased (erased_at).';


--
-- Name: COLUMN events.payload_deferred; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.payload_deferred IS 'Whether the payload is over 256 KiB of JSON text and left out: GET /rpc/event_payload?event__id=... returns it.';


--
-- Name: COLUMN events.payload_size; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.payload_size IS 'For a deferred payload, its bytes of JSON text; null otherwise.';


--
-- Name: COLUMN events.payload_sha256; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.payload_sha256 IS 'For a deferred payload, the SHA-256 of its JSON text, hex; null otherwise.';


--
-- Name: COLUMN events.erased_at; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.erased_at IS 'When the event''s payload and own headers were erased (lib_event.erase); null while it holds them.';


--
-- Name: COLUMN events.erasure__id; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.erasure__id IS 'The lib_event.event.erased event recording the erasure (who, why, which events); null while not erased.';


--
-- Name: COLUMN events.tenant; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.events.tenant IS 'The tenant the event belongs to, if any (also in headers.tenant): the producer key''s tenant, or the tenant field of create.';


--
-- Name: log_keys; Type: VIEW; Schema: lib_events; Owner: -
--

CREATE VIEW lib_events.log_keys AS
 SELECT key_id,
    public_key,
    created_at,
    ( SELECT lib_event.vkey(o.origin, k.public_key) AS vkey
           FROM lib_event.log_origin o) AS vkey
   FROM lib_event.log_key k;


--
-- Name: VIEW log_keys; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON VIEW lib_events.log_keys IS 'The public keys checkpoints are signed with: an auditor keeps a copy of the key it trusts.';


--
-- Name: COLUMN log_keys.key_id; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.log_keys.key_id IS 'The key''s id, as checkpoints name it.';


--
-- Name: COLUMN log_keys.public_key; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.log_keys.public_key IS 'Ed25519 public key, PEM.';


--
-- Name: COLUMN log_keys.created_at; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.log_keys.created_at IS 'When it was first used.';


--
-- Name: COLUMN log_keys.vkey; Type: COMMENT; Schema: lib_events; Owner: -
--

COMMENT ON COLUMN lib_events.log_keys.vkey IS 'The key as a C2SP verifier key (<origin>+<key ID>+<key>): what note verifiers (Go''s golang.org/x/mod/sumdb/note, witnesses) take; null until the first C2SP checkpoint names the origin.';


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version character varying(128) NOT NULL
);


--
-- Name: event_outside_partitions; Type: TABLE ATTACH; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.event ATTACH PARTITION lib_event.event_outside_partitions DEFAULT;


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
-- Name: backlog_bound backlog_bound_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.backlog_bound
    ADD CONSTRAINT backlog_bound_pkey PRIMARY KEY (only_row);


--
-- Name: bridge_cursor bridge_cursor_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.bridge_cursor
    ADD CONSTRAINT bridge_cursor_pkey PRIMARY KEY (bridge);


--
-- Name: checkpoint_cosignature checkpoint_cosignature_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.checkpoint_cosignature
    ADD CONSTRAINT checkpoint_cosignature_pkey PRIMARY KEY (tree_size, witness, key_id);


--
-- Name: consumer_seal_key consumer_seal_key_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.consumer_seal_key
    ADD CONSTRAINT consumer_seal_key_pkey PRIMARY KEY (only_row);


--
-- Name: deferred_payload deferred_payload_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.deferred_payload
    ADD CONSTRAINT deferred_payload_pkey PRIMARY KEY (event__id);


--
-- Name: event event_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.event
    ADD CONSTRAINT event_pkey PRIMARY KEY (event__id);


--
-- Name: event_outside_partitions event_outside_partitions_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.event_outside_partitions
    ADD CONSTRAINT event_outside_partitions_pkey PRIMARY KEY (event__id);


--
-- Name: event_tally event_tally_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.event_tally
    ADD CONSTRAINT event_tally_pkey PRIMARY KEY (type_prefix, consumer);


--
-- Name: health_limit health_limit_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.health_limit
    ADD CONSTRAINT health_limit_pkey PRIMARY KEY (item);


--
-- Name: idempotency_key idempotency_key_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.idempotency_key
    ADD CONSTRAINT idempotency_key_pkey PRIMARY KEY (consumer, idempotency_key);


--
-- Name: ingest_publisher ingest_publisher_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.ingest_publisher
    ADD CONSTRAINT ingest_publisher_pkey PRIMARY KEY (amqp_user);


--
-- Name: job_run job_run_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.job_run
    ADD CONSTRAINT job_run_pkey PRIMARY KEY (job);


--
-- Name: log_checkpoint log_checkpoint_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.log_checkpoint
    ADD CONSTRAINT log_checkpoint_pkey PRIMARY KEY (tree_size);


--
-- Name: log_entry log_entry_event__id_key; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.log_entry
    ADD CONSTRAINT log_entry_event__id_key UNIQUE (event__id);


--
-- Name: log_entry log_entry_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.log_entry
    ADD CONSTRAINT log_entry_pkey PRIMARY KEY ("position");


--
-- Name: log_key log_key_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.log_key
    ADD CONSTRAINT log_key_pkey PRIMARY KEY (key_id);


--
-- Name: log_origin log_origin_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.log_origin
    ADD CONSTRAINT log_origin_pkey PRIMARY KEY (log_origin__id);


--
-- Name: merkle_node merkle_node_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.merkle_node
    ADD CONSTRAINT merkle_node_pkey PRIMARY KEY (level, index);


--
-- Name: older_name older_name_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.older_name
    ADD CONSTRAINT older_name_pkey PRIMARY KEY (object, older_name);


--
-- Name: partition_archive partition_archive_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.partition_archive
    ADD CONSTRAINT partition_archive_pkey PRIMARY KEY (partition);


--
-- Name: partition_policy partition_policy_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.partition_policy
    ADD CONSTRAINT partition_policy_pkey PRIMARY KEY (singleton);


--
-- Name: relay_cursor relay_cursor_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.relay_cursor
    ADD CONSTRAINT relay_cursor_pkey PRIMARY KEY (relay);


--
-- Name: sequencer_cursor sequencer_cursor_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.sequencer_cursor
    ADD CONSTRAINT sequencer_cursor_pkey PRIMARY KEY (only_row);


--
-- Name: sequencer_tally sequencer_tally_pkey; Type: CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.sequencer_tally
    ADD CONSTRAINT sequencer_tally_pkey PRIMARY KEY (only_row);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: event_consumer_created_at_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_consumer_created_at_idx ON ONLY lib_event.event USING btree (consumer, created_at);


--
-- Name: event_created_at_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_created_at_idx ON ONLY lib_event.event USING btree (created_at);


--
-- Name: event_headers_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_headers_idx ON ONLY lib_event.event USING gin (headers jsonb_path_ops);


--
-- Name: INDEX event_headers_idx; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON INDEX lib_event.event_headers_idx IS 'Header containment (headers=cs.{"actor":"ada"}). jsonb_path_ops: smaller and faster than the default GIN operator class, and @> is the only operator the view''s filters need.';


--
-- Name: event_occurred_at_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_occurred_at_idx ON ONLY lib_event.event USING btree (occurred_at);


--
-- Name: INDEX event_occurred_at_idx; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON INDEX lib_event.event_occurred_at_idx IS 'occurred_at ranges (occurred_at=gte.<time>&occurred_at=lt.<time>).';


--
-- Name: event_outside_partitions_consumer_created_at_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_outside_partitions_consumer_created_at_idx ON lib_event.event_outside_partitions USING btree (consumer, created_at);


--
-- Name: event_outside_partitions_created_at_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_outside_partitions_created_at_idx ON lib_event.event_outside_partitions USING btree (created_at);


--
-- Name: event_type_created_at_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_type_created_at_idx ON ONLY lib_event.event USING btree (event_type, created_at);


--
-- Name: event_outside_partitions_event_type_created_at_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_outside_partitions_event_type_created_at_idx ON lib_event.event_outside_partitions USING btree (event_type, created_at);


--
-- Name: event_outside_partitions_headers_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_outside_partitions_headers_idx ON lib_event.event_outside_partitions USING gin (headers jsonb_path_ops);


--
-- Name: event_outside_partitions_occurred_at_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_outside_partitions_occurred_at_idx ON lib_event.event_outside_partitions USING btree (occurred_at);


--
-- Name: event_partition_key_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_partition_key_idx ON ONLY lib_event.event USING btree (partition_key) WHERE (partition_key IS NOT NULL);


--
-- Name: INDEX event_partition_key_idx; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON INDEX lib_event.event_partition_key_idx IS 'partition_key=eq.<key>: partial, since many events have no partition key.';


--
-- Name: event_outside_partitions_partition_key_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_outside_partitions_partition_key_idx ON lib_event.event_outside_partitions USING btree (partition_key) WHERE (partition_key IS NOT NULL);


--
-- Name: event_source_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_source_idx ON ONLY lib_event.event USING btree (source) WHERE (source IS NOT NULL);


--
-- Name: INDEX event_source_idx; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON INDEX lib_event.event_source_idx IS 'source=eq.<uuid>: partial, since most events have no source.';


--
-- Name: event_outside_partitions_source_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_outside_partitions_source_idx ON lib_event.event_outside_partitions USING btree (source) WHERE (source IS NOT NULL);


--
-- Name: event_tenant_created_at; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_tenant_created_at ON ONLY lib_event.event USING btree (tenant, created_at) WHERE (tenant IS NOT NULL);


--
-- Name: event_outside_partitions_tenant_created_at_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_outside_partitions_tenant_created_at_idx ON lib_event.event_outside_partitions USING btree (tenant, created_at) WHERE (tenant IS NOT NULL);


--
-- Name: event_xact_id_event__id_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_xact_id_event__id_idx ON ONLY lib_event.event USING btree (xact_id, event__id);


--
-- Name: INDEX event_xact_id_event__id_idx; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON INDEX lib_event.event_xact_id_event__id_idx IS 'The order in which readers follow the log: (recording transaction, id).';


--
-- Name: event_outside_partitions_xact_id_event__id_idx; Type: INDEX; Schema: lib_event; Owner: -
--

CREATE INDEX event_outside_partitions_xact_id_event__id_idx ON lib_event.event_outside_partitions USING btree (xact_id, event__id);


--
-- Name: event_outside_partitions_consumer_created_at_idx; Type: INDEX ATTACH; Schema: lib_event; Owner: -
--

ALTER INDEX lib_event.event_consumer_created_at_idx ATTACH PARTITION lib_event.event_outside_partitions_consumer_created_at_idx;


--
-- Name: event_outside_partitions_created_at_idx; Type: INDEX ATTACH; Schema: lib_event; Owner: -
--

ALTER INDEX lib_event.event_created_at_idx ATTACH PARTITION lib_event.event_outside_partitions_created_at_idx;


--
-- Name: event_outside_partitions_event_type_created_at_idx; Type: INDEX ATTACH; Schema: lib_event; Owner: -
--

ALTER INDEX lib_event.event_type_created_at_idx ATTACH PARTITION lib_event.event_outside_partitions_event_type_created_at_idx;


--
-- Name: event_outside_partitions_headers_idx; Type: INDEX ATTACH; Schema: lib_event; Owner: -
--

ALTER INDEX lib_event.event_headers_idx ATTACH PARTITION lib_event.event_outside_partitions_headers_idx;


--
-- Name: event_outside_partitions_occurred_at_idx; Type: INDEX ATTACH; Schema: lib_event; Owner: -
--

ALTER INDEX lib_event.event_occurred_at_idx ATTACH PARTITION lib_event.event_outside_partitions_occurred_at_idx;


--
-- Name: event_outside_partitions_partition_key_idx; Type: INDEX ATTACH; Schema: lib_event; Owner: -
--

ALTER INDEX lib_event.event_partition_key_idx ATTACH PARTITION lib_event.event_outside_partitions_partition_key_idx;


--
-- Name: event_outside_partitions_pkey; Type: INDEX ATTACH; Schema: lib_event; Owner: -
--

ALTER INDEX lib_event.event_pkey ATTACH PARTITION lib_event.event_outside_partitions_pkey;


--
-- Name: event_outside_partitions_source_idx; Type: INDEX ATTACH; Schema: lib_event; Owner: -
--

ALTER INDEX lib_event.event_source_idx ATTACH PARTITION lib_event.event_outside_partitions_source_idx;


--
-- Name: event_outside_partitions_tenant_created_at_idx; Type: INDEX ATTACH; Schema: lib_event; Owner: -
--

ALTER INDEX lib_event.event_tenant_created_at ATTACH PARTITION lib_event.event_outside_partitions_tenant_created_at_idx;


--
-- Name: event_outside_partitions_xact_id_event__id_idx; Type: INDEX ATTACH; Schema: lib_event; Owner: -
--

ALTER INDEX lib_event.event_xact_id_event__id_idx ATTACH PARTITION lib_event.event_outside_partitions_xact_id_event__id_idx;


--
-- Name: checkpoint_cosignature checkpoint_cosignature_refuse_change; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER checkpoint_cosignature_refuse_change BEFORE DELETE OR UPDATE ON lib_event.checkpoint_cosignature FOR EACH STATEMENT EXECUTE FUNCTION lib_event.refuse_change();


--
-- Name: TRIGGER checkpoint_cosignature_refuse_change ON checkpoint_cosignature; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER checkpoint_cosignature_refuse_change ON lib_event.checkpoint_cosignature IS 'Cosignatures are never changed or removed.';


--
-- Name: event event_defer_large_payload; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER event_defer_large_payload BEFORE INSERT ON lib_event.event FOR EACH ROW WHEN ((pg_column_size(new.payload) > 43690)) EXECUTE FUNCTION lib_event.defer_large_payload();


--
-- Name: TRIGGER event_defer_large_payload ON event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER event_defer_large_payload ON lib_event.event IS 'Notes large payloads in lib_event.deferred_payload as they are recorded.';


--
-- Name: event event_notify_created; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER event_notify_created AFTER INSERT ON lib_event.event REFERENCING NEW TABLE AS recorded FOR EACH STATEMENT EXECUTE FUNCTION lib_event.notify_created_ids();


--
-- Name: TRIGGER event_notify_created ON event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER event_notify_created ON lib_event.event IS 'Every recorded event is announced on the lib_event.created channel, at commit.

The payload is a comma-separated list of up to 200 event ids (one id for a
single create), in id order; a batch sends one notification per 200 events.
Split the payload on commas.';


--
-- Name: event_outside_partitions event_outside_partitions_refuse; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER event_outside_partitions_refuse BEFORE INSERT ON lib_event.event_outside_partitions FOR EACH ROW EXECUTE FUNCTION lib_event.refuse_outside_partitions();


--
-- Name: TRIGGER event_outside_partitions_refuse ON event_outside_partitions; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER event_outside_partitions_refuse ON lib_event.event_outside_partitions IS 'An event outside every partition is refused, not kept.';


--
-- Name: event event_refuse_update; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER event_refuse_update BEFORE UPDATE ON lib_event.event FOR EACH STATEMENT EXECUTE FUNCTION lib_event.refuse_update();


--
-- Name: TRIGGER event_refuse_update ON event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER event_refuse_update ON lib_event.event IS 'The log is append-only, even for the owner.';


--
-- Name: event event_refuse_update_of_partition; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER event_refuse_update_of_partition BEFORE UPDATE ON lib_event.event FOR EACH ROW EXECUTE FUNCTION lib_event.refuse_update();


--
-- Name: TRIGGER event_refuse_update_of_partition ON event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER event_refuse_update_of_partition ON lib_event.event IS 'The log is append-only, even for the owner, also when an UPDATE names a partition.';


--
-- Name: event event_seal_content; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER event_seal_content BEFORE INSERT ON lib_event.event FOR EACH ROW WHEN (((new.content_salt IS NOT NULL) AND (new.content_commitment IS NULL))) EXECUTE FUNCTION lib_event.seal_content();


--
-- Name: TRIGGER event_seal_content ON event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER event_seal_content ON lib_event.event IS 'Computes the salted content commitment and the v2 leaf hash as the event is recorded, so the sequencer does not.';


--
-- Name: ingest_publisher ingest_publisher_key_checked; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER ingest_publisher_key_checked BEFORE INSERT OR UPDATE ON lib_event.ingest_publisher FOR EACH ROW EXECUTE FUNCTION lib_event.check_ingest_publisher_key();


--
-- Name: TRIGGER ingest_publisher_key_checked ON ingest_publisher; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER ingest_publisher_key_checked ON lib_event.ingest_publisher IS 'A mapped key is a recording key of the mapped consumer.';


--
-- Name: log_checkpoint log_checkpoint_refuse_update; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER log_checkpoint_refuse_update BEFORE DELETE OR UPDATE ON lib_event.log_checkpoint FOR EACH STATEMENT EXECUTE FUNCTION lib_event.refuse_change();


--
-- Name: TRIGGER log_checkpoint_refuse_update ON log_checkpoint; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER log_checkpoint_refuse_update ON lib_event.log_checkpoint IS 'Checkpoints are never changed or removed.';


--
-- Name: log_entry log_entry_refuse_update; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER log_entry_refuse_update BEFORE DELETE OR UPDATE ON lib_event.log_entry FOR EACH STATEMENT EXECUTE FUNCTION lib_event.refuse_change();


--
-- Name: TRIGGER log_entry_refuse_update ON log_entry; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER log_entry_refuse_update ON lib_event.log_entry IS 'Positions are never changed or removed.';


--
-- Name: log_origin log_origin_refuse_change; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER log_origin_refuse_change BEFORE DELETE OR UPDATE ON lib_event.log_origin FOR EACH STATEMENT EXECUTE FUNCTION lib_event.refuse_change();


--
-- Name: TRIGGER log_origin_refuse_change ON log_origin; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER log_origin_refuse_change ON lib_event.log_origin IS 'A log keeps its origin.';


--
-- Name: merkle_node merkle_node_refuse_update; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER merkle_node_refuse_update BEFORE DELETE OR UPDATE ON lib_event.merkle_node FOR EACH STATEMENT EXECUTE FUNCTION lib_event.refuse_change();


--
-- Name: TRIGGER merkle_node_refuse_update ON merkle_node; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER merkle_node_refuse_update ON lib_event.merkle_node IS 'Tree nodes are never changed or removed.';


--
-- Name: sequencer_cursor sequencer_cursor_refuse_delete; Type: TRIGGER; Schema: lib_event; Owner: -
--

CREATE TRIGGER sequencer_cursor_refuse_delete BEFORE DELETE ON lib_event.sequencer_cursor FOR EACH STATEMENT EXECUTE FUNCTION lib_event.refuse_change();


--
-- Name: TRIGGER sequencer_cursor_refuse_delete ON sequencer_cursor; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON TRIGGER sequencer_cursor_refuse_delete ON lib_event.sequencer_cursor IS 'The cursor is moved, never removed.';


--
-- Name: checkpoint_cosignature checkpoint_cosignature_tree_size_fkey; Type: FK CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.checkpoint_cosignature
    ADD CONSTRAINT checkpoint_cosignature_tree_size_fkey FOREIGN KEY (tree_size) REFERENCES lib_event.log_checkpoint(tree_size);


--
-- Name: ingest_publisher ingest_publisher_api_key__id_fkey; Type: FK CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.ingest_publisher
    ADD CONSTRAINT ingest_publisher_api_key__id_fkey FOREIGN KEY (api_key__id) REFERENCES lib_event.api_key(api_key__id);


--
-- Name: log_checkpoint log_checkpoint_key; Type: FK CONSTRAINT; Schema: lib_event; Owner: -
--

ALTER TABLE ONLY lib_event.log_checkpoint
    ADD CONSTRAINT log_checkpoint_key FOREIGN KEY (key_id) REFERENCES lib_event.log_key(key_id);


--
-- Name: event; Type: ROW SECURITY; Schema: lib_event; Owner: -
--

ALTER TABLE lib_event.event ENABLE ROW LEVEL SECURITY;

--
-- Name: event event_read_within_key_scope; Type: POLICY; Schema: lib_event; Owner: -
--

CREATE POLICY event_read_within_key_scope ON lib_event.event FOR SELECT TO lib_event_scoped_reader USING (lib_event.within_key_scope((event_type)::text, consumer, (tenant)::text, ( SELECT lib_event.read_scope_event_types() AS read_scope_event_types), ( SELECT lib_event.read_scope_consumers() AS read_scope_consumers), ( SELECT lib_event.read_scope_tenants() AS read_scope_tenants)));


--
-- Name: POLICY event_read_within_key_scope ON event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON POLICY event_read_within_key_scope ON lib_event.event IS 'A scoped API key reads only the events of its types, consumers and tenants, through every read path, all of which read as lib_event_scoped_reader (lib_events.events, lib_event.visible_event); a request without a key, or with an unscoped one, reads every event.';


--
-- Name: event event_unscoped; Type: POLICY; Schema: lib_event; Owner: -
--

CREATE POLICY event_unscoped ON lib_event.event TO lib_event_owner, lib_event_maintenance USING (true) WITH CHECK (true);


--
-- Name: POLICY event_unscoped ON event; Type: COMMENT; Schema: lib_event; Owner: -
--

COMMENT ON POLICY event_unscoped ON lib_event.event IS 'The owner (its definer functions: recording, the sequencer, relay, erasure, retention) and the maintenance login see and write every row, ruled by grants and triggers as before scopes; reads of an API key go through lib_event_scoped_reader instead.';


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
    ('20261124000600'),
    ('20261124001000'),
    ('20261124002100'),
    ('20261124002200'),
    ('20261124002300'),
    ('20261124002400'),
    ('20261124002500'),
    ('20261124003000'),
    ('20261124003100'),
    ('20261124003200'),
    ('20261124005000'),
    ('20261128000100'),
    ('20261128000200'),
    ('20261128000300'),
    ('20261128000400'),
    ('20261128000500'),
    ('20261128000600'),
    ('20261128000700'),
    ('20261128000800'),
    ('20261128000900'),
    ('20261128001000'),
    ('20261128001100'),
    ('20261128001200'),
    ('20261128001300'),
    ('20261128001400'),
    ('20261128001500'),
    ('20261203000100'),
    ('20261203000200'),
    ('20261203000300'),
    ('20261203000310'),
    ('20261203000320'),
    ('20261203000400'),
    ('20261203000410'),
    ('20261203000420'),
    ('20261203000430'),
    ('20261203000440'),
    ('20261203000450'),
    ('20261203000460'),
    ('20261203000600'),
    ('20261203000610'),
    ('20261203000620'),
    ('20261203000630'),
    ('20261203000640'),
    ('20261203000650'),
    ('20261204000100'),
    ('20261204000200'),
    ('20261204001000'),
    ('20261204001100'),
    ('20261204001200'),
    ('20261204002000'),
    ('20261204002100'),
    ('20261204002200'),
    ('20261204003000'),
    ('20261204003100'),
    ('20261204003200'),
    ('20261204004000'),
    ('20261204004100'),
    ('20261204004200'),
    ('20261204004300'),
    ('20261204004400'),
    ('20261204005000'),
    ('20261204005100'),
    ('20261204005200'),
    ('20261205010000'),
    ('20261205010100'),
    ('20261205010200'),
    ('20261205010300'),
    ('20261205010400'),
    ('20261205010500'),
    ('20261205010600'),
    ('20261205010700'),
    ('20261205020000'),
    ('20261205030000'),
    ('20261205030100'),
    ('20261205050000'),
    ('20261205050100'),
    ('20261205050200'),
    ('20261205050300'),
    ('20261205050400'),
    ('20261205050500'),
    ('20261205060000'),
    ('20261205070000'),
    ('20261206000100'),
    ('20261206000200'),
    ('20261206010000'),
    ('20261206010100'),
    ('20261206020000'),
    ('20261206020100'),
    ('20261206030000'),
    ('20261206030100'),
    ('20261206030200');
