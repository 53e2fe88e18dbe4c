-- migrate:up

-- POST /rpc/create is checked on the body's JSON types, as create_many is.
--
-- PostgREST (v16.2, src/library/PostgREST/Plan.hs, findProc) calls the
-- overload whose parameter names the body's keys match, binding them with
-- json_to_recordset(...) AS _(event_type text, occurred_at timestamptz, ...):
-- 42 and "42" both arrive as '42', "yesterday" as a date. Only when no
-- named overload matches does it fall back to one with a single unnamed
-- json/jsonb parameter, which receives the body as it was sent
-- (Query/QueryBuilder.hs, callPlanToQuery, OnePosParam).
--
-- So lib_events.create has two overloads:
-- - create(jsonb), for HTTP: the whole body, checked by
--   lib_event.event_inputs (create_many's checks: LE041, 22007, LE008) and
--   recorded by lib_event.record_events, as before;
-- - create(event_type => ..., payload => ..., ...), the SQL API, unchanged
--   for callers (same names, types, defaults and result), now declared with
--   its receipt as an OUT parameter written first. PostgREST reads a
--   function's parameters by zipping proargnames (every parameter, OUT
--   included) with proargtypes (inputs only) (SchemaCache.hs,
--   funcsSqlQuery), so to PostgREST this overload has a first, required
--   parameter named receipt: no body without a receipt key matches it, and
--   PostgREST takes create(jsonb). PostgreSQL resolves the named call as
--   before. test/http/hostile.test.ts checks through the real PostgREST that
--   a loose body is refused, so a PostgREST that read the catalog otherwise
--   would be caught.

set role lib_event_owner;

create function lib_event.one_event_input(body jsonb)
returns lib_event.event_input[]
language plpgsql
stable
set search_path = ''
as $$
begin
  if body is null or pg_catalog.jsonb_typeof(body) <> 'object' then
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
comment on function lib_event.one_event_input(jsonb) is
  'The event POST /rpc/create sends, checked as create_many checks each of its events.

lib_event.event_inputs: JSON strings where text goes (LE041), RFC 3339 times (22007), no unknown field (LE008); LE082 for an array, or anything else but a JSON object.';

drop function lib_events."create"(text, jsonb, jsonb, timestamptz, uuid, text, text);

create function lib_events."create"(
  out receipt lib_events.event_receipt,
  event_type text, payload jsonb default null, headers jsonb default '{}',
  occurred_at timestamptz default null, source uuid default null,
  partition_key text default null, idempotency_key text default null)
returns lib_events.event_receipt
language sql
volatile
security definer
set search_path = ''
as $$
  select lib_event.check_write_request();
  select r
    from lib_event.record_events(array[row(event_type, payload, headers, occurred_at, source, partition_key,
           idempotency_key)::lib_event.event_input]) r;
$$;
comment on function lib_events."create"(text, jsonb, jsonb, timestamptz, uuid, text, text) is 'Record one event.

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
recorded when any of these is refused.';;
grant execute on function lib_events."create"(text, jsonb, jsonb, timestamptz, uuid, text, text) to lib_event_producer;

create function lib_events."create"(jsonb)
returns lib_events.event_receipt
language sql
volatile
security definer
set search_path = ''
as $$
  select lib_event.check_write_request();
  select r.*
    from lib_event.record_events(lib_event.one_event_input($1)) r;
$$;
comment on function lib_events."create"(jsonb) is
  'Record one event sent as a JSON object: what POST /rpc/create calls.

The body as it was sent, checked on its JSON types (lib_event.one_event_input), then recorded as create(event_type => ...) records it.';
grant execute on function lib_events."create"(jsonb) to lib_event_producer;

-- A single OUT parameter is the function's return type (create's receipt),
-- not a column of a record: the document describes that type.
create or replace function lib_event.openapi_result_schema(function_oid oid)
returns json
language sql
stable
as $$
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
comment on function lib_event.openapi_result_schema(oid) is
  'The JSON schema of one result of a function: its OUT columns as an object, or its return type (that of its one OUT parameter too); null when it returns void.';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
