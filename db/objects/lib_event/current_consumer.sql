-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.current_consumer()
 RETURNS text
 LANGUAGE plpgsql
 STABLE
AS $function$
declare
  from_trusted_front text := pg_catalog.current_setting('lib_event.consumer', true);
begin
  -- Behind PostgREST the session user is the authenticator and the consumer
  -- is the API key's name, set by lib_event.check_request; behind the ingest
  -- loader it is the mapped broker user, set by lib_event.ingest. Nobody else
  -- can log in as either, so a direct SQL caller cannot borrow a name: it is
  -- recorded under its own login role.
  if session_user not in ('lib_event_authenticator', 'lib_event_ingest') then
    return session_user;
  end if;
  if from_trusted_front is null or from_trusted_front = '' then
    raise exception using
      errcode = 'PT401',
      message = 'this request carries no authenticated API key',
      hint = 'Send a valid key in the X-Api-Key header; PostgREST must run lib_event.check_request as its db-pre-request.';
  end if;
  return from_trusted_front;
end
$function$;

comment on function lib_event.current_consumer() is 'Who is recording: the API key''s consumer behind PostgREST, the mapped broker user behind the ingest loader, else the session''s login role.';
