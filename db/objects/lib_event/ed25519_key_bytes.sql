-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.ed25519_key_bytes(public_key text)
 RETURNS bytea
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  -- An Ed25519 SubjectPublicKeyInfo is 44 bytes: a fixed 12-byte prefix, then the key.
  select pg_catalog.substr(pg_catalog.decode(pg_catalog.regexp_replace(public_key, '-----[A-Z ]+-----|\s', '', 'g'), 'base64'), 13, 32);
$function$;

comment on function lib_event.ed25519_key_bytes(text) is 'The 32 bytes of an Ed25519 public key (RFC 8032) from its PEM (SubjectPublicKeyInfo).';

grant execute on function lib_event.ed25519_key_bytes(text) to lib_event_reader;
