-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_description(comment text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  select case when pg_catalog.strpos(comment, E'\n') > 0 then
    nullif(pg_catalog.btrim(pg_catalog.substr(comment, pg_catalog.strpos(comment, E'\n') + 1), E' \n\r\t'), '')
  end;
$function$;

comment on function lib_event.openapi_description(text) is 'What follows the first line of a COMMENT ON text: the OpenAPI description. Null when there is none.';
