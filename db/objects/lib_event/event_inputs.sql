-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.event_inputs(events jsonb)
 RETURNS lib_event.event_input[]
 LANGUAGE plpgsql
 STABLE
AS $function$
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
      hint = 'POST the array itself, [{"event_type": "billing.invoice.paid", ...}, ...], or {"events": [...]}.';
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
$function$;

comment on function lib_event.event_inputs(jsonb) is 'A JSON array of event objects (the body of create_many) as lib_event.event_input values, or the documented LE007/LE008 error.';
