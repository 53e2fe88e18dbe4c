-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.new_salt()
 RETURNS bytea
 LANGUAGE sql
 PARALLEL SAFE
AS $function$
  -- 32 bytes from the server's strong random source: gen_random_uuid draws
  -- 122 random bits from pg_strong_random; three of them (366 bits) hashed.
  select pg_catalog.sha256(pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                        || pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                        || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()));
$function$;

comment on function lib_event.new_salt() is 'A random 32-byte salt for an event''s content commitment.

SHA-256 of three random UUIDs (366 bits from PostgreSQL''s strong random
source, pg_strong_random): PostgreSQL has no random-bytes function without
the pgcrypto extension.';
