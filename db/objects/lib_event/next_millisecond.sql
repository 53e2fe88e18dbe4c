-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.next_millisecond(at timestamp with time zone)
 RETURNS timestamp with time zone
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  -- The end of at's millisecond; infinity where there is none (the last
  -- representable instant), so a bound never overflows.
  select case when at >= '294276-12-31 23:59:59.999+00' then 'infinity'::timestamptz
              else pg_catalog.date_trunc('milliseconds', at at time zone 'UTC') at time zone 'UTC' + interval '1 millisecond' end;
$function$;

comment on function lib_event.next_millisecond(timestamp with time zone) is 'The first instant after the millisecond `at` falls in (infinity at the end of time): an exclusive bound in event__id terms.';
