-- migrate:up

-- Scoped keys. A key may be limited to event-type patterns, tenants and (for
-- reading) recording consumers (db/security.md). An event gains an optional
-- tenant. Writes check the key's scope in lib_event.record_events, the one
-- implementation behind every way of recording; reads are limited by a
-- row-level security policy on lib_event.event itself, forced on its owner,
-- so the events view, find, follow, event_payload and every PostgREST
-- filter, order and count see the same rows. Sessions that carry no key
-- (the sequencer, relay, bridge, verify, maintenance) see everything.

set role lib_event_owner;

create domain lib_event.tenant as text collate "C"
  constraint tenant_shape check (value ~ '^[^[:cntrl:]]{1,255}$' and value = pg_catalog.btrim(value));
comment on domain lib_event.tenant is 'A tenant: 1 to 255 characters, no control characters, no leading or trailing space (an organization id, a customer id).';

create domain lib_event.event_type_pattern as text collate "C"
  constraint event_type_pattern_shape check (
    value ~ '^[a-z][a-zA-Z0-9_]{0,62}\.[a-z][a-zA-Z0-9_]{0,62}\.[a-z][a-zA-Z0-9_]{0,62}$'
    or value ~ '^([a-z][a-zA-Z0-9_]{0,62}\.){1,2}\*$');
comment on domain lib_event.event_type_pattern is 'An event type a key may use: a whole type (billing.invoice.paid), or one or two leading segments followed by .* (billing.*, billing.invoice.*), which matches every type that starts with them.';

alter table lib_event.api_key
  add column scope_event_types lib_event.event_type_pattern[],
  add column scope_tenants lib_event.tenant[],
  add column scope_consumers lib_event.consumer_name[],
  add constraint api_key_scopes_not_empty check (
    pg_catalog.cardinality(scope_event_types) > 0 and pg_catalog.cardinality(scope_tenants) > 0
    and pg_catalog.cardinality(scope_consumers) > 0),
  add constraint api_key_producer_one_tenant check (access = 'reader' or pg_catalog.cardinality(scope_tenants) = 1);
comment on column lib_event.api_key.scope_event_types is 'The event types the key may record and read (patterns, lib_event.event_type_pattern); null: every type.';
comment on column lib_event.api_key.scope_tenants is 'The tenants the key may read; a key that records has exactly one, given to every event it records. Null: every tenant, and events without one.';
comment on column lib_event.api_key.scope_consumers is 'The recording consumers whose events the key may read; null: every consumer. Reading only: a key records under its own consumer name.';

alter table lib_event.event add column tenant lib_event.tenant;
comment on column lib_event.event.tenant is 'The tenant the event belongs to, if any: the producer key''s tenant scope, or (for an unscoped key) the tenant field of create; also in headers.tenant, so the leaf hash covers it.';
create index event_tenant_created_at on lib_event.event (tenant, created_at) where tenant is not null;

-- The key of this request, sealed like its consumer: the pre-request
-- notes it, definer code alone can seal.
create function lib_event.seal_key(api_key__id uuid) returns void
language sql
set search_path = ''
as $$
  select pg_catalog.set_config('lib_event.api_key__id', api_key__id::text, true),
         pg_catalog.set_config('lib_event.api_key_seal', lib_event.consumer_seal('key ' || api_key__id::text), true)
$$;
comment on function lib_event.seal_key(uuid) is 'Name the API key of this transaction, sealed as lib_event.seal_consumer seals its consumer (the sealed text, key <id>, can be no consumer name). Executable by lib_event_owner alone.';

create function lib_event.request_key() returns lib_event.api_key
language plpgsql stable security definer
set search_path = ''
as $$
declare
  key_id text := pg_catalog.current_setting('lib_event.api_key__id', true);
  holder lib_event.api_key;
begin
  if key_id is null or key_id = '' then
    return null;
  end if;
  if pg_catalog.current_setting('lib_event.api_key_seal', true) is distinct from lib_event.consumer_seal('key ' || key_id) then
    raise exception using
      errcode = 'PT401',
      message = 'this request names an API key it did not authenticate',
      hint = 'Send a valid key in the X-Api-Key header; setting lib_event.api_key__id does not name one.';
  end if;
  select * into holder from lib_event.api_key k where k.api_key__id = key_id::uuid;
  return holder;
end
$$;
comment on function lib_event.request_key() is 'The API key of this request (sealed by lib_event.authenticate_request or lib_event.ingest), null when the session carries none; PT401 when the setting was not sealed by lib_event. Executable by lib_event_owner alone.';

create function lib_event.event_type_likes(patterns text[]) returns text[]
language sql immutable parallel safe
set search_path = ''
as $$
  -- A pattern's only wildcard is the trailing *; _ and \ are literal.
  select pg_catalog.array_agg(pg_catalog.replace(
           pg_catalog.replace(pg_catalog.replace(p, '\', '\\'), '_', '\_'), '*', '%'))
    from pg_catalog.unnest(patterns) p
$$;
comment on function lib_event.event_type_likes(text[]) is 'Event-type patterns (billing.*) as LIKE patterns (billing.%), underscores taken literally; null for null.';

-- The read scope, one function per dimension: the policy calls each in a
-- sub-select, which PostgreSQL runs once per statement, not once per row.
create function lib_event.read_scope_event_types() returns text[]
language sql stable security definer
set search_path = ''
as $$
  select lib_event.event_type_likes(k.scope_event_types::text[])
    from lib_event.request_key() k
   where k.access <> 'producer'
$$;
comment on function lib_event.read_scope_event_types() is 'The event types this request''s key may read, as LIKE patterns; null when any (no key, a key without a type scope, a producer key, which reads nothing).';

create function lib_event.read_scope_consumers() returns text[]
language sql stable security definer
set search_path = ''
as $$
  select k.scope_consumers::text[] from lib_event.request_key() k where k.access <> 'producer'
$$;
comment on function lib_event.read_scope_consumers() is 'The recording consumers whose events this request''s key may read; null when any.';

create function lib_event.read_scope_tenants() returns text[]
language sql stable security definer
set search_path = ''
as $$
  select k.scope_tenants::text[] from lib_event.request_key() k where k.access <> 'producer'
$$;
comment on function lib_event.read_scope_tenants() is 'The tenants whose events this request''s key may read; null when any (then events without a tenant too).';

create function lib_event.read_scoped() returns boolean
language sql stable
set search_path = ''
as $$
  select lib_event.read_scope_event_types() is not null or lib_event.read_scope_consumers() is not null
      or lib_event.read_scope_tenants() is not null
$$;
comment on function lib_event.read_scoped() is 'Whether this request''s key reads only a share of the log.';

alter table lib_event.event enable row level security;
alter table lib_event.event force row level security;

create policy event_read_within_key_scope on lib_event.event for select using (
  ((select lib_event.read_scope_event_types()) is null
     or event_type::text like any ((select lib_event.read_scope_event_types())::text[]))
  and ((select lib_event.read_scope_consumers()) is null
     or consumer::text = any ((select lib_event.read_scope_consumers())::text[]))
  and ((select lib_event.read_scope_tenants()) is null
     or tenant::text = any ((select lib_event.read_scope_tenants())::text[])));
comment on policy event_read_within_key_scope on lib_event.event is 'A scoped API key reads only the events of its types, consumers and tenants, through every read path (the events view, find, follow, event_payload, inclusion_proof); sessions without a key read every event.';

-- Writing is ruled by grants and triggers, as before the policy.
create policy event_insert on lib_event.event for insert with check (true);
comment on policy event_insert on lib_event.event is 'Inserts are ruled by grants (definer functions alone insert); the producer scope is checked before, by lib_event.apply_producer_scope.';
create policy event_update on lib_event.event for update using (true) with check (true);
comment on policy event_update on lib_event.event is 'Updates are ruled by grants and the append-only triggers (erasure alone changes an event).';
create policy event_delete on lib_event.event for delete using (true);
comment on policy event_delete on lib_event.event is 'Deletes are ruled by grants (retention drops partitions).';

-- Whoever may read the table (the view runs the policy as its reader)
-- calls the scope functions.
grant execute on function lib_event.read_scope_event_types(), lib_event.read_scope_consumers(),
  lib_event.read_scope_tenants() to lib_event_reader, lib_event_maintenance;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
