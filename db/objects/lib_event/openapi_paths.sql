-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_paths()
 RETURNS json
 LANGUAGE sql
 STABLE
AS $function$
  with function_path as (
    -- Overloads share a path; the first (by oid) documents it.
    select distinct on (p.proname, m.method) p.proname::text as name, m.method,
           lib_event.openapi_function_operation(p.oid, m.method) as operation
      from pg_catalog.pg_proc p
     cross join (values ('get'), ('post')) as m(method)
     where p.pronamespace = 'lib_events'::regnamespace
       and p.oid is distinct from pg_catalog.to_regprocedure('lib_events.openapi()')
       and lib_event.openapi_is_callable(p.oid)
       and (m.method = 'post' or p.provolatile <> 'v')
       -- PostgREST passes the whole body on POST only.
       and not (m.method = 'get' and lib_event.openapi_takes_whole_body(p.oid))
     order by p.proname, m.method, p.oid
  ), relation_path as (
    select c.relname::text as name, m.method, lib_event.openapi_relation_operation(c.oid, m.method) as operation
      from pg_catalog.pg_class c
     cross join (values ('get'), ('head')) as m(method)
     where c.relnamespace = 'lib_events'::regnamespace
       and c.relkind in ('r', 'v', 'm', 'f', 'p')
       and lib_event.openapi_relation_access(c.oid) is not null
  ), path as (
    select 0 as kind, '/' as path,
           '{"get": {"operationId": "openapi", "tags": ["document"], "summary": "This OpenAPI document", "description": "The OpenAPI 3.1 description of this API, built from the database catalog on each request. Public: it needs no API key.", "security": [], "responses": {"200": {"description": "The OpenAPI document.", "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "info", "paths"], "properties": {"openapi": {"type": "string", "description": "The OpenAPI version of the document: 3.1.0."}, "info": {"type": "object", "description": "The API''s title, description, licence and version.", "additionalProperties": {}}, "paths": {"type": "object", "description": "The operations, by path.", "additionalProperties": {}}}, "additionalProperties": {}}}}}, "406": {"$ref": "#/components/responses/NotAcceptable"}}}}'::json as item
    union all
    select 1, '/rpc/' || fp.name,
           pg_catalog.json_object_agg(fp.method, fp.operation order by fp.method = 'post' desc)
      from function_path fp group by fp.name
    union all
    select 2, '/' || rp.name,
           pg_catalog.json_object_agg(rp.method, rp.operation order by rp.method = 'get' desc)
      from relation_path rp group by rp.name
  )
  -- Byte order, whatever the database's collation: the same document everywhere.
  select pg_catalog.json_object_agg(p.path, p.item order by p.kind, p.path collate "C") from path p;
$function$;

comment on function lib_event.openapi_paths() is 'The paths of the document: / (the document itself), POST /rpc/<name> for every function of lib_events an API role may execute (and GET unless it is volatile or takes the whole body), and GET and HEAD /<view> for every view an API role may read.';
