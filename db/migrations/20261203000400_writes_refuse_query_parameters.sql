-- migrate:up

-- A function that writes refuses, before it writes, a request whose answer
-- would hide the write. PostgREST applies a POST's query parameters
-- (filters, order, limit, offset) to what the function returns, after it
-- ran: POST /rpc/create_many?offset=5 recorded its events and answered [].
-- And it binds named parameters from the first element of an array body:
-- two events posted to /rpc/create recorded the first alone. Neither shows
-- in the request settings the pre-request reads (request.method, .path,
-- .headers); both show in the statement PostgREST runs, which
-- current_query() returns to the function it calls.

set role lib_event_owner;

create function lib_event.sql_skeleton(statement text)
returns text
language sql
immutable
parallel safe
as $$
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
$$;
comment on function lib_event.sql_skeleton(text) is 'A SQL statement with its quoted names (plain lower-case ones aside) replaced by "?" and its string literals by ''?'': the statement''s own words, none of the data a request put in it.';

create function lib_event.postgrest_statement(statement text, out source text, out result_read text, out binds_array boolean)
language sql
immutable
parallel safe
as $$
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
$$;
comment on function lib_event.postgrest_statement(text) is 'The parts of PostgREST''s main statement (v16.2) that say what it does around the function or view it serves.

source: the call or the read of the view (pgrst_source); result_read: its read
of that, where the query string''s filters, order, limit and offset go for a
function; binds_array: whether named parameters are bound from an array body
(PostgREST passes its first element only). Each part keeps only its own words:
names other than plain lower-case ones are "?", literals ''?'', nested groups ().
All three are null for a statement that is not PostgREST''s.';

create function lib_event.check_write_request()
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
  -- SELECT <columns> FROM "pgrst_source" AS "<alias>" and nothing after it.
  if statement.result_read !~ '^SELECT .* FROM "pgrst_source" AS "[^"]*"$' then
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
comment on function lib_event.check_write_request() is 'Called first by every function of lib_events that writes: refuse a PostgREST request whose answer would hide the write, before anything is written.

LE081: query parameters other than select (PostgREST applies filters, order,
limit and offset to the function''s result after it ran). LE082: an array
body bound to named arguments (PostgREST passes its first element alone). A
SQL caller is never refused: its statement is its own.';

create or replace function lib_events.create(event_type text, payload jsonb default null,
  headers jsonb default '{}', occurred_at timestamptz default null, source uuid default null,
  partition_key text default null, idempotency_key text default null)
returns lib_events.event_receipt
language sql
volatile
security definer
set search_path = ''
as $$
  select lib_event.check_write_request();
  select r.*
    from lib_event.record_events(array[row(event_type, payload, headers, occurred_at, source, partition_key,
           idempotency_key)::lib_event.event_input]) r;
$$;

create or replace function lib_events.create_many(jsonb)
returns setof lib_events.event_receipt
language sql
volatile
security definer
set search_path = ''
as $$
  select lib_event.check_write_request();
  select r.*
    from lib_event.record_events(lib_event.event_inputs(
           case when pg_catalog.jsonb_typeof($1) = 'object' and $1 ? 'events'
                then $1 -> 'events' else $1 end)) r;
$$;

create or replace function lib_events.request_checkpoint()
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform lib_event.check_write_request();
  perform pg_catalog.pg_notify('lib_event.checkpoint_requested', '');
  return lib_event.tree_size();
end
$$;

comment on function lib_events.create(text, jsonb, jsonb, timestamptz, uuid, text, text) is 'Record one event.

event_type follows <service>.<resourceType>.<verb_past_tense> (e.g.
billing.invoice.paid). payload is any JSON value, of any size. headers is a
JSON object of your own entries; lib_event adds event_type, event__id,
created_at, occurred_at, source, partition_key and consumer, and refuses a
call that sets any of them. occurred_at defaults to the recording time and may
not be in the future. The consumer is the API key''s name. Every event is
announced with NOTIFY lib_event.created carrying its id.

idempotency_key (1 to 255 characters, scoped to your consumer) makes a retry
safe: a second call with the same key and the same content records nothing
and returns the first call''s receipt; the same key with different content
fails with 23505 (HTTP 409).

Over HTTP the body is one JSON object (an array: LE082, use create_many) and
the request carries no query parameter but select (LE081): nothing is
recorded when either is refused.';

comment on function lib_events.create_many(jsonb) is 'Record up to 1000 events in one call, all or nothing; their receipts come back in the order sent.

The body is a JSON array of objects with the arguments of create (event_type,
payload, headers, occurred_at, source, partition_key, idempotency_key), or
{"events": [...]} with such an array. PostgREST passes a plain array only when
every object has the same keys (else 400 PGRST102); the {"events": [...]}
form takes events with different keys. Every event is checked as create
checks it; an error names the event (event 3 of 10: ...) and records nothing.
More than 1000 events: PT413 (HTTP 413). Retries with the same
idempotency_key return the original receipts. Listeners learn every id:
NOTIFY lib_event.created carries the new ids, comma-separated, at most 200 per
notification. Over HTTP the request carries no query parameter but select
(LE081): PostgREST would apply filters, order, limit and offset to the
receipts after the events were recorded.';

reset role;

-- migrate:down
