-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_request()
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
$function$;

comment on function lib_event.check_request() is 'PostgREST''s db-pre-request: authenticate X-Api-Key, authorize the request, then switch to the key''s role.

GET / (the API document), /rpc/health, /rpc/metrics and /rpc/explorer (the explorer page) need no key.

No key or an unknown/revoked key raises PT401 (HTTP 401); a key whose role
may not make the request raises PT403 (HTTP 403); a Content-Length over 65 MiB
raises PT413 and Prefer: tx=rollback LE083 (HTTP 400: every request commits).
The request then runs as lib_event_producer, lib_event_reader or
lib_event_producer_reader, with the key''s consumer name sealed in the
lib_event.consumer setting (lib_event.authenticate_request).';

grant execute on function lib_event.check_request() to lib_event_anon;
