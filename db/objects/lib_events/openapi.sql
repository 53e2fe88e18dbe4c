-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_events.openapi()
 RETURNS json
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select lib_event.openapi_document();
$function$;

comment on function lib_events.openapi() is 'The OpenAPI 3.1 document of this API.

PostgREST serves it at / (db-root-spec = "lib_events.openapi"), to anyone: the
document is public. It is built from the catalog of lib_events on each call:
every function an API key may execute (POST /rpc/<name>, and GET unless it is
volatile), every view it may read (GET /<view> with PostgREST''s filters), with
COMMENT ON texts as summaries and descriptions.';

grant execute on function lib_events.openapi() to lib_event_anon;
