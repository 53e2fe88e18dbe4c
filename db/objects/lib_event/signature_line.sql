-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.signature_line(name text, key_id bytea, signature bytea)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select pg_catalog.format(E'\u2014 %s %s\n', name, pg_catalog.translate(pg_catalog.encode(key_id || signature, 'base64'), E'\n', ''));
$function$;

comment on function lib_event.signature_line(text,bytea,bytea) is 'A note signature line: em dash, space, key name, space, base64(4-byte key ID, signature), newline.';
