-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_document()
 RETURNS json
 LANGUAGE plpgsql
 STABLE
AS $function$
declare
  paths json := lib_event.openapi_paths();
  components json := lib_event.openapi_components();
  api_comment text := pg_catalog.obj_description('lib_events'::regnamespace, 'pg_namespace');
begin
  return lib_event.json_object_ordered(
    array['openapi', 'info', 'servers', 'tags', 'security', 'paths', 'components'],
    array[
      pg_catalog.to_json('3.1.0'::text),
      lib_event.json_object_ordered(
        array['title', 'summary', 'description', 'license', 'version'],
        array[
          pg_catalog.to_json('lib_event'::text),
          pg_catalog.to_json(lib_event.openapi_summary(api_comment)),
          pg_catalog.to_json(pg_catalog.concat_ws(E'\n\n',
            lib_event.openapi_description(api_comment),
            'An append-only audit event log. Every operation needs an API key in the X-Api-Key header; this document, at /, is public.',
            'Errors come as {code, message, details, hint}: LE0xx codes are input lib_event refuses (400), PT401 a missing or unknown key, PT403 a key without the access the operation needs.')),
          -- The repository's licence (LICENSE, package.json), by its SPDX identifier.
          '{"name": "Apache License 2.0", "identifier": "Apache-2.0"}'::json,
          -- Changes whenever the API does.
          pg_catalog.to_json(pg_catalog.left(pg_catalog.encode(
            pg_catalog.sha256(pg_catalog.convert_to(paths::text || components::text, 'UTF8')), 'hex'), 12))
        ]),
      lib_event.openapi_servers(),
      '[{"name": "functions", "description": "Functions of lib_events, called at /rpc/<name>."}, {"name": "views", "description": "Views of lib_events, read at /<view> with PostgREST query parameters."}, {"name": "document", "description": "This document."}]'::json,
      '[{"apiKey": []}]'::json,
      paths,
      components
    ]);
end
$function$;

comment on function lib_event.openapi_document() is 'The OpenAPI 3.1 document of the lib_events API, built from the catalog; lib_events.openapi serves it.';
