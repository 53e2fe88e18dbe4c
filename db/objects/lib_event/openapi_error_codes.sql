-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_error_codes(function_oid oid)
 RETURNS text[]
 LANGUAGE sql
 STABLE
AS $function$
  -- The SQLSTATEs a function raises itself or through the lib_event and
  -- lib_events functions it calls, as written in their bodies
  -- (errcode = '...').
  with recursive reached(oid) as (
    select function_oid
    union
    select callee.oid
      from reached r
      join pg_catalog.pg_proc caller on caller.oid = r.oid
      join pg_catalog.pg_proc callee
        on callee.pronamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace)
       and caller.prosrc ~ (callee.pronamespace::regnamespace::text || '\.' || callee.proname || '\s*\(')
  )
  select pg_catalog.array_agg(distinct m[1] collate "C" order by m[1] collate "C")
    from reached r
    join pg_catalog.pg_proc p on p.oid = r.oid,
         pg_catalog.regexp_matches(p.prosrc, 'errcode\s*=\s*''([0-9A-Z]{5})''', 'g') as m;
$function$;

comment on function lib_event.openapi_error_codes(oid) is 'The error codes (SQLSTATEs) a function raises, itself or through the lib_event and lib_events functions it calls, read from their bodies.';
