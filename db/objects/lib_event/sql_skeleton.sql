-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.sql_skeleton(statement text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  -- Quoted names become "?" and string literals '?': what is left are the
  -- statement's own words, none of the names and values a request carries
  -- (PostgREST sends values as $n parameters, and writes names and the few
  -- literals it has quoted: pgFmtIdent, pgFmtLit in
  -- src/library/PostgREST/Query/SqlFragment.hs). One pass, left to right, so
  -- a quote inside a name or a literal is never taken for the start of one.
  select pg_catalog.regexp_replace(statement, '"(?:[^"]|"")*"|''(?:[^'']|'''')*''', '?', 'g');
$function$;

comment on function lib_event.sql_skeleton(text) is 'A SQL statement with its quoted names replaced by ? and its string literals by ?: the statement''s own words, none of the data a request put in it.';
