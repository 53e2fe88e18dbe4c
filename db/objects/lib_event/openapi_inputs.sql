-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_inputs(function_oid oid)
 RETURNS TABLE(n bigint, name text, type oid, has_default boolean, schema jsonb)
 LANGUAGE sql
 STABLE
AS $function$
  -- The input arguments in order, each with its JSON schema: nullable when
  -- it defaults to null, with its default when that is a literal, and
  -- deprecated when its name was replaced.
  with arg as (
    select a.n, a.name, a.type, coalesce(a.mode, 'i') as mode,
           pg_catalog.row_number() over (partition by coalesce(a.mode, 'i') in ('i', 'b', 'v') order by a.n) as input_n,
           p.pronargs, p.pronargdefaults, ns.nspname || '.' || p.proname as function_name
      from pg_catalog.pg_proc p
      join pg_catalog.pg_namespace ns on ns.oid = p.pronamespace,
           unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargnames, p.proargmodes)
             with ordinality as a(type, name, mode, n)
     where p.oid = function_oid
  ), input as (
    select a.n, a.name, a.type, a.function_name,
           a.input_n > a.pronargs - a.pronargdefaults as has_default,
           pg_catalog.pg_get_function_arg_default(function_oid, a.n::int) as default_expression
      from arg a
     where a.mode in ('i', 'b', 'v')
  )
  select i.n, i.name, i.type, i.has_default,
         case when i.has_default and lib_event.openapi_default(i.default_expression) = '{"default": null}'
              then lib_event.openapi_nullable(lib_event.openapi_type_schema(i.type))
              else lib_event.openapi_type_schema(i.type) end
         || case when i.has_default then coalesce(lib_event.openapi_default(i.default_expression),
              pg_catalog.jsonb_build_object('description', 'Defaults to ' || i.default_expression || '.')) else '{}' end
         || lib_event.openapi_older_name(i.function_name, i.name)
    from input i;
$function$;

comment on function lib_event.openapi_inputs(oid) is 'The input arguments of a function in order, with their JSON schemas (deprecated under a name lib_event.older_name lists), and whether each has a default.';
