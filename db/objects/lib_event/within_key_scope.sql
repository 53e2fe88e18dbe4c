-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.within_key_scope(event_type text, consumer text, tenant text, type_likes text[], consumers text[], tenants text[])
 RETURNS boolean
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
begin
  if type_likes is null and consumers is null and tenants is null then
    return true;
  end if;
  return (type_likes is null or event_type like any (type_likes))
     and (consumers is null or consumer = any (consumers))
     and (tenants is null or coalesce(tenant = any (tenants), false));
end
$function$;

comment on function lib_event.within_key_scope(text,text,text,text[],text[],text[]) is 'Whether an event (type, consumer, tenant) is within a read scope (LIKE patterns of types, consumers, tenants; null: any). The scope policy on lib_event.event calls it once per row.';

grant execute on function lib_event.within_key_scope(text,text,text,text[],text[],text[]) to lib_event_reader;
