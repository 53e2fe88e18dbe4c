-- migrate:up

-- lib_event.postgrest_statement in PL/pgSQL: one regexp_replace for the
-- quoted names and literals and one pass over the parentheses, where the SQL
-- version planned and ran a query of window functions and aggregates on each
-- call (some 0.5 ms a call; this one some 0.09 ms). Every quoted name is now
-- "?" in the parts it returns; GET /events is recognised from request.path.

set role lib_event_owner;

create or replace function lib_event.sql_skeleton(statement text)
returns text
language sql
immutable
parallel safe
as $$
  -- Quoted names become "?" and string literals '?': what is left are the
  -- statement's own words, none of the names and values a request carries
  -- (PostgREST sends values as $n parameters, and writes names and the few
  -- literals it has quoted: pgFmtIdent, pgFmtLit in
  -- src/library/PostgREST/Query/SqlFragment.hs). One pass, left to right, so
  -- a quote inside a name or a literal is never taken for the start of one.
  select pg_catalog.regexp_replace(statement, '"(?:[^"]|"")*"|''(?:[^'']|'''')*''', '?', 'g');
$$;
comment on function lib_event.sql_skeleton(text) is 'A SQL statement with its quoted names replaced by ? and its string literals by ?: the statement''s own words, none of the data a request put in it.';

create or replace function lib_event.postgrest_statement(statement text, out source text, out result_read text, out binds_array boolean)
language plpgsql
immutable
parallel safe
as $$
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
$$;
comment on function lib_event.postgrest_statement(text) is 'The parts of PostgREST''s main statement (v16.2) that say what it does around the function or view it serves.

source: the call or the read of the view (pgrst_source); result_read, its read
of that, where the query string''s filters, order, limit and offset go for a
function; binds_array: whether named parameters are bound from an array body
(PostgREST passes its first element only). Each part keeps only its own words:
names and literals are ?, nested groups (). All three are null for a
statement that is not PostgREST''s.';

create or replace function lib_event.check_write_request()
returns void
language plpgsql
stable
as $$
declare
  statement record := lib_event.postgrest_statement(pg_catalog.current_query());
  request text := pg_catalog.concat_ws(' ', pg_catalog.current_setting('request.method', true),
                    pg_catalog.current_setting('request.path', true));
  applied text[];
begin
  -- A SQL caller's statement is its own: nothing is applied behind its back.
  if statement.source is null then
    return;
  end if;

  -- With select=... alone the read of the result is
  -- SELECT <columns> FROM "pgrst_source" AS "<alias>" and nothing after it
  -- (names are ? in the parts lib_event.postgrest_statement returns).
  if statement.result_read !~ '^SELECT .* FROM \? AS \?$' then
    applied := pg_catalog.array_remove(array[
      case when statement.result_read ~ '\mWHERE\M' then 'filters (column=operator.value)' end,
      case when statement.result_read ~ '\mORDER BY\M' then 'order' end,
      case when statement.result_read ~ '\mLIMIT \$' then 'limit' end,
      case when statement.result_read ~ '\mOFFSET \$' then 'offset' end,
      case when statement.result_read ~ '\mJOIN\M' then 'embedded resources' end], null);
    raise exception using
      errcode = 'LE081',
      message = pg_catalog.format('%s does not take %s: PostgREST applies query parameters to the answer, after the write',
        coalesce(request, 'this call'),
        coalesce(pg_catalog.array_to_string(applied, ', '), 'query parameters but select')),
      detail = 'PostgREST applies a query string''s filters, order, limit and offset to what a function returns, once it has run: the answer would leave out what was written. Nothing was written.',
      hint = 'Send the request without query parameters; select=<columns> alone is allowed.';
  end if;

  if statement.binds_array then
    raise exception using
      errcode = 'LE082',
      message = pg_catalog.format('%s takes one JSON object, not an array: PostgREST would pass its first element alone',
        coalesce(request, 'this call')),
      detail = 'PostgREST binds named arguments from the first element of an array body and drops the others. Nothing was written.',
      hint = 'Send one event as a JSON object to /rpc/create; send several, all or nothing, as an array to /rpc/create_many.';
  end if;
end
$$;

create or replace function lib_event.check_bounded_read(view_name text)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
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
$$;

reset role;

-- migrate:down
