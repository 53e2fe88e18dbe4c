-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.apply_producer_scope(events lib_event.event_input[])
 RETURNS lib_event.event_input[]
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
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
$function$;

comment on function lib_event.apply_producer_scope(lib_event.event_input[]) is 'The events a request may record under its API key''s scope, each with the key''s tenant if it has one.

PT403 (HTTP 403) for an event type outside the key''s patterns or a tenant
other than its own, naming what the key may record; LE014 for a
headers.tenant that is no tenant (a JSON string of 1 to 255 characters).
Without a key (direct SQL callers) only the tenant''s shape is checked; the
log''s own events (recorded under the lifecycle seal: an erasure''s record
when a key erases) are not scoped.';
