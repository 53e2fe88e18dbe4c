-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.seal_consumer(consumer text)
 RETURNS void
 LANGUAGE sql
 SET search_path TO ''
AS $function$
  select pg_catalog.set_config('lib_event.consumer', consumer, true),
         pg_catalog.set_config('lib_event.consumer_seal', lib_event.consumer_seal(consumer), true)
$function$;

comment on function lib_event.seal_consumer(text) is 'Name the consumer of this transaction, sealed: lib_event.current_consumer accepts it for this transaction of this backend only. Executable by lib_event_owner alone; called by definer code that has verified who records.';
