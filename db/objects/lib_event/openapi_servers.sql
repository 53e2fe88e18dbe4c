-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_servers()
 RETURNS json
 LANGUAGE plpgsql
 STABLE
AS $function$
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
$function$;

comment on function lib_event.openapi_servers() is 'The servers of the API document: app.settings.openapi_server_proxy_uri when PostgREST''s configuration sets it (the public address behind a proxy), else "/", the root the document is served from.

A value that is neither an http(s) URL nor a path raises PT500 (HTTP 500) naming it.';
