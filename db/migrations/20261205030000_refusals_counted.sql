-- migrate:up

-- Refusals counted by error code, for lib_event_refusals_total{code} in
-- GET /rpc/metrics. A refused request rolls its transaction back, and with
-- it any row it would have counted in; a sequence's nextval is never rolled
-- back, so each counted code has a sequence of its own, bumped just before
-- the raise. The label values are the codes listed here, no others.
--
-- Counted where lib_event's own checks refuse a write (create, create_many,
-- request_checkpoint, the ingest loader): lib_event.check_event,
-- check_event_input, check_event_inputs, check_json_depth,
-- check_write_request, check_backlog, event_inputs and one_event_input,
-- redefined below with one added line before each raise; nothing else in
-- them changes. Not counted: refusals in a read-only transaction (PostgREST
-- runs GET and HEAD read-only, where nextval is not allowed: LE020, LE021,
-- LE030, LE031, LE033, LE084, LE070, LE071), lib_event.check_request's
-- LE083, the API key's 401, and errors PostgreSQL or PostgREST raise
-- themselves (a malformed uuid, PGRST...). A crash can make a sequence
-- jump ahead by up to 32 (PostgreSQL logs sequences ahead), so after one a
-- counter may over-count a little; Prometheus's rate() is not affected.

set role lib_event_owner;

create sequence lib_event.refusals_le001;
comment on sequence lib_event.refusals_le001 is 'Writes refused with LE001 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE001"}).';
create sequence lib_event.refusals_le002;
comment on sequence lib_event.refusals_le002 is 'Writes refused with LE002 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE002"}).';
create sequence lib_event.refusals_le003;
comment on sequence lib_event.refusals_le003 is 'Writes refused with LE003 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE003"}).';
create sequence lib_event.refusals_le004;
comment on sequence lib_event.refusals_le004 is 'Writes refused with LE004 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE004"}).';
create sequence lib_event.refusals_le005;
comment on sequence lib_event.refusals_le005 is 'Writes refused with LE005 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE005"}).';
create sequence lib_event.refusals_le006;
comment on sequence lib_event.refusals_le006 is 'Writes refused with LE006 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE006"}).';
create sequence lib_event.refusals_le007;
comment on sequence lib_event.refusals_le007 is 'Writes refused with LE007 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE007"}).';
create sequence lib_event.refusals_le008;
comment on sequence lib_event.refusals_le008 is 'Writes refused with LE008 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE008"}).';
create sequence lib_event.refusals_le040;
comment on sequence lib_event.refusals_le040 is 'Writes refused with LE040 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE040"}).';
create sequence lib_event.refusals_le041;
comment on sequence lib_event.refusals_le041 is 'Writes refused with LE041 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE041"}).';
create sequence lib_event.refusals_le081;
comment on sequence lib_event.refusals_le081 is 'Writes refused with LE081 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE081"}).';
create sequence lib_event.refusals_le082;
comment on sequence lib_event.refusals_le082 is 'Writes refused with LE082 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE082"}).';
create sequence lib_event.refusals_le085;
comment on sequence lib_event.refusals_le085 is 'Writes refused with LE085 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE085"}).';
create sequence lib_event.refusals_pt413;
comment on sequence lib_event.refusals_pt413 is 'Writes refused with PT413 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="PT413"}).';
create sequence lib_event.refusals_pt429;
comment on sequence lib_event.refusals_pt429 is 'Writes refused with PT429 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="PT429"}).';
create sequence lib_event.refusals_22007;
comment on sequence lib_event.refusals_22007 is 'Writes refused with 22007 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="22007"}).';

create function lib_event.count_refusal(code text)
returns void
language plpgsql
set search_path = ''
as $$
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
comment on function lib_event.count_refusal(text) is 'Count one refusal with this error code in its sequence lib_event.refusals_<code> (not undone when the refused transaction rolls back); nothing for a code without one, or in a read-only transaction.';

CREATE OR REPLACE FUNCTION lib_event.check_event(event_type text, headers jsonb, occurred_at timestamp with time zone, partition_key text, created_at timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION lib_event.check_event_input(event lib_event.event_input, recorded_at timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION lib_event.check_event_inputs(events lib_event.event_input[], recorded_at timestamp with time zone)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION lib_event.check_json_depth(what text, value jsonb)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE
AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION lib_event.check_write_request()
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION lib_event.event_inputs(events jsonb)
 RETURNS lib_event.event_input[]
 LANGUAGE plpgsql
 STABLE
AS $function$
declare
  allowed text[] := array['event_type', 'payload', 'headers', 'occurred_at', 'source', 'partition_key', 'idempotency_key'];
  -- The fields that are text: a JSON string each, or null.
  textual text[] := array['event_type', 'occurred_at', 'source', 'partition_key', 'idempotency_key'];
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
           case when e.item ? 'headers' then e.item -> 'headers' else '{}'::jsonb end,
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

CREATE OR REPLACE FUNCTION lib_event.one_event_input(body jsonb)
 RETURNS lib_event.event_input[]
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
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
$function$;

CREATE OR REPLACE FUNCTION lib_event.check_backlog()
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
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
$function$;


create or replace function lib_events.metrics()
returns lib_events."text/plain"
language sql
stable
security definer
set search_path = ''
as $$
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
      select 27, lib_event.metric_family('lib_event_api_keys', 'gauge', 'API keys not revoked, by access.',
               (select pg_catalog.array_agg(pg_catalog.format('lib_event_api_keys{access="%s"} %s', a.access, a.n) order by a.access)
                  from (select k.access::text as access, pg_catalog.count(*) as n from lib_event.api_key k
                         where k.revoked_at is null group by 1) a))
    ) families;
$$;
comment on function lib_events.metrics() is
  'lib_event''s state and counters in Prometheus''s text format: point a scrape job at GET /rpc/metrics.

No key needed, nothing secret (as GET /rpc/health). Gauges: lib_event_up,
lib_event_log_events, one per health item (lib_event_sequencer_backlog_events,
lib_event_sequencer_backlog_age_seconds, lib_event_checkpoint_age_seconds,
lib_event_relay_lag_events{relay}, lib_event_bridge_lag_events{bridge},
lib_event_partitions_ahead, lib_event_events_outside_partitions,
lib_event_partitions_past_retention, lib_event_archive_failed), their bounds
(lib_event_health_limit), lib_event_partitions_end_timestamp_seconds,
lib_event_archive_last_success_timestamp_seconds and
lib_event_api_keys{access}. Counters: lib_event_events_total{type_prefix,consumer},
lib_event_sequencer_batches_total, lib_event_sequencer_events_total,
lib_event_bridge_published_total{bridge}, lib_event_relay_announced_total{relay},
lib_event_refusals_total{code} and the summary lib_event_sequencer_batch_duration_seconds. db/operations.md has
alerting rules for them.';

grant execute on function lib_events.metrics() to lib_event_anon, lib_event_producer, lib_event_reader, lib_event_producer_reader;


reset role;

-- migrate:down
