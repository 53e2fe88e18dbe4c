-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.api_key_revoke(api_key__id uuid DEFAULT NULL::uuid, consumer text DEFAULT NULL::text)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  revoked integer;
begin
  if (api_key__id is null) = (consumer is null) then
    raise exception using
      errcode = 'LE012',
      message = 'name exactly one of api_key__id or consumer to revoke',
      hint = 'api_key_revoke(api_key__id => ...) revokes one key; api_key_revoke(consumer => ...) every key of a consumer.';
  end if;
  update lib_event.api_key k
     set revoked_at = pg_catalog.now()
   where (k.api_key__id = api_key_revoke.api_key__id or k.consumer = api_key_revoke.consumer)
     and k.revoked_at is null;
  get diagnostics revoked = row_count;
  return revoked;
end
$function$;

comment on function lib_event.api_key_revoke(uuid,text) is 'Revoke one API key (by id) or every active key of a consumer. Returns how many were revoked.';
