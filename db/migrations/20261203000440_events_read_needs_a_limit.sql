-- migrate:up

-- GET /events without a limit (or with limit=abc, which PostgREST ignores)
-- serialised the whole log. PostgREST's db-max-rows would cap it, but it
-- caps every function's result too (Plan.hs, treeRestrictRange: only table
-- writes are exempt) and always adds LIMIT and OFFSET to the read of the
-- result, so lib_event.check_write_request could no longer see a limit or
-- offset sent to a write. Instead the view refuses PostgREST's read of it
-- when that read has no LIMIT: the query string's limit, or a Range header.
-- The value of the limit travels as a parameter the database cannot read:
-- a proxy caps it (db/security.md).

set role lib_event_owner;

create function lib_event.check_bounded_read(view_name text)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  statement record := lib_event.postgrest_statement(pg_catalog.current_query());
begin
  -- Only PostgREST's read of the view itself (GET or HEAD /<view>): a SQL
  -- caller, or a function reading the view, bounds its own read.
  if statement.source is null
     or statement.source !~ ('^SELECT .* FROM "lib_events"\."' || view_name || '"( |$)') then
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
comment on function lib_event.check_bounded_read(text) is 'In the WHERE clause of a view of lib_events: refuse PostgREST''s read of the view that has no limit (LE084, HTTP 400); true otherwise.

A SQL caller and a function reading the view are never refused. The view
calls it as an uncorrelated scalar subquery: evaluated once per statement
(an InitPlan, the one-time filter of each scan), it changes neither the
indexes a read uses nor the partitions it prunes.';
grant execute on function lib_event.check_bounded_read(text) to lib_event_reader;

create or replace view lib_events.events as
  select e.event__id, e.event_type, e.occurred_at, e.created_at, e.source,
         e.partition_key, e.consumer, e.headers,
         case when (lib_event.deferred_payload_of(e.event__id)).event__id is null then e.payload end as payload,
         (lib_event.deferred_payload_of(e.event__id)).event__id is not null as payload_deferred,
         (lib_event.deferred_payload_of(e.event__id)).payload_size as payload_size,
         pg_catalog.encode((lib_event.deferred_payload_of(e.event__id)).payload_sha256, 'hex') as payload_sha256
    from lib_event.event e
   -- A scalar subquery: one InitPlan, evaluated once per statement, its
   -- result the one-time filter of each partition's scan.
   where (select lib_event.check_bounded_read('events'));

comment on view lib_events.events is
  'Recorded events, for querying.

Filter any column with PostgREST operators, e.g.
event_type=eq.billing.invoice.paid, event_type=like.billing.invoice.*,
consumer=eq.billing, source=eq.<uuid>, partition_key=eq.invoice:INV-1,
created_at=gte.2026-01-01T00:00:00Z, occurred_at=lt.2026-02-01T00:00:00Z,
headers=cs.{"actor":"ada"}. Indexed: created_at, occurred_at,
(consumer, created_at), (event_type, created_at), source, partition_key and
headers (containment). A read needs limit=N (up to 1000) or a Range header
(else LE084, HTTP 400).';

-- A column of the view that plainly references a NOT NULL column is still
-- documented as never null: a subquery that reads no table (the check
-- above, :rtable <> in the view's query tree) cannot make one null, and its
-- target entries have no origin table.
create or replace function lib_event.openapi_view_columns(relation oid)
returns table (column_number smallint, not_null boolean, origin_comment text)
language sql
stable
as $$
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
$$;

reset role;

-- migrate:down
