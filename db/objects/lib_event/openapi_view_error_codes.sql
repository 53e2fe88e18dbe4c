-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_view_error_codes(relation oid)
 RETURNS text[]
 LANGUAGE sql
 STABLE
AS $function$
  -- The functions of lib_event and lib_events the view's query calls (its
  -- _RETURN rule depends on them), and the codes each raises.
  select coalesce(pg_catalog.array_agg(distinct c.code collate "C" order by c.code collate "C"), '{}')
    from pg_catalog.pg_rewrite r
    join pg_catalog.pg_depend d
      on d.classid = 'pg_catalog.pg_rewrite'::regclass and d.objid = r.oid
     and d.refclassid = 'pg_catalog.pg_proc'::regclass
    join pg_catalog.pg_proc p
      on p.oid = d.refobjid and p.pronamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace),
         pg_catalog.unnest(lib_event.openapi_error_codes(p.oid)) as c(code)
   where r.ev_class = relation and r.rulename = '_RETURN';
$function$;

comment on function lib_event.openapi_view_error_codes(oid) is 'The error codes (SQLSTATEs) a view''s query raises through the lib_event and lib_events functions it calls.';
