-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_default(expression text)
 RETURNS jsonb
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  -- {"default": value} when a default expression is a plain literal, else null.
  select case
    when expression ~* '^null(::[a-z_ ."]+)?$' then '{"default": null}'::jsonb
    when expression ~* '^(true|false)$' then pg_catalog.jsonb_build_object('default', pg_catalog.lower(expression)::boolean)
    when expression ~ '^-?[0-9]+(\.[0-9]+)?$' then pg_catalog.jsonb_build_object('default', expression::numeric)
    when expression ~ '^''(.*)''::jsonb?$'
         and pg_catalog.pg_input_is_valid(
               pg_catalog.replace(substring(expression from '^''(.*)''::jsonb?$'), '''''', ''''), 'jsonb') then
      pg_catalog.jsonb_build_object('default',
        pg_catalog.replace(substring(expression from '^''(.*)''::jsonb?$'), '''''', '''')::jsonb)
    when expression ~ '^''(.*)''::(text|character varying)$' then
      pg_catalog.jsonb_build_object('default',
        pg_catalog.replace(substring(expression from '^''(.*)''::'), '''''', ''''))
  end;
$function$;

comment on function lib_event.openapi_default(text) is 'A function argument''s default as a JSON schema "default" keyword, when the default is a plain literal (null, a boolean, a number, a JSON or text constant); null otherwise.';
