-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.vkey(name text, public_key text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select pg_catalog.format('%s+%s+%s', name,
    pg_catalog.encode(lib_event.note_key_id(name, '\x01', lib_event.ed25519_key_bytes(public_key)), 'hex'),
    pg_catalog.encode('\x01'::bytea || lib_event.ed25519_key_bytes(public_key), 'base64'));
$function$;

comment on function lib_event.vkey(text,text) is 'The C2SP verifier key (vkey) of an Ed25519 key under a name: <name>+<hex key ID>+<base64(0x01, key)>.';

grant execute on function lib_event.vkey(text,text) to lib_event_reader;
