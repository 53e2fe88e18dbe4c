-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.current_consumer()
 RETURNS text
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  named text := pg_catalog.current_setting('lib_event.consumer', true);
  seal text := pg_catalog.current_setting('lib_event.consumer_seal', true);
begin
  -- Behind PostgREST the session user is the authenticator and the consumer
  -- is the API key's, sealed by lib_event.authenticate_request; behind the
  -- ingest loader it is the mapped broker user, sealed by lib_event.ingest.
  -- Definer code alone can seal, so a session that sets the setting itself
  -- records nothing. Any other login records under its own role.
  if session_user not in ('lib_event_authenticator', 'lib_event_ingest') then
    return session_user;
  end if;
  if named is null or named = '' or seal is distinct from lib_event.consumer_seal(named) then
    raise exception using
      errcode = 'PT401',
      message = 'this request carries no authenticated API key',
      hint = 'Send a valid key in the X-Api-Key header; PostgREST must run lib_event.check_request as its db-pre-request. The consumer comes from the key alone: setting lib_event.consumer does not name one.';
  end if;
  return named;
end
$function$;

comment on function lib_event.current_consumer() is 'Who is recording: the API key''s consumer behind PostgREST, the mapped broker user behind the ingest loader (each sealed by definer code, lib_event.seal_consumer), else the session''s login role.';
