-- migrate:up

-- GET /rpc/api_key: the API key a request is made with, as its holder may
-- know it: its consumer name, its access and its scopes. A client (the
-- explorer first) cannot otherwise tell that its key sees only a share of
-- the log, and so that the positions it reads have gaps. It reads the key
-- the pre-request sealed into this transaction (lib_event.request_key), so
-- it names no other key, and never the key's hash.

set role lib_event_owner;

create type lib_events.presented_key as (
  api_key__id uuid,
  consumer text,
  access lib_event.api_key_access,
  created_at timestamptz,
  scoped boolean,
  event_types text[],
  tenants text[],
  consumers text[]
);

comment on type lib_events.presented_key is
  'The API key a request is made with: who holds it, what it may do, and the share of the log it is limited to (null: no limit).';
comment on column lib_events.presented_key.api_key__id is 'The key''s id (npm run key:list shows it; npm run key:revoke -- --id takes it).';
comment on column lib_events.presented_key.consumer is 'The consumer name the key records under and is known by.';
comment on column lib_events.presented_key.access is 'What the key may do: producer records events, reader reads them, producer_reader both.';
comment on column lib_events.presented_key.created_at is 'When the key was created.';
comment on column lib_events.presented_key.scoped is 'Whether the key is limited at all: true when any of event_types, tenants and consumers is set. A scoped reader sees only its share of the log, so the positions it reads have gaps; a scoped producer records only within its scope.';
comment on column lib_events.presented_key.event_types is 'The event types the key may read or record, as patterns (billing.invoice.paid, billing.*, billing.invoice.*); null when any.';
comment on column lib_events.presented_key.tenants is 'The tenants whose events the key may read (a producer key: the one tenant every event it records gets); null when any, events without a tenant included.';
comment on column lib_events.presented_key.consumers is 'The recording consumers whose events the key may read; null when any (always null for a producer key).';

create function lib_events.api_key()
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
    holder.scope_event_types::text[], holder.scope_tenants::text[], holder.scope_consumers::text[]
  )::lib_events.presented_key;
end
$$;

comment on function lib_events.api_key() is
  'The API key of this request: its consumer, access and scopes.

Answers about the key in the X-Api-Key header only, never another key, and
never its hash. scoped is false for a key that reads and records everything;
otherwise event_types, tenants and consumers say what it is limited to (null:
no limit). Rows outside a reader key''s scope are hidden from every read, so a
scoped key''s positions have gaps (db/security.md, scoped keys). Any active
key may ask; no key, or an unknown or revoked one, is 401. GET /rpc/api_key.';

grant execute on function lib_events.api_key() to lib_event_producer, lib_event_reader, lib_event_producer_reader;

reset role;

-- migrate:down
