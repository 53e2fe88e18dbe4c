-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.page_budget_bytes()
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$ select 16777216 $function$;

comment on function lib_event.page_budget_bytes() is 'The bytes of headers and inline payloads a follow or find page stops before (16 MiB); a page always holds at least one event.';
