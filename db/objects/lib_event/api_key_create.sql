-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.api_key_create(consumer text, access text)
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

  return query
    insert into lib_event.api_key as k (consumer, access, key_prefix, key_hash)
    values (consumer, access::lib_event.api_key_access, pg_catalog.left(new_key, 12), lib_event.api_key_hash(new_key))
    returning k.api_key__id, new_key;
end
$function$;

comment on function lib_event.api_key_create(text,text) is 'Create an API key for a consumer and return it. The key itself is never stored: show it once.';
