-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.request_key()
 RETURNS lib_event.api_key
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  key_id text := pg_catalog.current_setting('lib_event.api_key__id', true);
  holder lib_event.api_key;
begin
  if key_id is null or key_id = '' then
    return null;
  end if;
  if pg_catalog.current_setting('lib_event.api_key_seal', true) is distinct from lib_event.consumer_seal('key ' || key_id) then
    raise exception using
      errcode = 'PT401',
      message = 'this request names an API key it did not authenticate',
      hint = 'Send a valid key in the X-Api-Key header; setting lib_event.api_key__id does not name one.';
  end if;
  select * into holder from lib_event.api_key k where k.api_key__id = key_id::uuid;
  return holder;
end
$function$;

comment on function lib_event.request_key() is 'The API key of this request (sealed by lib_event.authenticate_request or lib_event.ingest), null when the session carries none; PT401 when the setting was not sealed by lib_event. Executable by lib_event_owner alone.';
