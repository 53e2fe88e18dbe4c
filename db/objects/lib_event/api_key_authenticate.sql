-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.api_key_authenticate(api_key text)
 RETURNS TABLE(consumer text, access lib_event.api_key_access)
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  return query
    select k.consumer::text, k.access
      from lib_event.api_key k
     where k.key_hash = lib_event.api_key_hash(api_key)
       and k.revoked_at is null;
end
$function$;

comment on function lib_event.api_key_authenticate(text) is 'The consumer and access of an active API key; no row when the key is unknown or revoked.';

grant execute on function lib_event.api_key_authenticate(text) to lib_event_anon;
