-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_result_schema(function_oid oid)
 RETURNS json
 LANGUAGE sql
 STABLE
AS $function$
  -- One result: its OUT columns (a record of several), or its return type; null for void.
  with out_arg as (
    select a.n, a.name, a.type
      from pg_catalog.pg_proc p,
           unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargnames, p.proargmodes)
             with ordinality as a(type, name, mode, n)
     where p.oid = function_oid and a.mode in ('o', 'b', 't') and p.prorettype = 'record'::regtype
  )
  select case
    when exists (select from out_arg) then
      lib_event.json_object_ordered(
        array['type', 'required', 'properties'],
        array[
          pg_catalog.to_json('object'::text),
          (select pg_catalog.json_agg(o.name order by o.n) from out_arg o),
          (select pg_catalog.json_object_agg(o.name, lib_event.openapi_nullable(lib_event.openapi_type_schema(o.type)) order by o.n)
             from out_arg o)
        ])
    when p.prorettype = 'void'::regtype then null
    else lib_event.openapi_type_schema(p.prorettype)::json
  end
    from pg_catalog.pg_proc p
   where p.oid = function_oid;
$function$;

comment on function lib_event.openapi_result_schema(oid) is 'The JSON schema of one result of a function: its OUT columns as an object, or its return type (that of its one OUT parameter too); null when it returns void.';
