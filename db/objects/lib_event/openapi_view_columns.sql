-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_view_columns(relation oid)
 RETURNS TABLE(column_number smallint, not_null boolean, origin_comment text)
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  -- A view column that plainly references a NOT NULL column is never null.
  -- The origin of each output column is in the view's query tree
  -- (resorigtbl, resorigcol of its target entries). Trusted for two shapes:
  -- - one query that reads relations, without outer joins, where every
  --   target entry with an origin is an output column and none can be
  --   null-extended; subqueries without a FROM (:rtable <>) are allowed
  --   beside it;
  -- - a UNION ALL of such queries reading one relation each: a column is
  --   NOT NULL only if it is in every branch, and its comment is the first
  --   branch's that has one.
  -- An origin that is itself a view is followed into that view.
  with tree as (
    select r.ev_action::text as text
      from pg_catalog.pg_rewrite r
     where r.ev_class = relation and r.rulename = '_RETURN'
       and r.ev_action::text !~ ':jointype [123] '
  ), counted as (
    select t.text,
           (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, '\{QUERY ', 'g'))
         - (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, ':rtable <>', 'g')) as reading,
           (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, '\{SETOPERATIONSTMT ', 'g')) as setops,
           (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, '\{SETOPERATIONSTMT :op 1 :all true ', 'g')) as union_alls,
           (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, ':rtekind ', 'g')) as entries,
           (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, ':rtekind 0 ', 'g')) as relations,
           (select pg_catalog.count(*) from pg_catalog.regexp_matches(t.text, ':rtekind 1 ', 'g')) as subqueries
      from tree t
  ), shaped as (
    -- branches: how many queries each column must be NOT NULL in.
    select c.text, 1 as branches from counted c where c.setops = 0 and c.reading = 1
    union all
    -- The top query reads its n branches (subquery entries), each branch one relation.
    select c.text, c.relations from counted c
     where c.setops > 0 and c.setops = c.union_alls
       and c.subqueries = c.relations and c.entries = c.subqueries + c.relations and c.reading = c.relations + 1
  ), origin as (
    select m[1]::smallint as column_number, m[2]::oid as table_oid, m[3]::smallint as table_column, n
      from shaped s,
           pg_catalog.regexp_matches(s.text,
             ':resno (\d+) :resname \S+ :ressortgroupref \d+ :resorigtbl (\d+) :resorigcol (\d+)', 'g')
             with ordinality as o(m, n)
     where m[2] <> '0'
  ), viewed as (
    -- Each view read, followed once.
    select r.table_oid, f.column_number, f.not_null, f.origin_comment
      from (select distinct o.table_oid from origin o
              join pg_catalog.pg_class c on c.oid = o.table_oid and c.relkind = 'v') r,
           lib_event.openapi_view_columns(r.table_oid) f
  ), traced as (
    select o.column_number, o.n,
           case when c.relkind = 'v' then coalesce(v.not_null, false) else a.attnotnull end as not_null,
           coalesce(pg_catalog.col_description(o.table_oid, o.table_column), v.origin_comment) as comment
      from origin o
      join pg_catalog.pg_class c on c.oid = o.table_oid
      join pg_catalog.pg_attribute a on a.attrelid = o.table_oid and a.attnum = o.table_column
      left join viewed v on v.table_oid = o.table_oid and v.column_number = o.table_column
  )
  select t.column_number,
         pg_catalog.count(*) filter (where t.not_null) = (select s.branches from shaped s),
         (pg_catalog.array_agg(t.comment order by t.n) filter (where t.comment is not null))[1]
    from traced t
   group by t.column_number;
$function$;

comment on function lib_event.openapi_view_columns(oid) is 'For each column of a view that plainly references a column of a table or view: whether it is NOT NULL (in every branch of a UNION ALL), and its comment.';
