-- migrate:up

-- Refusals of the request itself counted too: a missing, unknown or revoked
-- key (PT401), a key whose access or scope does not allow the write (PT403),
-- Prefer: tx=rollback (LE083), a tenant not allowed (LE014). The pre-request
-- lib_event.check_request runs as the request's own role, which may not
-- touch the counters: lib_event.count_refusal becomes a definer function the
-- API roles may call (it bumps only the registered counters, and nothing in
-- a read-only transaction). Refusals of reads stay uncounted: a GET runs read
-- only, where nextval is an error, and a refused request's NOTIFY is
-- discarded with its rollback.

set role lib_event_owner;

create sequence lib_event.refusals_pt401;
comment on sequence lib_event.refusals_pt401 is 'Writes refused with PT401 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="PT401"}).';
create sequence lib_event.refusals_pt403;
comment on sequence lib_event.refusals_pt403 is 'Writes refused with PT403 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="PT403"}).';
create sequence lib_event.refusals_le083;
comment on sequence lib_event.refusals_le083 is 'Writes refused with LE083 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE083"}).';
create sequence lib_event.refusals_le014;
comment on sequence lib_event.refusals_le014 is 'Writes refused with LE014 since counting began (lib_event.count_refusal; lib_event_refusals_total{code="LE014"}).';

alter function lib_event.count_refusal(text) security definer;
grant execute on function lib_event.count_refusal(text) to lib_event_anon, lib_event_producer, lib_event_reader, lib_event_producer_reader;

create or replace function lib_event.check_request()
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
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
$function$;;

create or replace function lib_event.apply_producer_scope(events lib_event.event_input[])
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
  if holder.api_key__id is null then
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
$function$;;

reset role;

-- migrate:down
