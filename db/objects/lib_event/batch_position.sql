-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.batch_position(n bigint, how_many bigint)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  select case when how_many > 1 then pg_catalog.format('event %s of %s: ', n, how_many) else '' end;
$function$;

comment on function lib_event.batch_position(bigint,bigint) is 'How an error names the event at fault: "event 3 of 10: " in a batch of several, nothing for a single event.';
