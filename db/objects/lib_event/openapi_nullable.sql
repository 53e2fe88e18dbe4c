-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_nullable(schema jsonb)
 RETURNS jsonb
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  select case
    when schema ? '$ref' then
      pg_catalog.jsonb_build_object('anyOf', pg_catalog.jsonb_build_array(schema, '{"type": "null"}'::jsonb))
    when pg_catalog.jsonb_typeof(schema -> 'type') = 'string' then
      schema
        || pg_catalog.jsonb_build_object('type', pg_catalog.jsonb_build_array(schema -> 'type', 'null'))
        || case when schema ? 'enum'
             then pg_catalog.jsonb_build_object('enum', (schema -> 'enum') || 'null'::jsonb)
             else '{}'::jsonb end
    else schema
  end;
$function$;

comment on function lib_event.openapi_nullable(jsonb) is 'The same JSON schema, also admitting null: type [T, "null"], or anyOf with null around a reference.';
