-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_whole_body_schema(function_oid oid)
 RETURNS json
 LANGUAGE sql
 STABLE
AS $function$
  -- <verb>_many takes what <verb> takes, many times: a plain array of
  -- <verb>'s argument objects, or {"events": [...]} (PostgREST passes a
  -- plain array only when all its objects have the same keys). Any other
  -- whole-body function takes any JSON value.
  select coalesce(
    (select pg_catalog.json_build_object('anyOf', pg_catalog.json_build_array(
              pg_catalog.json_build_object('type', 'array', 'items', lib_event.openapi_arguments_schema(single.oid),
                'description', 'The events, each with the same fields (PostgREST refuses an array whose objects have different keys).'),
              lib_event.json_object_ordered(
                array['type', 'required', 'properties', 'additionalProperties'],
                array[pg_catalog.to_json('object'::text), '["events"]'::json,
                      pg_catalog.json_build_object('events', pg_catalog.json_build_object(
                        'type', 'array', 'items', lib_event.openapi_arguments_schema(single.oid),
                        'description', 'The events, each with the fields it needs.')),
                      pg_catalog.to_json(false)])))
       from pg_catalog.pg_proc many
       join pg_catalog.pg_proc single
         on single.pronamespace = many.pronamespace
        and single.proname = pg_catalog.regexp_replace(many.proname, '_many$', '')
      where many.oid = function_oid
        and many.proname ~ '_many$'
      order by single.oid
      limit 1),
    '{"description": "Any JSON value: the function receives the whole body."}'::json);
$function$;

comment on function lib_event.openapi_whole_body_schema(oid) is 'The JSON schema of the body a whole-body function receives: for <verb>_many, an array of <verb>''s arguments or {"events": [...]}.';
