-- migrate:up

-- Unscoped keys read past the scope policy again. Under row-level security
-- PostgreSQL evaluates a filter it does not know to be leakproof (LIKE on
-- event_type, @> on headers) only after the policy's, so such a filter could
-- no longer drive an index scan, for every key: every read of a key went
-- through the policy, whether the key had a scope or not.
--
-- Now every read of a key goes through two branches, and one of them runs:
-- lib_event.every_event (owned by lib_event_owner, whose policy is plainly
-- true: no policy in the plan) when the request's key reads everything, the
-- table under the scope policy (read as lib_event_scoped_reader) when it reads
-- a share. lib_event.read_scoped() chooses once per statement (an InitPlan,
-- the one-time filter of each branch), so the other branch is never scanned.
-- The branch is a constant column of a UNION ALL and the choice a filter on
-- it outside: branches without a WHERE clause of their own are flattened into
-- the query, so each keeps its indexes for order and filters (a branch with a
-- WHERE clause would be planned apart, without the order asked for).
--
-- lib_event.visible_event (find, follow, event_payload, inclusion_proof) and
-- lib_events.events, which now reads it, keep their columns, comments and
-- grants; the events view keeps lib_event.check_bounded_read in its WHERE.

set role lib_event_owner;

create or replace function lib_event.read_scoped() returns boolean
language sql stable security definer
set search_path = ''
as $$
  -- One lookup of the key: the read_scope_* functions each make one.
  select coalesce((select k.access <> 'producer'
                          and (k.scope_event_types is not null or k.scope_consumers is not null
                               or k.scope_tenants is not null)
                     from lib_event.request_key() k), false)
$$;
comment on function lib_event.read_scoped() is 'Whether this request''s key reads only a share of the log (false without a key, for an unscoped key and for a producer key, which reads nothing). The read views call it once per statement to choose their branch, as the role of the request: executable by lib_event_reader.';

grant execute on function lib_event.read_scoped() to lib_event_reader;

create view lib_event.every_event as select * from lib_event.event;
comment on view lib_event.every_event is 'Every event: lib_event.event read as lib_event_owner, whose policy on it is plainly true (event_unscoped), so no policy stands between a filter and the indexes. Read only through lib_event.event_read_branches, for a request whose key reads everything.';

create view lib_event.event_read_branches as
  select false as through_policy, e.* from lib_event.every_event e
  union all
  select true as through_policy, e.* from lib_event.event e;
comment on view lib_event.event_read_branches is 'Events by two branches: every event (through_policy false, lib_event.every_event), and those the scope policy event_read_within_key_scope lets this request''s key read (through_policy true: lib_event.event read as lib_event_scoped_reader, who owns this view). Read it only filtered on through_policy = (select lib_event.read_scoped()), as lib_event.visible_event does.';
comment on column lib_event.event_read_branches.through_policy is 'Whether the row was read under the scope policy (the branch for a key with a read scope) or past it (every event).';

reset role;

-- The scope policy binds lib_event_scoped_reader: the branch under it is
-- read as that role, the owner of the view.
alter view lib_event.event_read_branches owner to lib_event_scoped_reader;
grant select on lib_event.every_event to lib_event_scoped_reader;

-- The columns of both views say what they hold, as those of
-- lib_event.visible_event do.
do $$
declare
  c record;
begin
  for c in select a.attname, pg_catalog.col_description(a.attrelid, a.attnum) as text
             from pg_catalog.pg_attribute a
            where a.attrelid = 'lib_event.visible_event'::regclass and a.attnum > 0 and not a.attisdropped
  loop
    execute pg_catalog.format('comment on column lib_event.every_event.%I is %L', c.attname, c.text);
    execute pg_catalog.format('comment on column lib_event.event_read_branches.%I is %L', c.attname, c.text);
  end loop;
end
$$;

create or replace view lib_event.visible_event as
 select b.event__id, b.event_type, b.occurred_at, b.created_at, b.source, b.partition_key, b.consumer, b.headers,
        b.payload, b.xact_id, b.content_salt, b.content_commitment, b.leaf_hash, b.erased_at, b.erasure__id, b.tenant
   from lib_event.event_read_branches b
  where b.through_policy = (select lib_event.read_scoped());
comment on view lib_event.visible_event is 'The events the request''s API key may read (all of them without a key or scope): under the scope policy for a key with a read scope, past it for any other (lib_event.event_read_branches, one branch chosen per statement). lib_events.events, find, follow, event_payload and inclusion_proof read events through it.';

create or replace view lib_events.events as
 select e.event__id,
    e.event_type,
    e.occurred_at,
    e.created_at,
    e.source,
    e.partition_key,
    e.consumer,
    e.headers,
        case
            when (lib_event.deferred_payload_of(e.event__id)).event__id is null then e.payload
            else null::jsonb
        end as payload,
    (lib_event.deferred_payload_of(e.event__id)).event__id is not null as payload_deferred,
    (lib_event.deferred_payload_of(e.event__id)).payload_size as payload_size,
    pg_catalog.encode((lib_event.deferred_payload_of(e.event__id)).payload_sha256, 'hex'::text) as payload_sha256,
    e.erased_at,
    e.erasure__id,
    e.tenant::text as tenant
   from lib_event.visible_event e
  where (select lib_event.check_bounded_read('events'::text) as check_bounded_read);

set role lib_event_owner;

create or replace function lib_event.openapi_view_columns(relation oid)
returns table(column_number smallint, not_null boolean, origin_comment text)
language sql
stable
-- The setting also keeps PostgreSQL from inlining the function into itself.
set search_path = ''
as $$
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
$$;
comment on function lib_event.openapi_view_columns(oid) is 'For each column of a view that plainly references a column of a table or view: whether it is NOT NULL (in every branch of a UNION ALL), and its comment.';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
