-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.seal_key(api_key__id uuid)
 RETURNS void
 LANGUAGE sql
 SET search_path TO ''
AS $function$
  select pg_catalog.set_config('lib_event.api_key__id', api_key__id::text, true),
         pg_catalog.set_config('lib_event.api_key_seal', lib_event.consumer_seal('key ' || api_key__id::text), true)
$function$;

comment on function lib_event.seal_key(uuid) is 'Name the API key of this transaction, sealed as lib_event.seal_consumer seals its consumer (the sealed text, key <id>, can be no consumer name). Executable by lib_event_owner alone.';
