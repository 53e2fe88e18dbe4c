-- migrate:up
set role lib_event_owner;

-- The pre-request runs before every HTTP request, so it must cost little.
-- On PostgreSQL 17 a SQL function that is not inlined is parsed and planned
-- again at every call; a PL/pgSQL function keeps its plans for the session.
-- Same checks, same answers, same errors as before (20261124000300_api_key.sql,
-- 20261124000600_check_request.sql): lib_event.check_request is unchanged and
-- calls the two functions below, now in PL/pgSQL, the path split without
-- regular expressions.

create or replace function lib_event.api_key_authenticate(api_key text)
returns table (consumer text, access lib_event.api_key_access)
language plpgsql
stable
parallel safe
security definer
set search_path = ''
as $$
begin
  return query
    select k.consumer::text, k.access
      from lib_event.api_key k
     where k.key_hash = lib_event.api_key_hash(api_key)
       and k.revoked_at is null;
end
$$;
comment on function lib_event.api_key_authenticate(text) is
  'The consumer and access of an active API key; no row when the key is unknown or revoked.';

create or replace function lib_event.request_allowed(role_name text, method text, path text)
returns boolean
language plpgsql
stable
parallel safe
as $$
declare
  -- The path without its leading "/" (and, below, one trailing "/").
  target text := pg_catalog.substr(path, 2);
  function_name text;
  allowed boolean;
begin
  -- Authorization follows the grants: a key may call what its role may
  -- execute or select, so new API objects need no change here. A path that
  -- names nothing in lib_events is let through for PostgREST to answer 404.
  if path is null or pg_catalog.left(path, 1) <> '/' then
    return true;
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
$$;
comment on function lib_event.request_allowed(text, text, text) is
  'Whether a role may make this HTTP request: EXECUTE for /rpc/<function>, SELECT (or the write privilege) for /<view>.';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
