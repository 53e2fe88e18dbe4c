-- migrate:up

-- lib_event.event becomes a table partitioned by range of event__id.
--
-- Why event__id and not created_at: the id is a UUIDv7 whose first 48 bits
-- are the recording time in milliseconds (the same instant as created_at), so
-- a range of ids is a range of time, and the primary key (event__id) is the
-- partition key itself: PostgreSQL can enforce its uniqueness across the
-- whole log, which it cannot for a key that does not contain the partition
-- column. Lookups by id (receipts, idempotency, payloads, cursors) go to one
-- partition; find turns its time bounds into id bounds so time-bounded
-- searches skip the other partitions.
--
-- An existing install keeps every row where it is: the old table becomes the
-- first partition (event_before_partitioning, from the lowest id up to the
-- start of the next period), attached without copying. New periods get
-- partitions of their own, made ahead of time by lib_event.maintain_partitions.

set role lib_event_owner;

create function lib_event.uuid_floor(at timestamptz)
returns uuid
language sql
immutable
parallel safe
set search_path = ''
as $$
  -- The lowest UUIDv7 of the millisecond `at` falls in: its 48-bit Unix time
  -- in milliseconds, then zeros. uuid compares byte by byte, so every id
  -- recorded at or after `at` sorts at or above it.
  -- Before 1970 every id is above the bound; from 2^48 ms on (year 10889)
  -- none reaches it: the lowest and the highest uuid.
  select case
    when at < 'epoch' then '00000000-0000-0000-0000-000000000000'::uuid
    when at >= '10889-08-02 05:31:50.656+00' then 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid
    else pg_catalog.encode(
      substring(pg_catalog.int8send(pg_catalog.floor(extract(epoch from at) * 1000)::bigint) from 3)
        || '\x00000000000000000000'::bytea,
      'hex')::uuid
  end;
$$;
comment on function lib_event.uuid_floor(timestamptz) is
  'The lowest UUIDv7 of the millisecond of `at`: the bound of a partition, or of a time-bounded search, in event__id terms (the lowest uuid before 1970, the highest from the year 10889 and for infinity).';

create function lib_event.uuid_time(id uuid)
returns timestamptz
language sql
immutable
parallel safe
set search_path = ''
as $$
  select pg_catalog.to_timestamp(
    ('x' || pg_catalog.left(pg_catalog.replace(id::text, '-', ''), 12))::bit(48)::bigint / 1000.0);
$$;
comment on function lib_event.uuid_time(uuid) is
  'The millisecond a UUIDv7 was made (its first 48 bits): for an event__id, its recording time to the millisecond.';

create function lib_event.period_start(at timestamptz, period text)
returns timestamptz
language sql
immutable
parallel safe
set search_path = ''
as $$
  -- Periods are counted in UTC whatever the session's time zone: weeks
  -- start on Monday (ISO 8601), months on the 1st.
  select pg_catalog.date_trunc(period, at at time zone 'UTC') at time zone 'UTC';
$$;
comment on function lib_event.period_start(timestamptz, text) is
  'The start (UTC) of the day, week (Monday) or month that `at` falls in.';

create table lib_event.partition_policy (
  singleton      boolean not null default true,
  period         text collate "C" not null default 'month',
  periods_ahead  integer not null default 3,
  hash_subpartitions integer,
  updated_at     timestamptz not null default pg_catalog.now(),
  constraint partition_policy_pkey primary key (singleton),
  constraint partition_policy_singleton check (singleton),
  constraint partition_policy_period check (period in ('day', 'week', 'month')),
  constraint partition_policy_periods_ahead check (periods_ahead between 1 and 400),
  constraint partition_policy_hash_subpartitions check (hash_subpartitions between 2 and 64)
);
comment on table lib_event.partition_policy is
  'How lib_event.event is partitioned from now on (one row): the period of a partition, how many periods are kept ready ahead, and an optional split of each period by hash of event__id.

Changes apply to partitions made afterwards; existing partitions keep their
bounds. The first values come from the database settings
lib_event.partition_period and lib_event.hash_subpartitions when the
migration runs (ALTER DATABASE ... SET), so a new install can start with its
own scheme. Sub-partitions hash event__id, not another column: PostgreSQL
requires every partitioning column in a unique key, and event__id alone must
stay unique across the log.';
comment on column lib_event.partition_policy.singleton is 'Always true: the table holds one row.';
comment on column lib_event.partition_policy.period is 'The span of one partition: day, week (Monday to Sunday) or month, in UTC.';
comment on column lib_event.partition_policy.periods_ahead is 'How many periods after the current one lib_event.maintain_partitions keeps ready.';
comment on column lib_event.partition_policy.hash_subpartitions is 'How many sub-partitions (2 to 64) split each period by hash of event__id, spreading writes and vacuum over smaller tables; null for none.';
comment on column lib_event.partition_policy.updated_at is 'When the policy last changed.';

insert into lib_event.partition_policy (period, hash_subpartitions)
values (coalesce(nullif(pg_catalog.current_setting('lib_event.partition_period', true), ''), 'month'),
        nullif(pg_catalog.current_setting('lib_event.hash_subpartitions', true), '')::integer);

-- The old table makes way: it and its indexes get other names, and its
-- triggers go (the partitioned table's own reach every partition).
alter table lib_event.event rename to event_before_partitioning;

-- What lets a time bound prune partitions: an event's id is made from its
-- recording time (lib_event.record_events passes created_at to uuid_v7), so
-- its first 48 bits are created_at's millisecond. Said as a constraint, it
-- holds for every row, also one the owner inserts by hand. Checked here for
-- the rows already recorded (all recorded through record_events keep it).
alter table lib_event.event_before_partitioning
  add constraint event_id_encodes_created_at
  check (lib_event.uuid_time(event__id) = lib_event.uuid_time(lib_event.uuid_floor(created_at)));
comment on constraint event_id_encodes_created_at on lib_event.event_before_partitioning is
  'event__id is a UUIDv7 of created_at: its first 48 bits are created_at''s millisecond.';
create table lib_event.event (like lib_event.event_before_partitioning including defaults including constraints including comments)
  partition by range (event__id);
comment on table lib_event.event is
  'Every recorded event, append-only: partitioned by range of event__id (a time range, the id being a UUIDv7), one partition per period of lib_event.partition_policy.

See lib_event.partitions for the partitions and their bounds, and
lib_event.maintain_partitions for how they are made.';

do $$
declare
  old regclass := 'lib_event.event_before_partitioning'::regclass;
  item record;
begin
  -- Each index again on the partitioned table, under its original name; the
  -- old table's copy is renamed and attached to it below.
  for item in
    select c.relname as name, i.indexrelid, i.indisprimary
      from pg_catalog.pg_index i join pg_catalog.pg_class c on c.oid = i.indexrelid
     where i.indrelid = old
  loop
    execute pg_catalog.format('alter index lib_event.%I rename to %I', item.name,
      'event_before_partitioning' || pg_catalog.substr(item.name, 6));
    if item.indisprimary then
      execute pg_catalog.format('alter table lib_event.event add constraint %I primary key (event__id)', item.name);
    else
      execute pg_catalog.replace(
        pg_catalog.replace(pg_catalog.pg_get_indexdef(item.indexrelid),
          'INDEX event_before_partitioning' || pg_catalog.substr(item.name, 6), 'INDEX ' || pg_catalog.quote_ident(item.name)),
        'ON lib_event.event_before_partitioning ', 'ON lib_event.event ');
    end if;
    execute pg_catalog.format('comment on index lib_event.%I is %L', item.name, pg_catalog.obj_description(item.indexrelid, 'pg_class'));
  end loop;

  -- Each trigger again on the partitioned table, enabled or not as it was
  -- (the notify mode is a trigger's state).
  for item in
    select t.tgname as name, t.oid, t.tgenabled, pg_catalog.pg_get_triggerdef(t.oid) as definition
      from pg_catalog.pg_trigger t
     where t.tgrelid = old and not t.tgisinternal
  loop
    execute pg_catalog.replace(item.definition, 'ON lib_event.event_before_partitioning ', 'ON lib_event.event ');
    execute pg_catalog.format('comment on trigger %I on lib_event.event is %L', item.name, pg_catalog.obj_description(item.oid, 'pg_trigger'));
    execute pg_catalog.format('drop trigger %I on lib_event.event_before_partitioning', item.name);
    if item.tgenabled = 'D' then
      execute pg_catalog.format('alter table lib_event.event disable trigger %I', item.name);
    end if;
  end loop;
end
$$;

-- The statement trigger refuses an UPDATE of the partitioned table; this row
-- trigger, copied to every partition, refuses one aimed at a partition itself.
create trigger event_refuse_update_of_partition
  before update on lib_event.event
  for each row execute function lib_event.refuse_update();
comment on trigger event_refuse_update_of_partition on lib_event.event is
  'The log is append-only, even for the owner, also when an UPDATE names a partition.';

-- The view and the catch-up read, bound to the partitioned table.
create or replace view lib_events.events as
  select e.event__id, e.event_type, e.occurred_at, e.created_at, e.source,
         e.partition_key, e.consumer, e.headers,
         case when (lib_event.deferred_payload_of(e.event__id)).event__id is null then e.payload end as payload,
         (lib_event.deferred_payload_of(e.event__id)).event__id is not null as payload_deferred,
         (lib_event.deferred_payload_of(e.event__id)).payload_size as payload_size,
         pg_catalog.encode((lib_event.deferred_payload_of(e.event__id)).payload_sha256, 'hex') as payload_sha256
    from lib_event.event e;

drop function lib_event.follow_after(xid8, uuid, integer);
create function lib_event.follow_after(after_xact_id xid8, after_event__id uuid, max integer)
returns setof lib_event.event
language sql
stable
as $$
  -- One statement, so the horizon and the rows share one snapshot; and
  -- inlinable (plain SQL, no security definer), so callers that only select
  -- the ids never read a payload. Walks event_xact_id_event__id_idx.
  select e.*
    from lib_event.event e
   where (e.xact_id, e.event__id) > (after_xact_id, after_event__id)
     and e.xact_id < pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot())
   order by e.xact_id, e.event__id
   limit max;
$$;
comment on function lib_event.follow_after(xid8, uuid, integer) is
  'At most max events after a position, in (xact_id, event__id) order, none of them from a transaction that might still be running.

Only events with xact_id below the snapshot''s xmin are returned: every
transaction that got its id earlier has ended, so no event can later appear
before the last one returned.';
revoke all on function lib_event.follow_after(xid8, uuid, integer) from public;

create function lib_event.refuse_outside_partitions()
returns trigger
language plpgsql
as $$
begin
  raise exception using
    errcode = 'PT503',
    message = pg_catalog.format('no partition of lib_event.event is ready for events recorded at %s',
      lib_event.uuid_time(new.event__id)),
    hint = 'Nothing was recorded; retry shortly. The owner keeps partitions ready with select * from lib_event.maintain_partitions() (npm start runs it every hour).';
end
$$;
comment on function lib_event.refuse_outside_partitions() is
  'Trigger function of the default partition: an event no partition takes is refused (PT503, HTTP 503: retry), never kept in a catch-all.';

-- The default partition only ever refuses: it stays empty, so making a new
-- partition never has rows to move out of it.
create table lib_event.event_outside_partitions partition of lib_event.event default;
comment on table lib_event.event_outside_partitions is
  'The default partition of lib_event.event: always empty, its trigger refuses every row (PT503).';
-- Also when triggers are off (session_replication_role = replica, as in a
-- bulk load): a constraint holds whatever the session does.
alter table lib_event.event_outside_partitions
  add constraint event_outside_every_partition check (false);
comment on constraint event_outside_every_partition on lib_event.event_outside_partitions is
  'No row belongs here: an event outside every partition is refused even with triggers off.';
create trigger event_outside_partitions_refuse
  before insert on lib_event.event_outside_partitions
  for each row execute function lib_event.refuse_outside_partitions();
comment on trigger event_outside_partitions_refuse on lib_event.event_outside_partitions is
  'An event outside every partition is refused, not kept.';

-- The old rows stay where they are, as the first partition; an install with
-- none has nothing to keep.
do $$
declare
  period text := (select p.period from lib_event.partition_policy p);
  bound timestamptz;
begin
  if exists (select from lib_event.event_before_partitioning) then
    bound := lib_event.period_start(pg_catalog.now(), period) + ('1 ' || period)::interval;
    execute pg_catalog.format(
      'alter table lib_event.event attach partition lib_event.event_before_partitioning for values from (minvalue) to (%L)',
      lib_event.uuid_floor(bound));
    comment on table lib_event.event_before_partitioning is
      'The events recorded before lib_event.event was partitioned (and the rest of that period): the first partition.';
  else
    drop table lib_event.event_before_partitioning;
  end if;
end
$$;

create view lib_event.partitions as
  select c.relname::text as partition,
         case when b.bounds[1] = 'MINVALUE' then '-infinity'::timestamptz
              else lib_event.uuid_time(pg_catalog.btrim(b.bounds[1], '''')::uuid) end as starts_at,
         lib_event.uuid_time(pg_catalog.btrim(b.bounds[2], '''')::uuid) as ends_at,
         c.relkind = 'p' as subpartitioned,
         (select pg_catalog.sum(pg_catalog.pg_total_relation_size(t.relid))
            from pg_catalog.pg_partition_tree(c.oid) t)::bigint as bytes
    from pg_catalog.pg_inherits i
    join pg_catalog.pg_class c on c.oid = i.inhrelid
   cross join lateral pg_catalog.regexp_match(pg_catalog.pg_get_expr(c.relpartbound, c.oid),
                                              'FROM \((.+)\) TO \((.+)\)') as b(bounds)
   where i.inhparent = 'lib_event.event'::regclass
     and b.bounds is not null;
comment on view lib_event.partitions is
  'The partitions of lib_event.event (the default one aside) with the recording times they take: from starts_at (inclusive) to ends_at (exclusive), and their size on disk.';
comment on column lib_event.partitions.partition is 'The partition''s table name, in schema lib_event.';
comment on column lib_event.partitions.starts_at is 'The earliest recording time it takes (-infinity for the first partition of a converted install).';
comment on column lib_event.partitions.ends_at is 'The recording time it takes events up to, exclusive: the next partition''s starts_at.';
comment on column lib_event.partitions.subpartitioned is 'Whether it is split by hash of event__id (lib_event.partition_policy.hash_subpartitions).';
comment on column lib_event.partitions.bytes is 'Its size on disk: rows, indexes and TOAST, sub-partitions included.';

create function lib_event.create_partition(name text, starts_at timestamptz, ends_at timestamptz)
returns void
language plpgsql
set search_path = ''
as $$
declare
  policy lib_event.partition_policy;
begin
  select * into policy from lib_event.partition_policy;
  -- Made apart, then attached: ATTACH takes a lock on the log producers do
  -- not wait on (SHARE UPDATE EXCLUSIVE), where CREATE ... PARTITION OF would
  -- block them; it does lock the (empty) default partition, so readers that
  -- scan every partition wait a moment. Never long: give up after 5 s
  -- (55P03) and let the next maintenance run try again.
  perform pg_catalog.set_config('lock_timeout', '5s', true);
  execute pg_catalog.format('create table lib_event.%I (like lib_event.event including defaults including constraints)%s',
    name, case when policy.hash_subpartitions is not null then ' partition by hash (event__id)' else '' end);
  for remainder in 0 .. coalesce(policy.hash_subpartitions, 0) - 1 loop
    execute pg_catalog.format('create table lib_event.%I partition of lib_event.%I for values with (modulus %s, remainder %s)',
      name || '_h' || remainder, name, policy.hash_subpartitions, remainder);
    execute pg_catalog.format('comment on table lib_event.%I is %L', name || '_h' || remainder,
      pg_catalog.format('Part %s of %s of %s, by hash of event__id.', remainder + 1, policy.hash_subpartitions, name));
  end loop;
  execute pg_catalog.format('alter table lib_event.event attach partition lib_event.%I for values from (%L) to (%L)',
    name, lib_event.uuid_floor(starts_at), lib_event.uuid_floor(ends_at));
  execute pg_catalog.format('comment on table lib_event.%I is %L', name,
    pg_catalog.format('The events recorded from %s to %s (UTC).', starts_at at time zone 'UTC', ends_at at time zone 'UTC'));
end
$$;
comment on function lib_event.create_partition(text, timestamptz, timestamptz) is
  'Make one partition of lib_event.event for recording times from starts_at to ends_at, split by hash as lib_event.partition_policy says.';

create function lib_event.make_partitions(from_time timestamptz, to_time timestamptz)
returns table (action text, partition text, starts_at timestamptz, ends_at timestamptz)
language plpgsql
security definer
set search_path = ''
as $$
declare
  policy lib_event.partition_policy;
  step interval;
  next_start timestamptz;
  next_end timestamptz;
  covering timestamptz;
begin
  -- One maker at a time; a second call finds the work done.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('lib_event.make_partitions'));
  select * into policy from lib_event.partition_policy;
  step := ('1 ' || policy.period)::interval;
  next_start := lib_event.period_start(from_time, policy.period);
  while next_start < to_time loop
    -- Inside a partition already: skip to its end.
    select p.ends_at into covering from lib_event.partitions p
     where p.starts_at <= next_start and next_start < p.ends_at;
    if found then
      next_start := covering;
      continue;
    end if;
    -- To the next period boundary, or to the next partition if it starts
    -- sooner (a gap between partitions of another period).
    next_end := least(lib_event.period_start(next_start, policy.period) + step,
                      (select pg_catalog.min(p.starts_at) from lib_event.partitions p where p.starts_at > next_start));
    action := 'created';
    partition := 'event_p' || pg_catalog.to_char(next_start at time zone 'UTC', 'YYYYMMDD');
    starts_at := next_start;
    ends_at := next_end;
    perform lib_event.create_partition(partition, starts_at, ends_at);
    return next;
    next_start := next_end;
  end loop;
end
$$;
comment on function lib_event.make_partitions(timestamptz, timestamptz) is
  'Make the partitions of lib_event.event missing for recording times from from_time to to_time, a period each (lib_event.partition_policy); returns what it made. For imports of past events, and restores.';

create function lib_event.maintain_partitions(at timestamptz default pg_catalog.now())
returns table (action text, partition text, starts_at timestamptz, ends_at timestamptz)
language sql
security definer
set search_path = ''
as $$
  select m.*
    from lib_event.partition_policy p,
         -- From now (or `at`, if earlier), so a run ahead leaves no gap.
         lib_event.make_partitions(lib_event.period_start(least(at, pg_catalog.now()), p.period),
           lib_event.period_start(at, p.period) + ('1 ' || p.period)::interval * (p.periods_ahead + 1)) m;
$$;
comment on function lib_event.maintain_partitions(timestamptz) is
  'Keep partitions of lib_event.event ready for the current period and the next periods_ahead ones (lib_event.partition_policy); returns what it made. Idempotent: run it as often as you like (npm start runs it every hour; or cron, or pg_cron).';

create function lib_event.next_millisecond(at timestamptz)
returns timestamptz
language sql
immutable
parallel safe
set search_path = ''
as $$
  -- The end of at's millisecond; infinity where there is none (the last
  -- representable instant), so a bound never overflows.
  select case when at >= '294276-12-31 23:59:59.999+00' then 'infinity'::timestamptz
              else pg_catalog.date_trunc('milliseconds', at at time zone 'UTC') at time zone 'UTC' + interval '1 millisecond' end;
$$;
comment on function lib_event.next_millisecond(timestamptz) is
  'The first instant after the millisecond `at` falls in (infinity at the end of time): an exclusive bound in event__id terms.';
revoke all on function lib_event.next_millisecond(timestamptz) from public;

-- find's time bounds also bound event__id (its first 48 bits are the
-- recording millisecond), so a time-bounded search reads only the partitions
-- of that time.
create function lib_event.find_conditions(type text, consumer text, created_from timestamptz, created_to timestamptz, has_cursor boolean)
returns text[]
language sql
immutable
set search_path = ''
as $$
  -- Only the filters given make it into the query, so each call is planned
  -- for its own filters (and partitions) and can use the matching index.
  -- $1..$6 are find's type, consumer, created_from, created_to and cursor position.
  select pg_catalog.array_remove(array[
    case when type is not null then 'e.event_type = $1' end,
    case when consumer is not null then 'e.consumer = $2' end,
    case when created_from is not null then 'e.created_at >= $3' end,
    case when created_from is not null then 'e.event__id >= lib_event.uuid_floor($3)' end,
    case when created_to is not null then 'e.created_at < $4' end,
    case when created_to is not null then 'e.event__id < lib_event.uuid_floor(lib_event.next_millisecond($4))' end,
    -- The first cursor condition lets an index on created_at bound the scan,
    -- the second the partitions; the third is the exact keyset position.
    case when has_cursor then 'e.created_at <= $5' end,
    case when has_cursor then 'e.event__id < lib_event.uuid_floor(lib_event.next_millisecond($5))' end,
    case when has_cursor then '(e.created_at, e.event__id) < ($5, $6)' end
  ], null);
$$;
comment on function lib_event.find_conditions(text, text, timestamptz, timestamptz, boolean) is
  'The WHERE conditions of one find call: those of the filters given, each time bound also as an event__id bound so partitions are pruned.';
revoke all on function lib_event.find_conditions(text, text, timestamptz, timestamptz, boolean) from public;

create or replace function lib_events.find(
  type         text default null,
  consumer     text default null,
  created_from timestamptz default null,
  created_to   timestamptz default null,
  cursor       text default null,
  page_size    integer default 100
)
returns setof lib_events.found_event
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  after_created_at timestamptz;
  after_event__id uuid;
  conditions text[];
  e record;
  page_bytes bigint := 0;
  row_bytes bigint;
begin
  if page_size is null or page_size < 1 then
    raise exception using
      errcode = 'LE021',
      message = pg_catalog.format('page_size must be at least 1, not %s', coalesce(page_size::text, 'null')),
      hint = 'Leave page_size out for 100 events per page, or send 1 to 1000.';
  end if;
  if page_size > 1000 then
    raise exception using
      errcode = 'PT413',
      message = pg_catalog.format('page_size %s is more than the 1000 allowed', page_size),
      hint = 'Ask for at most 1000 events per page and follow the cursor for more.';
  end if;

  if cursor is not null then
    select p.created_at, p.event__id into after_created_at, after_event__id
      from lib_event.find_position(cursor) p;
    -- find issues the positions of recorded events only: a forged one (or
    -- one whose event retention has since removed) is refused.
    if not exists (select from lib_event.event recorded
                    where recorded.event__id = after_event__id and recorded.created_at = after_created_at) then
      raise exception using
        errcode = 'LE020',
        message = pg_catalog.format('cursor %s is not one that find returned',
          pg_catalog.quote_literal(pg_catalog.left(cursor, 100))),
        detail = 'No recorded event is at that position.',
        hint = 'Send the cursor column of the last row of the previous page unchanged, or no cursor for the first page.';
    end if;
  end if;

  conditions := lib_event.find_conditions(type, consumer, created_from, created_to, cursor is not null);

  -- A deferred payload is never read (the CASE leaves it in storage); the
  -- page ends before it passes the byte budget, after at least one event.
  for e in execute pg_catalog.format(
    'select e.event__id, e.event_type::text as event_type, e.consumer::text as consumer, e.created_at, e.occurred_at,
            e.source, e.partition_key::text as partition_key, e.headers,
            case when d.event__id is null then e.payload end as payload,
            lib_event.find_cursor(e.created_at, e.event__id) as cursor,
            d.event__id is not null as payload_deferred, d.payload_size,
            pg_catalog.encode(d.payload_sha256, ''hex'') as payload_sha256
       from lib_event.event e
       left join lib_event.deferred_payload d on d.event__id = e.event__id
      %s
      order by e.created_at desc, e.event__id desc
      limit $7',
    case when pg_catalog.cardinality(conditions) > 0
         then 'where ' || pg_catalog.array_to_string(conditions, ' and ') else '' end)
    using type, consumer, created_from, created_to, after_created_at, after_event__id, page_size
  loop
    row_bytes := pg_catalog.octet_length(e.headers::text) + coalesce(pg_catalog.octet_length(e.payload::text), 0);
    exit when page_bytes > 0 and page_bytes + row_bytes > lib_event.page_budget_bytes();
    page_bytes := page_bytes + row_bytes;
    return next row(e.event__id, e.event_type, e.consumer, e.created_at, e.occurred_at, e.source, e.partition_key,
                    e.headers, e.payload, e.cursor, e.payload_deferred, e.payload_size, e.payload_sha256)::lib_events.found_event;
  end loop;
end
$$;
comment on function lib_events.find(text, text, timestamptz, timestamptz, text, integer) is
  'Find events, newest first, a page at a time (seed 002''s find).

Every argument is optional: type (exact event_type), consumer, created_from
(inclusive) and created_to (exclusive) as ISO 8601 times, page_size (1 to
1000, default 100). Each row carries a cursor: send the last row''s cursor to
get the next page; an empty page is the last. A page also ends before its
headers and payloads pass 16 MiB (always with at least one event), and a
payload over 256 KiB is deferred: payload is null, payload_deferred true,
with payload_size and payload_sha256; GET /rpc/event_payload returns it.
Over HTTP: GET /rpc/find?type=billing.invoice.paid&created_from=2026-01-01T00:00:00Z.
A cursor that find did not return: LE020 (HTTP 400); page_size below 1: LE021
(HTTP 400); above 1000: PT413 (HTTP 413). Find searches; to follow every new
event in commit order, use the notifications, not find.';

revoke all on function lib_event.uuid_floor(timestamptz) from public;
revoke all on function lib_event.uuid_time(uuid) from public;
revoke all on function lib_event.period_start(timestamptz, text) from public;
revoke all on function lib_event.create_partition(text, timestamptz, timestamptz) from public;
revoke all on function lib_event.make_partitions(timestamptz, timestamptz) from public;
revoke all on function lib_event.maintain_partitions(timestamptz) from public;
revoke all on function lib_event.refuse_outside_partitions() from public;

select * from lib_event.maintain_partitions();

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
