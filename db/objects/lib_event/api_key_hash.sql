-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.api_key_hash(api_key text)
 RETURNS bytea
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
 SET search_path TO ''
AS $function$
  select pg_catalog.sha256(pg_catalog.convert_to(api_key, 'UTF8'));
$function$;

comment on function lib_event.api_key_hash(text) is 'The stored form of an API key: its SHA-256 hash.';
