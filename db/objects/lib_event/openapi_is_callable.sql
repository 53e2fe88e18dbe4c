-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_is_callable(function_oid oid)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  -- What PostgREST can call and the document can describe: an API role may
  -- execute it, every input has a name (PostgREST passes arguments by name)
  -- unless the one input takes the whole body, and it returns a type that
  -- is not a pseudo-type (void and record aside).
  select lib_event.openapi_function_access(p.oid) is not null
     and (lib_event.openapi_takes_whole_body(p.oid)
          or not exists (
            select from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargnames, p.proargmodes) as a(type, name, mode)
             where coalesce(a.mode, 'i') in ('i', 'b', 'v') and coalesce(a.name, '') = ''))
     and (p.prorettype in ('void'::regtype, 'record'::regtype)
          or (select t.typtype <> 'p' from pg_catalog.pg_type t where t.oid = p.prorettype))
    from pg_catalog.pg_proc p
   where p.oid = function_oid and p.prokind = 'f';
$function$;

comment on function lib_event.openapi_is_callable(oid) is 'Whether a function of lib_events belongs in the document: an API role may call it over PostgREST and its shape can be described.';
