-- migrate:up

-- GET /rpc/api_key also says whether the key holds the erase right
-- (POST /rpc/erase), so that its holder, and the explorer, need not try.

set role lib_event_owner;

alter type lib_events.presented_key add attribute may_erase boolean;

comment on column lib_events.presented_key.may_erase is 'Whether the key holds the erase right: POST /rpc/erase erases personal data of the events it reads (npm run key:create -- ... --erase).';

create or replace function lib_events.api_key()
returns lib_events.presented_key
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  -- The key the pre-request authenticated and sealed for this transaction
  -- (PT401 from request_key when the setting was not sealed by lib_event).
  holder lib_event.api_key := lib_event.request_key();
begin
  if holder.api_key__id is null then
    raise exception using
      errcode = 'PT401',
      message = 'this request carries no authenticated API key',
      hint = 'Send your key in the X-Api-Key header: GET /rpc/api_key describes the key it is called with.';
  end if;
  return row(
    holder.api_key__id, holder.consumer::text, holder.access, holder.created_at,
    holder.scope_event_types is not null or holder.scope_tenants is not null or holder.scope_consumers is not null,
    holder.scope_event_types::text[], holder.scope_tenants::text[], holder.scope_consumers::text[],
    holder.may_erase
  )::lib_events.presented_key;
end
$$;

comment on function lib_events.api_key() is 'The API key of this request: its consumer, access, scopes and rights.

Answers about the key in the X-Api-Key header only, never another key, and
never its hash. scoped is false for a key that reads and records everything;
otherwise event_types, tenants and consumers say what it is limited to (null:
no limit). Rows outside a reader key''s scope are hidden from every read, so a
scoped key''s positions have gaps (db/security.md, scoped keys). may_erase
says whether it may call POST /rpc/erase. Any active key may ask; no key, or
an unknown or revoked one, is 401. GET /rpc/api_key.';

reset role;

-- migrate:down
