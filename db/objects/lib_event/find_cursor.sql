-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.find_cursor(created_at timestamp with time zone, event__id uuid)
 RETURNS text
 LANGUAGE sql
 STABLE PARALLEL SAFE STRICT
AS $function$
  -- base64url of "<created_at in UTC>/<event__id>", without padding: safe in
  -- a query string as it is.
  select pg_catalog.rtrim(pg_catalog.translate(pg_catalog.encode(pg_catalog.convert_to(
    lib_event.utc_text(created_at) || '/' || event__id::text, 'UTF8'), 'base64'), E'+/\n', '-_'), '=');
$function$;

comment on function lib_event.find_cursor(timestamp with time zone,uuid) is 'The opaque cursor of lib_events.find: the position (created_at, event__id) of a row, base64url-encoded.';
