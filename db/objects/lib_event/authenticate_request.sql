-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.authenticate_request(api_key text)
 RETURNS TABLE(consumer text, access lib_event.api_key_access)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  holder record;
begin
  select k.api_key__id, k.consumer::text as consumer, k.access into holder
    from lib_event.api_key k
   where k.key_hash = lib_event.api_key_hash(api_key)
     and k.revoked_at is null;
  if found then
    perform lib_event.seal_consumer(holder.consumer);
    perform lib_event.seal_key(holder.api_key__id);
    return query select holder.consumer, holder.access;
  end if;
end
$function$;

comment on function lib_event.authenticate_request(text) is 'The pre-request''s key lookup: the consumer and access of an active API key, with the consumer and the key sealed into this transaction (lib_event.seal_consumer, lib_event.seal_key: the key''s scopes then apply); no row, and nothing sealed, when the key is unknown or revoked.';

grant execute on function lib_event.authenticate_request(text) to lib_event_anon;
