-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_bounded_read(view_name text)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  statement record;
begin
  -- Only PostgREST's read of the view itself, GET or HEAD /<view> (the path
  -- it routes on; the pre-request refuses a percent-escaped one): a SQL
  -- caller, or a function reading the view, bounds its own read.
  if pg_catalog.current_setting('request.path', true) is distinct from '/' || view_name then
    return true;
  end if;
  statement := lib_event.postgrest_statement(pg_catalog.current_query());
  if statement.source is null then
    return true;
  end if;
  -- The read ends with LIMIT $n OFFSET $m when the query string has a
  -- limit or the request a Range header; LIMIT ALL OFFSET $m for an offset
  -- alone (Query/SqlFragment.hs, limitOffsetF).
  if statement.source ~ ' LIMIT \$[0-9]+ OFFSET \$[0-9]+$' then
    return true;
  end if;
  raise exception using
    errcode = 'LE084',
    message = pg_catalog.format('%s /%s needs limit=N or a Range header: without one it would return every row',
      coalesce(pg_catalog.current_setting('request.method', true), 'GET'), view_name),
    detail = 'PostgREST ignores a limit that is not a number (limit=abc).',
    hint = 'Add limit=100 (at most 1000), or Range: 0-99, and page with offset or with a filter past the last row; /rpc/find pages with a cursor.';
end
$function$;

comment on function lib_event.check_bounded_read(text) is 'In the WHERE clause of a view of lib_events: refuse PostgREST''s read of the view that has no limit (LE084, HTTP 400); true otherwise.

A SQL caller and a function reading the view are never refused. The view
calls it as an uncorrelated scalar subquery: evaluated once per statement
(an InitPlan, the one-time filter of each scan), it changes neither the
indexes a read uses nor the partitions it prunes.';

grant execute on function lib_event.check_bounded_read(text) to lib_event_reader;
