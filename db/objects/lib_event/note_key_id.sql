-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.note_key_id(name text, signature_type bytea, key bytea)
 RETURNS bytea
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select pg_catalog.substr(pg_catalog.sha256(pg_catalog.convert_to(name, 'UTF8') || '\x0a'::bytea || signature_type || key), 1, 4);
$function$;

comment on function lib_event.note_key_id(text,bytea,bytea) is 'A note key ID (c2sp.org/signed-note): the first 4 bytes of SHA-256(name, newline, signature type, public key).';

grant execute on function lib_event.note_key_id(text,bytea,bytea) to lib_event_reader;
