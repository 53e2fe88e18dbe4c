-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.request_allowed(role_name text, method text, path text)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
declare
  -- The path without its leading "/" (and, below, one trailing "/").
  target text := pg_catalog.substr(path, 2);
  function_name text;
  allowed boolean;
begin
  -- Authorization follows the grants: a key may call what its role may
  -- execute or select, so new API objects need no change here. A path that
  -- names nothing in lib_events is let through for PostgREST to answer 404.
  -- Every path PostgREST routes starts with "/"; one that does not (an
  -- absolute-form request target, or none) is refused, not waved through.
  if path is null or pg_catalog.left(path, 1) <> '/' then
    return false;
  end if;
  if pg_catalog.right(target, 1) = '/' then
    target := pg_catalog.left(target, -1);
  end if;

  if target = '' then
    return true;
  elsif pg_catalog.strpos(target, '/') = 0 then
    -- /<relation>
    -- bool_or over no matching object is null: nothing by that name, let it through.
    select pg_catalog.bool_or(pg_catalog.has_table_privilege(role_name, c.oid,
             case method
               when 'POST' then 'INSERT'
               when 'PUT' then 'INSERT'
               when 'PATCH' then 'UPDATE'
               when 'DELETE' then 'DELETE'
               else 'SELECT'
             end))
      into allowed
      from pg_catalog.pg_class c
     where c.relnamespace = 'lib_events'::regnamespace and c.relname = target;
    return coalesce(allowed, true);
  elsif pg_catalog.left(target, 4) = 'rpc/' then
    -- /rpc/<function>
    function_name := pg_catalog.substr(target, 5);
    if function_name = '' or pg_catalog.strpos(function_name, '/') <> 0 then
      return true;
    end if;
    select pg_catalog.bool_or(pg_catalog.has_function_privilege(role_name, p.oid, 'EXECUTE'))
      into allowed
      from pg_catalog.pg_proc p
     where p.pronamespace = 'lib_events'::regnamespace and p.proname = function_name;
    return coalesce(allowed, true);
  end if;
  return true;
end
$function$;

comment on function lib_event.request_allowed(text,text,text) is 'Whether a role may make this HTTP request: EXECUTE for /rpc/<function>, SELECT (or the write privilege) for /<view>; never for a path that does not start with /.';

grant execute on function lib_event.request_allowed(text,text,text) to lib_event_anon;
