-- migrate:up
set role lib_event_owner;

create type lib_event.api_key_access as enum ('producer', 'reader', 'producer_reader');
comment on type lib_event.api_key_access is
  'What an API key may do: record events (producer), query them (reader), or both (producer_reader).';

create domain lib_event.consumer_name as text collate "C"
  constraint consumer_name_format check (value ~ '^[a-z][a-z0-9_.-]{0,62}$');
comment on domain lib_event.consumer_name is
  'The name of an API key''s holder, recorded as the consumer of its events.

Starts with a lowercase ASCII letter, then lowercase letters, digits, ".",
"_" or "-"; at most 63 characters. Example: billing.';

create table lib_event.api_key (
  api_key__id uuid not null default pg_catalog.gen_random_uuid(),
  consumer    lib_event.consumer_name not null,
  access      lib_event.api_key_access not null,
  key_prefix  text not null,
  key_hash    bytea not null,
  created_at  timestamptz not null default pg_catalog.now(),
  revoked_at  timestamptz,
  constraint api_key_pkey primary key (api_key__id),
  constraint api_key_key_hash_key unique (key_hash),
  constraint api_key_key_hash_is_sha256 check (pg_catalog.length(key_hash) = 32)
);
comment on table lib_event.api_key is
  'API keys, stored only as their SHA-256 hash.

A key is 256 bits of randomness, so a fast hash is enough: there is nothing to
guess. key_prefix (the first characters) lets an operator tell keys apart
without the secret.';
comment on column lib_event.api_key.api_key__id is 'Identifies the key for revocation; not secret.';
comment on column lib_event.api_key.created_at is 'When the key was issued.';
comment on column lib_event.api_key.consumer is 'The key holder''s name, recorded as the consumer of every event it records.';
comment on column lib_event.api_key.access is 'producer, reader or producer_reader.';
comment on column lib_event.api_key.key_prefix is 'The first 12 characters of the key, for identification.';
comment on column lib_event.api_key.key_hash is 'sha256 of the whole key.';
comment on column lib_event.api_key.revoked_at is 'When the key was revoked; a revoked key authenticates nothing.';

create function lib_event.api_key_hash(api_key text)
returns bytea
language sql
immutable
strict
parallel safe
as $$
  select pg_catalog.sha256(pg_catalog.convert_to(api_key, 'UTF8'));
$$;
comment on function lib_event.api_key_hash(text) is 'The stored form of an API key: its SHA-256 hash.';

create function lib_event.api_key_create(consumer text, access text)
returns table (api_key__id uuid, api_key text)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  -- gen_random_uuid draws 122 bits from the server's strong random source;
  -- two of them give a 244-bit secret.
  new_key text := 'lek_'
    || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '')
    || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '');
begin
  if consumer is null or not pg_catalog.pg_input_is_valid(consumer, 'lib_event.consumer_name') then
    raise exception using
      errcode = 'LE010',
      message = pg_catalog.format('consumer name %L is not allowed', pg_catalog.left(consumer, 100)),
      hint = 'Use a lowercase letter followed by up to 62 lowercase letters, digits, ".", "_" or "-", e.g. billing.';
  end if;
  if access is null or not pg_catalog.pg_input_is_valid(access, 'lib_event.api_key_access') then
    raise exception using
      errcode = 'LE011',
      message = pg_catalog.format('access %L is not allowed', pg_catalog.left(access, 100)),
      hint = 'Use producer, reader or producer_reader.';
  end if;

  return query
    insert into lib_event.api_key as k (consumer, access, key_prefix, key_hash)
    values (consumer, access::lib_event.api_key_access, pg_catalog.left(new_key, 12), lib_event.api_key_hash(new_key))
    returning k.api_key__id, new_key;
end
$$;
comment on function lib_event.api_key_create(text, text) is
  'Create an API key for a consumer and return it. The key itself is never stored: show it once.';

create function lib_event.api_key_revoke(api_key__id uuid default null, consumer text default null)
returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  revoked integer;
begin
  if (api_key__id is null) = (consumer is null) then
    raise exception using
      errcode = 'LE012',
      message = 'name exactly one of api_key__id or consumer to revoke',
      hint = 'api_key_revoke(api_key__id => ...) revokes one key; api_key_revoke(consumer => ...) every key of a consumer.';
  end if;
  update lib_event.api_key k
     set revoked_at = pg_catalog.now()
   where (k.api_key__id = api_key_revoke.api_key__id or k.consumer = api_key_revoke.consumer)
     and k.revoked_at is null;
  get diagnostics revoked = row_count;
  return revoked;
end
$$;
comment on function lib_event.api_key_revoke(uuid, text) is
  'Revoke one API key (by id) or every active key of a consumer. Returns how many were revoked.';

create function lib_event.api_key_authenticate(api_key text)
returns table (consumer text, access lib_event.api_key_access)
language sql
stable
security definer
set search_path = ''
as $$
  select k.consumer, k.access
    from lib_event.api_key k
   where k.key_hash = lib_event.api_key_hash(api_key)
     and k.revoked_at is null;
$$;
comment on function lib_event.api_key_authenticate(text) is
  'The consumer and access of an active API key; no row when the key is unknown or revoked.';

grant execute on function lib_event.api_key_authenticate(text) to lib_event_anon;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
