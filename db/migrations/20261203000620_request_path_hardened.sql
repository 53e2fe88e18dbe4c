-- migrate:up

-- The request path, hardened:
-- - request_allowed answered true for a path without a leading "/" (or
--   none), so the pre-request let it through; it now answers false, and the
--   pre-request refuses the request with 403.
-- - every function the pre-request runs, and the write check, pins
--   search_path: check_request runs as lib_event_anon, whose search_path a
--   login could have pointed at a schema of its own.

set role lib_event_owner;

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

alter function lib_event.check_request() set search_path = '';
alter function lib_event.payload_ceiling_bytes() set search_path = '';
alter function lib_event.api_key_hash(text) set search_path = '';
alter function lib_event.check_write_request() set search_path = '';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
