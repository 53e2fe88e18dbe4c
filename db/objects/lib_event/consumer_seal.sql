-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.consumer_seal(consumer text)
 RETURNS text
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  -- sha256(key || sha256(key || message)): the outer hash hides the inner
  -- one, so the seal cannot be extended to a longer name. The transaction's
  -- start as epoch seconds, not text: the time zone cannot change it.
  select pg_catalog.encode(pg_catalog.sha256(k.seal_key || pg_catalog.sha256(k.seal_key || pg_catalog.convert_to(
           pg_catalog.concat_ws(':', pg_catalog.pg_backend_pid(),
             pg_catalog.date_part('epoch', pg_catalog.transaction_timestamp()), consumer), 'UTF8'))), 'hex')
    from lib_event.consumer_seal_key k
$function$;

comment on function lib_event.consumer_seal(text) is 'The seal of a consumer name for this backend''s current transaction. Executable by lib_event_owner alone: its definer functions seal (lib_event.seal_consumer) and check (lib_event.current_consumer).';
