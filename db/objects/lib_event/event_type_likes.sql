-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.event_type_likes(patterns text[])
 RETURNS text[]
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  -- A pattern's only wildcard is the trailing *; _ and \ are literal.
  select pg_catalog.array_agg(pg_catalog.replace(
           pg_catalog.replace(pg_catalog.replace(p, '\', '\\'), '_', '\_'), '*', '%'))
    from pg_catalog.unnest(patterns) p
$function$;

comment on function lib_event.event_type_likes(text[]) is 'Event-type patterns (billing.*) as LIKE patterns (billing.%), underscores taken literally; null for null.';
