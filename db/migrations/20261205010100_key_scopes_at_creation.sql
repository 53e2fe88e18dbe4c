-- migrate:up

-- Keys get their scopes at creation (npm run key:create -- ... --scope ...),
-- and the pre-request seals the key itself beside its consumer, so the
-- scope functions know which key a request holds.

set role lib_event_owner;

create function lib_event.check_scope(dimension text, scope text[], domain_name text, allowed text) returns void
language plpgsql immutable
set search_path = ''
as $$
declare
  misfit text;
begin
  if scope is null then
    return;
  end if;
  if pg_catalog.cardinality(scope) = 0 then
    raise exception using
      errcode = 'LE013',
      message = pg_catalog.format('the %s scope is empty: the key could use nothing', dimension),
      hint = pg_catalog.format('Name at least one, or leave the %s scope out for every one. %s', dimension, allowed);
  end if;
  select s into misfit from pg_catalog.unnest(scope) s
   where s is null or not pg_catalog.pg_input_is_valid(s, domain_name) limit 1;
  if found then
    raise exception using
      errcode = 'LE013',
      message = pg_catalog.format('%s scope %s is not allowed', dimension,
        coalesce(pg_catalog.quote_literal(pg_catalog.left(misfit, 100)), 'null')),
      hint = allowed;
  end if;
end
$$;
comment on function lib_event.check_scope(text,text[],text,text) is 'Refuse a key scope that is empty or holds a value its domain does not take (LE013), naming the value and what is allowed.';

drop function lib_event.api_key_create(text, text);

create function lib_event.api_key_create(consumer text, access text, event_types text[] default null,
                                         tenants text[] default null, consumers text[] default null)
returns table(api_key__id uuid, api_key text)
language plpgsql security definer
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
  perform lib_event.check_scope('event type', event_types, 'lib_event.event_type_pattern',
    'An event type (billing.invoice.paid) or one or two leading segments and .* (billing.*, billing.invoice.*).');
  perform lib_event.check_scope('tenant', tenants, 'lib_event.tenant',
    'A tenant is 1 to 255 characters, without control characters or leading and trailing space.');
  perform lib_event.check_scope('consumer', consumers, 'lib_event.consumer_name',
    'A consumer name: a lowercase letter followed by up to 62 lowercase letters, digits, ".", "_" or "-".');
  if access <> 'reader' and pg_catalog.cardinality(tenants) > 1 then
    raise exception using
      errcode = 'LE013',
      message = pg_catalog.format('a %s key records under one tenant, not %s', access, pg_catalog.cardinality(tenants)),
      hint = 'Give a key that records one tenant (its events get it); a reader key may read several.';
  end if;
  if access = 'producer' and consumers is not null then
    raise exception using
      errcode = 'LE013',
      message = 'a consumer scope limits what a key reads, and a producer key reads nothing',
      hint = 'Leave the consumer scope out, or create a reader or producer_reader key.';
  end if;

  return query
    insert into lib_event.api_key as k (consumer, access, key_prefix, key_hash,
                                        scope_event_types, scope_tenants, scope_consumers)
    values (consumer, access::lib_event.api_key_access, pg_catalog.left(new_key, 12), lib_event.api_key_hash(new_key),
            event_types::lib_event.event_type_pattern[], tenants::lib_event.tenant[],
            consumers::lib_event.consumer_name[])
    returning k.api_key__id, new_key;
end
$$;
comment on function lib_event.api_key_create(text,text,text[],text[],text[]) is 'Create an API key for a consumer and return it. The key itself is never stored: show it once.

Scopes, each optional (null: no limit): event_types, patterns such as
billing.* or billing.invoice.paid, limit what the key records and reads;
tenants, what it reads, and for a key that records its one tenant, given to
every event it records; consumers, whose events a reader key reads. An
empty or malformed scope: LE013.';

create or replace function lib_event.authenticate_request(api_key text)
returns table(consumer text, access lib_event.api_key_access)
language plpgsql security definer
set search_path = ''
as $$
declare
  holder record;
begin
  select k.api_key__id, k.consumer::text as consumer, k.access into holder
    from lib_event.api_key k
   where k.key_hash = lib_event.api_key_hash(api_key)
     and k.revoked_at is null;
  if found then
    perform lib_event.seal_consumer(holder.consumer);
    perform lib_event.seal_key(holder.api_key__id);
    return query select holder.consumer, holder.access;
  end if;
end
$$;
comment on function lib_event.authenticate_request(text) is 'The pre-request''s key lookup: the consumer and access of an active API key, with the consumer and the key sealed into this transaction (lib_event.seal_consumer, lib_event.seal_key: the key''s scopes then apply); no row, and nothing sealed, when the key is unknown or revoked.';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
