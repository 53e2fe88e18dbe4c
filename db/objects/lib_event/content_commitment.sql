-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.content_commitment(salt bytea, headers jsonb, payload jsonb)
 RETURNS bytea
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$
  -- No SET clause (every name is qualified): the planner inlines it.
  select pg_catalog.sha256(salt || lib_event.leaf_field(headers::text) || lib_event.leaf_field(payload::text));
$function$;

comment on function lib_event.content_commitment(bytea,jsonb,jsonb) is 'The salted commitment to an event''s content: SHA-256 of the salt, then headers and payload as jsonb text, each length-prefixed like a leaf field.';
