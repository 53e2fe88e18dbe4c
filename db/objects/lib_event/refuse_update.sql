-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.refuse_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  raise exception using
    errcode = 'LE009',
    message = 'events are append-only: an UPDATE of lib_event.event is refused',
    hint = 'Record a new event that corrects the old one instead.';
end
$function$;

comment on function lib_event.refuse_update() is 'Trigger function: refuses every UPDATE of lib_event.event, whoever runs it.';
