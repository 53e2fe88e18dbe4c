-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.shortened(value text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  select pg_catalog.left(value, 100) || case when pg_catalog.length(value) > 100 then '...' else '' end;
$function$;

comment on function lib_event.shortened(text) is 'A value as an error message echoes it: its first 100 characters, and ... when there were more.';
