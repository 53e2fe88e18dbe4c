-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.defer_large_payload()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
declare
  json_text text := new.payload::text;
begin
  if pg_catalog.octet_length(json_text) > lib_event.deferred_payload_bytes() then
    insert into lib_event.deferred_payload (event__id, payload_size, payload_sha256)
    values (new.event__id, pg_catalog.octet_length(json_text), pg_catalog.sha256(pg_catalog.convert_to(json_text, 'UTF8')));
  end if;
  return new;
end
$function$;

comment on function lib_event.defer_large_payload() is 'Trigger function: note an event whose payload is over lib_event.deferred_payload_bytes() of JSON text in lib_event.deferred_payload.';
