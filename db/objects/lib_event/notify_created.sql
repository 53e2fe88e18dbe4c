-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.notify_created()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  -- Only the id travels: NOTIFY payloads are capped at 8000 bytes and an
  -- event's payload can be far larger.
  perform pg_catalog.pg_notify('lib_event.created', new.event__id::text);
  return null;
end
$function$;

comment on function lib_event.notify_created() is 'Trigger function: NOTIFY lib_event.created with the new event''s id, one notification per row.

No longer attached (lib_event.notify_created_ids replaced it); kept so the
benchmark can compare one notification per row with one per statement.';
