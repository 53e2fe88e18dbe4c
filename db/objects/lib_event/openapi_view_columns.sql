-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_view_columns(relation oid)
 RETURNS TABLE(column_number smallint, not_null boolean, origin_comment text)
 LANGUAGE sql
 STABLE
AS $function$
  -- A view column that plainly references a NOT NULL table column is never
  -- null. The origin of each output column is in the view's query tree
  -- (resorigtbl, resorigcol of its target entries). Trusted only for one
  -- query that reads tables, without outer joins, where every target entry
  -- with an origin is an output column and none can be null-extended;
  -- subqueries without a FROM (:rtable <>) are allowed beside it.
  with tree as (
    select r.ev_action::text as text
      from pg_catalog.pg_rewrite r
     where r.ev_class = relation and r.rulename = '_RETURN'
  ), simple as (
    select t.text from tree t
     where (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, '\{QUERY ', 'g'))
         - (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, ':rtable <>', 'g')) = 1
       and t.text !~ ':jointype [123] '
  ), origin as (
    select m[1]::smallint as column_number, m[2]::oid as table_oid, m[3]::smallint as table_column
      from simple s,
           pg_catalog.regexp_matches(s.text,
             ':resno (\d+) :resname \S+ :ressortgroupref \d+ :resorigtbl (\d+) :resorigcol (\d+)', 'g') as m
  )
  select o.column_number, a.attnotnull, pg_catalog.col_description(o.table_oid, o.table_column)
    from origin o
    join pg_catalog.pg_attribute a on a.attrelid = o.table_oid and a.attnum = o.table_column
   where o.table_oid <> 0;
$function$;

comment on function lib_event.openapi_view_columns(oid) is 'For each column of a view that plainly references a table column: whether that column is NOT NULL, and its comment.';
