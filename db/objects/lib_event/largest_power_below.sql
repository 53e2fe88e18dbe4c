-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.largest_power_below(n bigint)
 RETURNS bigint
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  -- The largest power of two strictly below n (n >= 2): where RFC 6962 splits.
  select (1::bigint << (length(pg_catalog.ltrim((n - 1)::bit(64)::text, '0')) - 1));
$function$;

comment on function lib_event.largest_power_below(bigint) is 'The largest power of two below n (n at least 2): the split point of RFC 6962''s tree.';
