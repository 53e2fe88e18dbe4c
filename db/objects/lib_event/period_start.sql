-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.period_start(at timestamp with time zone, period text)
 RETURNS timestamp with time zone
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  -- Periods are counted in UTC whatever the session's time zone: weeks
  -- start on Monday (ISO 8601), months on the 1st.
  select pg_catalog.date_trunc(period, at at time zone 'UTC') at time zone 'UTC';
$function$;

comment on function lib_event.period_start(timestamp with time zone,text) is 'The start (UTC) of the day, week (Monday) or month that `at` falls in.';
