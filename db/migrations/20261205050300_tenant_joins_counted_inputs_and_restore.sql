-- migrate:up

-- Two changes made side by side, joined: the event inputs of create and
-- create_many take a tenant (scoped keys) and count their refusals by code
-- (metrics); and a restored partition gets each event's tenant back from
-- headers.tenant, where recording put it, so a tenant-scoped key reads
-- restored events as it read them before they were archived.

set role lib_event_owner;

create or replace function lib_event.event_inputs(events jsonb)
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
$function$;;

comment on function lib_event.event_inputs(jsonb) is 'A non-empty JSON array of event objects (the body of create_many) as lib_event.event_input values, or the documented error.

LE007: not an array of objects, or empty; LE008: a field create does not
take; LE041: event_type, occurred_at, source, partition_key,
idempotency_key or tenant not a JSON string (or null); tenant goes into
headers.tenant (lib_event.headers_with_tenant); 22007: occurred_at not an RFC 3339
date-time.';


create or replace function lib_event.restore_partition_rows(name text, event__id text[], event_type text[], occurred_at text[], created_at text[], source text[], partition_key text[], consumer text[], headers text[], payload text[], xact_id text[], content_salt text[], content_commitment text[], erased_at text[], erasure__id text[])
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
 SET "TimeZone" TO 'UTC'
AS $function$
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
$function$;;

comment on function lib_event.restore_partition_rows(text,text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[]) is 'Put archived rows, one array per column as PostgreSQL''s text output (salt and commitment in hex), into a partition being restored; returns how many. An event''s tenant is taken from its headers.tenant, where recording put it (archives hold no tenant column); a value the tenant domain refuses (recorded before tenants existed) leaves it null.

LE068 unless lib_event.restore_partition_begin made the table in this transaction and it is not attached yet.';


reset role;

-- migrate:down
