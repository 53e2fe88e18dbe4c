-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.erase_confirm_bound()
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  select 100;
$function$;

comment on function lib_event.erase_confirm_bound() is 'How many events lib_event.erase erases without confirm: past it, the caller must pass confirm => the exact number matched.';
