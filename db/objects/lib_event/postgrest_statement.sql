-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.postgrest_statement(statement text, OUT source text, OUT result_read text, OUT binds_array boolean)
 RETURNS record
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE
AS $function$
-- PostgREST v16.2 writes every main statement as
--   WITH pgrst_source AS (<the call or the read>) [, pgrst_source_count AS (...)]
--   SELECT ... FROM (<its read of pgrst_source>) _postgrest_t
-- (src/library/PostgREST/Query/Statements.hs: mainRead, mainCall). The query
-- string's filters, order, limit and offset and a Range header go into the
-- read of a view (the first part) or into the read of a function's result
-- (the last part): Query/QueryBuilder.hs, readPlanToQuery; SqlFragment.hs,
-- limitOffsetF. Of each part only the words outside nested parentheses are
-- kept, a nested group written (): a filter's parentheses, a call's arguments
-- or a subquery cannot pass for the part's own clauses. binds_array: named
-- parameters bound from an array body, of which PostgREST passes the first
-- element alone (SqlFragment.hs, fromJsonBodyF: json_to_recordset(...)
-- LIMIT 1, or json_array_elements for an array of empty objects). For any
-- other statement all three are null.
declare
  skeleton text := lib_event.sql_skeleton(statement);
  piece text;
  depth integer := 0;
  groups integer := 0;
  part text := '';
begin
  if pg_catalog.left(skeleton, 22) <> 'WITH pgrst_source AS (' or skeleton !~ '\) _postgrest_t\s*$' then
    return;
  end if;
  -- Each piece starts at a parenthesis (the first one aside).
  foreach piece in array pg_catalog.regexp_split_to_array(skeleton, '(?=[()])') loop
    if pg_catalog.left(piece, 1) = '(' then
      depth := depth + 1;
      if depth = 1 then
        -- A top-level group begins: the first one is the source.
        if groups = 1 then
          source := pg_catalog.btrim(part);
        end if;
        groups := groups + 1;
        part := pg_catalog.substr(piece, 2);
      elsif depth = 2 then
        part := part || '(';
      end if;
    elsif pg_catalog.left(piece, 1) = ')' then
      depth := depth - 1;
      if depth = 1 then
        part := part || piece;
      end if;
    elsif depth = 1 then
      part := part || piece;
    end if;
  end loop;
  if groups = 1 then
    source := pg_catalog.btrim(part);
  end if;
  result_read := pg_catalog.btrim(part);
  binds_array := skeleton ~ '\m(json_to_recordset|json_array_elements)\(pgrst_payload\.json_data\)';
end
$function$;

comment on function lib_event.postgrest_statement(text) is 'The parts of PostgREST''s main statement (v16.2) that say what it does around the function or view it serves.

source: the call or the read of the view (pgrst_source); result_read, its read
of that, where the query string''s filters, order, limit and offset go for a
function; binds_array: whether named parameters are bound from an array body
(PostgREST passes its first element only). Each part keeps only its own words:
names and literals are ?, nested groups (). All three are null for a
statement that is not PostgREST''s.';
