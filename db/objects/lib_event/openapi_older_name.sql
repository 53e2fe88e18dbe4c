-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_older_name(object text, name text)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select coalesce(
    (select pg_catalog.jsonb_build_object(
              'description', pg_catalog.format('The older name of %s, still taken: use %s.', o.name, o.name),
              'deprecated', true)
       from lib_event.older_name o
      where o.object = openapi_older_name.object and o.older_name = openapi_older_name.name),
    '{}');
$function$;

comment on function lib_event.openapi_older_name(text,text) is 'For a name lib_event.older_name lists as replaced, the JSON schema keywords that mark it deprecated and name its replacement; {} otherwise.';
