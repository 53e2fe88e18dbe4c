-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.postgrest_statement(statement text, OUT source text, OUT result_read text, OUT binds_array boolean)
 RETURNS record
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  -- PostgREST v16.2 writes every main statement as
  --   WITH pgrst_source AS (<the call or the read>) [, pgrst_source_count AS (...)]
  --   SELECT ... FROM (<its read of pgrst_source>) _postgrest_t
  -- (src/library/PostgREST/Query/Statements.hs: mainRead, mainCall). The
  -- query string's filters, order, limit and offset and a Range header go
  -- into the read of a view (the first part) or into the read of a
  -- function's result (the last part): Query/QueryBuilder.hs,
  -- readPlanToQuery; SqlFragment.hs, limitOffsetF. Of each part only the
  -- words outside nested parentheses are kept, a nested group written ():
  -- a filter's parentheses, a call's arguments or a subquery cannot pass
  -- for the part's own clauses. binds_array: named parameters bound from an
  -- array body, of which PostgREST passes the first element alone
  -- (SqlFragment.hs, fromJsonBodyF: json_to_recordset(...) LIMIT 1, or
  -- json_array_elements for an array of empty objects). For any other
  -- statement all three are null.
  with skeleton as (
    select lib_event.sql_skeleton(statement) as text
  ), piece as (
    -- Each piece starts at a parenthesis (the first piece aside); depth is
    -- the nesting just after that parenthesis.
    select p.n, p.text,
           pg_catalog.sum(case pg_catalog.left(p.text, 1) when '(' then 1 when ')' then -1 else 0 end)
             over (order by p.n) as depth
      from skeleton s,
           pg_catalog.regexp_split_to_table(s.text, '(?=[()])') with ordinality as p(text, n)
     where s.text ~ '^WITH pgrst_source AS \(' and s.text ~ '\) _postgrest_t\s*$'
  ), numbered as (
    -- Top-level groups in order: a piece that opens depth 1 starts the next.
    select pc.*,
           pg_catalog.count(*) filter (where pc.depth = 1 and pg_catalog.left(pc.text, 1) = '(')
             over (order by pc.n) as group_n
      from piece pc
  ), top_group as (
    select g.group_n,
           pg_catalog.btrim(pg_catalog.string_agg(
             case when g.depth = 1 and pg_catalog.left(g.text, 1) = '(' then pg_catalog.substr(g.text, 2)
                  when g.depth = 1 then g.text
                  when g.depth = 2 and pg_catalog.left(g.text, 1) = '(' then '('
                  else '' end,
             '' order by g.n)) as text
      from numbered g
     where g.group_n > 0 and g.depth >= 1
     group by g.group_n
  )
  select (select t.text from top_group t order by t.group_n limit 1),
         (select t.text from top_group t order by t.group_n desc limit 1),
         case when exists (select from piece)
              then (select s.text ~ '\m(json_to_recordset|json_array_elements)\(pgrst_payload\.json_data\)' from skeleton s) end;
$function$;

comment on function lib_event.postgrest_statement(text) is 'The parts of PostgREST''s main statement (v16.2) that say what it does around the function or view it serves.

source: the call or the read of the view (pgrst_source); result_read: its read
of that, where the query string''s filters, order, limit and offset go for a
function; binds_array: whether named parameters are bound from an array body
(PostgREST passes its first element only). Each part keeps only its own words:
names other than plain lower-case ones are "?", literals ''?'', nested groups ().
All three are null for a statement that is not PostgREST''s.';
