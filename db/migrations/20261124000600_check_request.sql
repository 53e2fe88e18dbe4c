-- migrate:up
set role lib_event_owner;

create function lib_event.request_allowed(role_name text, method text, path text)
returns boolean
language sql
stable
as $$
  -- Authorization follows the grants: a key may call what its role may
  -- execute or select, so new API objects need no change here. A path that
  -- names nothing in lib_events is let through for PostgREST to answer 404.
  with target as (
    select (pg_catalog.regexp_match(path, '^/rpc/([^/]+)/?$'))[1] as function_name,
           (pg_catalog.regexp_match(path, '^/([^/]+)/?$'))[1] as relation_name
  )
  -- bool_or over no matching object is null: nothing by that name, let it through.
  select coalesce(
    case
      when t.function_name is not null then (
        select pg_catalog.bool_or(pg_catalog.has_function_privilege(role_name, p.oid, 'EXECUTE'))
          from pg_catalog.pg_proc p
         where p.pronamespace = 'lib_events'::regnamespace and p.proname = t.function_name)
      when t.relation_name is not null then (
        select pg_catalog.bool_or(pg_catalog.has_table_privilege(role_name, c.oid,
                 case method
                   when 'POST' then 'INSERT'
                   when 'PUT' then 'INSERT'
                   when 'PATCH' then 'UPDATE'
                   when 'DELETE' then 'DELETE'
                   else 'SELECT'
                 end))
          from pg_catalog.pg_class c
         where c.relnamespace = 'lib_events'::regnamespace and c.relname = t.relation_name)
    end,
    true)
  from target t;
$$;
comment on function lib_event.request_allowed(text, text, text) is
  'Whether a role may make this HTTP request: EXECUTE for /rpc/<function>, SELECT (or the write privilege) for /<view>.';

create function lib_event.check_request()
returns void
language plpgsql
volatile
-- Not security definer: Postgres refuses SET ROLE inside one.
as $$
declare
  request_headers json := coalesce(pg_catalog.current_setting('request.headers', true), '{}')::json;
  presented_key text := request_headers ->> 'x-api-key';
  request_method text := pg_catalog.current_setting('request.method', true);
  request_path text := pg_catalog.current_setting('request.path', true);
  holder record;
  key_role text;
begin
  -- The API document at / is public, like any API reference.
  if request_path = '/' then
    return;
  end if;

  if presented_key is null or presented_key = '' then
    raise exception using
      errcode = 'PT401',
      message = 'missing API key',
      detail = pg_catalog.format('%s %s needs an API key', request_method, request_path),
      hint = 'Send your key in the X-Api-Key header. An operator creates one with: npm run key:create -- --name <consumer> --role producer|reader|producer_reader';
  end if;

  select * into holder from lib_event.api_key_authenticate(presented_key);
  if not found then
    raise exception using
      errcode = 'PT401',
      message = 'unknown or revoked API key',
      detail = pg_catalog.format('key starting %s', pg_catalog.left(presented_key, 8)),
      hint = 'Check the X-Api-Key header; if the key was revoked, ask an operator for a new one.';
  end if;

  key_role := 'lib_event_' || holder.access::text;
  if not lib_event.request_allowed(key_role, request_method, request_path) then
    raise exception using
      errcode = 'PT403',
      message = pg_catalog.format('the API key of %s (%s) may not %s %s',
        holder.consumer, holder.access, request_method, request_path),
      hint = 'Producer keys record events (POST /rpc/create); reader keys query them (GET /events). Ask for a key with the access you need.';
  end if;

  perform pg_catalog.set_config('lib_event.consumer', holder.consumer, true);
  execute pg_catalog.format('set local role %I', key_role);
end
$$;
comment on function lib_event.check_request() is
  'PostgREST''s db-pre-request: authenticate X-Api-Key, authorize the request, then switch to the key''s role.

No key or an unknown/revoked key raises PT401 (HTTP 401); a key whose role
may not make the request raises PT403 (HTTP 403). The request then runs as
lib_event_producer, lib_event_reader or lib_event_producer_reader, with the
key''s consumer name in the lib_event.consumer setting.';

grant execute on function lib_event.request_allowed(text, text, text) to lib_event_anon;
grant execute on function lib_event.check_request() to lib_event_anon;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
