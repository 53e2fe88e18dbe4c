-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.api_key_create(consumer text, access text, event_types text[] DEFAULT NULL::text[], tenants text[] DEFAULT NULL::text[], consumers text[] DEFAULT NULL::text[], may_erase boolean DEFAULT false)
 RETURNS TABLE(api_key__id uuid, api_key text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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

  if may_erase is null or (may_erase and access = 'producer') then
    raise exception using
      errcode = 'LE016',
      message = pg_catalog.format('a %s key cannot have the erase right', access),
      detail = 'A key erases among the events it reads (within its scopes), and a producer key reads nothing.',
      hint = 'Create a reader or producer_reader key with the erase right (npm run key:create -- --name <name> --role reader --erase), or leave --erase out.';
  end if;

  return query
    insert into lib_event.api_key as k (consumer, access, key_prefix, key_hash,
                                        scope_event_types, scope_tenants, scope_consumers, may_erase)
    values (consumer, access::lib_event.api_key_access, pg_catalog.left(new_key, 12), lib_event.api_key_hash(new_key),
            event_types::lib_event.event_type_pattern[], tenants::lib_event.tenant[],
            consumers::lib_event.consumer_name[], may_erase)
    returning k.api_key__id, new_key;
end
$function$;

comment on function lib_event.api_key_create(text,text,text[],text[],text[],boolean) is 'Create an API key for a consumer and return it. The key itself is never stored: show it once.

Scopes, each optional (null: no limit): event_types, patterns such as
billing.* or billing.invoice.paid, limit what the key records and reads;
tenants, what it reads, and for a key that records its one tenant, given to
every event it records; consumers, whose events a reader key reads. An
empty or malformed scope: LE013. may_erase gives the erase right
(POST /rpc/erase, within the key''s scopes) to a reader or producer_reader
key; a producer key cannot have it (LE016).';
