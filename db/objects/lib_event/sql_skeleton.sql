-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.sql_skeleton(statement text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  -- Quoted names other than plain lower-case ones become "?" and string
  -- literals '?': what is left are the statement's own words, whatever
  -- names and values a request carries (PostgREST sends values as $n
  -- parameters, and writes names and the few literals it has quoted:
  -- pgFmtIdent, pgFmtLit in src/library/PostgREST/Query/SqlFragment.hs).
  select pg_catalog.string_agg(
           case when t.piece[1] ~ '^"[a-z_][a-z0-9_]*"$' then t.piece[1]
                when pg_catalog.left(t.piece[1], 1) = '"' then '"?"'
                when pg_catalog.left(t.piece[1], 1) = '''' then '''?'''
                else t.piece[1] end,
           '' order by t.n)
    from pg_catalog.regexp_matches(statement, '"(?:[^"]|"")*"|''(?:[^'']|'''')*''|[^"'']+', 'g')
           with ordinality as t(piece, n);
$function$;

comment on function lib_event.sql_skeleton(text) is 'A SQL statement with its quoted names (plain lower-case ones aside) replaced by "?" and its string literals by ''?'': the statement''s own words, none of the data a request put in it.';
