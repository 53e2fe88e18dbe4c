-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_summary(comment text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  select nullif(pg_catalog.btrim(pg_catalog.split_part(comment, E'\n', 1)), '');
$function$;

comment on function lib_event.openapi_summary(text) is 'The first line of a COMMENT ON text: the OpenAPI summary. Null when there is none.';
