-- migrate:up

-- Follow on log positions, and a sequencer that survives a move to a new
-- cluster.
--
-- A follow checkpoint used to be "<recording transaction id>/<event id>".
-- Transaction ids belong to one cluster: after a dump and restore (or a
-- logical copy) into another, new transactions get ids unrelated to the
-- restored events', often smaller, so a reader resuming from an old
-- checkpoint skipped every new event. Positions are data: they survive the
-- move. lib_events.follow now reads the log by position; its checkpoint is
-- the position of the last event taken. Checkpoints of the old form are
-- still accepted: they name an event, whose position is where to resume.
--
-- The sequencer walked the same (transaction id, event id) order, and kept
-- no cursor but the last sequenced event, so it had the same defect. It now
-- keeps its cursor in lib_event.sequencer_cursor with the cluster's system
-- identifier. In a cluster other than the one that wrote the cursor it first
-- sweeps: every committed event not yet in the log gets a position, in id
-- order, a page at a time. The sweep fence is the oldest transaction running
-- when the sweep began: an event committed after that moment has a
-- transaction id of at least the fence, so the ordinary walk from (fence, 0)
-- finds whatever the sweep could not see. Events met twice are skipped: the
-- log holds an event once (log_entry_event__id_key), and the walk leaves out
-- the ones already there. Start the sequencer once the restore is complete.

set role lib_event_owner;

create function lib_event.system_identifier()
returns bigint
language sql
stable
set search_path = ''
as $$
  select s.system_identifier from pg_catalog.pg_control_system() s;
$$;
comment on function lib_event.system_identifier() is
  'The identifier of this PostgreSQL cluster (initdb''s): a restore into another cluster, or a logical copy, sees another one; a physical replica sees the same.';

create table lib_event.sequencer_cursor (
  only_row          boolean not null default true,
  system_identifier bigint not null,
  xact_id           xid8 not null,
  event__id         uuid not null,
  sweep_fence       xid8,
  swept_to          uuid,
  moved_at          timestamptz not null default pg_catalog.now(),
  constraint sequencer_cursor_pkey primary key (only_row),
  constraint sequencer_cursor_one_row check (only_row),
  constraint sequencer_cursor_sweep_whole check ((sweep_fence is null) = (swept_to is null))
);
comment on table lib_event.sequencer_cursor is
  'Where lib_event.sequence_events is: one row, written only by it. See the comment at the top of the migration that created it.';
comment on column lib_event.sequencer_cursor.only_row is 'Always true: the table holds one row.';
comment on column lib_event.sequencer_cursor.system_identifier is 'The cluster the cursor''s transaction ids belong to (lib_event.system_identifier()).';
comment on column lib_event.sequencer_cursor.xact_id is 'The recording transaction of the last event the walk passed.';
comment on column lib_event.sequencer_cursor.event__id is 'The id of the last event the walk passed.';
comment on column lib_event.sequencer_cursor.sweep_fence is 'While sweeping a new cluster: the oldest transaction running when the sweep began; null otherwise.';
comment on column lib_event.sequencer_cursor.swept_to is 'While sweeping a new cluster: the greatest event id swept so far; null otherwise.';
comment on column lib_event.sequencer_cursor.moved_at is 'When the cursor last moved.';

insert into lib_event.sequencer_cursor (system_identifier, xact_id, event__id)
select lib_event.system_identifier(),
       coalesce((select e.xact_id from lib_event.log_entry l join lib_event.event e on e.event__id = l.event__id
                  order by l.position desc limit 1), '0'::xid8),
       coalesce((select l.event__id from lib_event.log_entry l order by l.position desc limit 1),
                '00000000-0000-0000-0000-000000000000'::uuid);

create trigger sequencer_cursor_refuse_delete before delete on lib_event.sequencer_cursor
  for each statement execute function lib_event.refuse_change();
comment on trigger sequencer_cursor_refuse_delete on lib_event.sequencer_cursor is 'The cursor is moved, never removed.';

create function lib_event.extend_tree(old_size bigint, added integer)
returns void
language plpgsql
set search_path = ''
as $$
begin
  if added > 0 then
    perform lib_event.add_tree_nodes(old_size, old_size + added);
    -- Followers wake on this: positions up to the payload can be read.
    perform pg_catalog.pg_notify('lib_event.sequenced', (old_size + added)::text);
  end if;
end
$$;
comment on function lib_event.extend_tree(bigint, integer) is
  'After added events were placed behind old_size: store the tree nodes they complete and NOTIFY lib_event.sequenced with the new tree size. Called in the transaction that placed them.';

create function lib_event.append_to_log(event_ids uuid[])
returns integer
language plpgsql
set search_path = ''
as $$
declare
  old_size bigint := lib_event.tree_size();
  added integer;
begin
  -- The events, in the order given, that are not in the log yet.
  insert into lib_event.log_entry (position, event__id, leaf_hash)
  select old_size + pg_catalog.row_number() over (order by g.ord), e.event__id,
         lib_event.leaf_hash(e.event__id, e.event_type, e.occurred_at, e.created_at, e.source,
                             e.partition_key, e.consumer, e.headers, e.payload)
    from pg_catalog.unnest(event_ids) with ordinality g (event__id, ord)
    join lib_event.event e on e.event__id = g.event__id
   where not exists (select from lib_event.log_entry l where l.event__id = g.event__id);
  get diagnostics added = row_count;
  perform lib_event.extend_tree(old_size, added);
  return added;
end
$$;
comment on function lib_event.append_to_log(uuid[]) is
  'Give the listed events that are not in the log yet the next positions, in the order listed, and extend the tree (lib_event.extend_tree). Called by lib_event.sweep_new_cluster.';

create function lib_event.sweep_new_cluster(scan integer, out added integer, out more boolean)
language plpgsql
set search_path = ''
as $$
declare
  cursor_row lib_event.sequencer_cursor;
  ids uuid[];
begin
  select * into cursor_row from lib_event.sequencer_cursor;
  if cursor_row.sweep_fence is null then
    update lib_event.sequencer_cursor
       set sweep_fence = pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot()),
           swept_to = '00000000-0000-0000-0000-000000000000', moved_at = pg_catalog.now()
    returning * into cursor_row;
  end if;
  select pg_catalog.array_agg(s.event__id order by s.event__id) into ids
    from (select e.event__id from lib_event.event e where e.event__id > cursor_row.swept_to
           order by e.event__id limit scan) s;
  more := coalesce(pg_catalog.cardinality(ids), 0) = scan;
  if more then
    update lib_event.sequencer_cursor set swept_to = ids[scan], moved_at = pg_catalog.now();
  else
    -- Swept to the end: walk on from the fence, in this cluster's ids.
    update lib_event.sequencer_cursor
       set system_identifier = lib_event.system_identifier(), xact_id = cursor_row.sweep_fence,
           event__id = '00000000-0000-0000-0000-000000000000', sweep_fence = null, swept_to = null,
           moved_at = pg_catalog.now();
  end if;
  added := lib_event.append_to_log(coalesce(ids, '{}'));
end
$$;
comment on function lib_event.sweep_new_cluster(integer) is
  'One page (scan event ids) of the sweep that follows a move to a new cluster: sequences the committed events not in the log yet, in id order; more is false once it reached the end. Called by lib_event.sequence_events.';

create function lib_event.walk_log(max integer, out added integer, out more boolean)
language plpgsql
set search_path = ''
as $$
declare
  cursor_row lib_event.sequencer_cursor;
  old_size bigint := lib_event.tree_size();
  scanned integer;
  last_xact_id xid8;
  last_event__id uuid;
begin
  select * into cursor_row from lib_event.sequencer_cursor;
  -- One pass over the page: the events not in the log yet are placed, and
  -- the cursor moves past all of them (a sweep may have placed some).
  with page as materialized (
    select f.xact_id, f.event__id, pg_catalog.row_number() over (order by f.xact_id, f.event__id) as n,
           lib_event.leaf_hash(f.event__id, f.event_type, f.occurred_at, f.created_at, f.source,
                               f.partition_key, f.consumer, f.headers, f.payload) as leaf_hash
      from lib_event.follow_after(cursor_row.xact_id, cursor_row.event__id, max) f
  ), placed as (
    insert into lib_event.log_entry (position, event__id, leaf_hash)
    select old_size + pg_catalog.row_number() over (order by p.n), p.event__id, p.leaf_hash
      from page p
     where not exists (select from lib_event.log_entry l where l.event__id = p.event__id)
    returning 1
  )
  select (select pg_catalog.count(*) from placed), (select pg_catalog.count(*) from page),
         (select p.xact_id from page p order by p.n desc limit 1), (select p.event__id from page p order by p.n desc limit 1)
    into added, scanned, last_xact_id, last_event__id;
  more := scanned = max;
  if scanned = 0 then
    return;
  end if;
  update lib_event.sequencer_cursor set xact_id = last_xact_id, event__id = last_event__id, moved_at = pg_catalog.now();
  perform lib_event.extend_tree(old_size, added);
end
$$;
comment on function lib_event.walk_log(integer) is
  'One page (at most max events) of the walk in follow order from the sequencer''s cursor: sequences the events not in the log yet; more is true when the page was full. Called by lib_event.sequence_events.';

create or replace function lib_event.sequence_events(max integer default 1000)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  step record;
begin
  -- One sequencer at a time, whoever calls: positions stay dense.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('lib_event.sequence_events'));
  -- Pages that only meet events already in the log (after a sweep) move the
  -- cursor and add nothing: go on, a bounded number of pages, until some
  -- are new or there is nothing more.
  for page in 1 .. 50 loop
    if (select c.system_identifier from lib_event.sequencer_cursor c) <> lib_event.system_identifier() then
      step := lib_event.sweep_new_cluster(max * 10);
    else
      step := lib_event.walk_log(max);
    end if;
    if step.added > 0 or not step.more then
      return step.added;
    end if;
  end loop;
  return 0;
end
$$;
comment on function lib_event.sequence_events(integer) is
  'Give the next committed events (at most max) their positions and leaf hashes, in follow''s order, and grow the tree; returns how many. In a cluster other than the cursor''s, sweeps first. One caller at a time; the sequencer process calls it.';

-- Follow by position. The parser and printer of the earlier checkpoint
-- form have no caller left: lib_event.follow_position reads both forms.
drop function lib_event.checkpoint_position(text);
drop function lib_event.checkpoint_text(xid8, uuid);

create function lib_event.follow_position(checkpoint text)
returns bigint
language plpgsql
stable
set search_path = ''
as $$
declare
  position bigint;
  legacy_id uuid;
begin
  -- No checkpoint: the very beginning of the log.
  if checkpoint is null or checkpoint = '' then
    return 0;
  end if;
  if checkpoint ~ '^[0-9]{1,18}$' then
    position := checkpoint::bigint;
  elsif checkpoint ~ '^[0-9]{1,20}/[0-9a-fA-F-]{32,36}$' and pg_catalog.pg_input_is_valid(pg_catalog.split_part(checkpoint, '/', 2), 'uuid') then
    -- The earlier form names the last event taken; the log holds it in the
    -- same order that form followed.
    legacy_id := pg_catalog.split_part(checkpoint, '/', 2)::uuid;
    if legacy_id = '00000000-0000-0000-0000-000000000000' then
      return 0;
    end if;
    select l.position into position from lib_event.log_entry l where l.event__id = legacy_id;
    if position is null and exists (select from lib_event.event e where e.event__id = legacy_id) then
      return null; -- not sequenced yet: nothing to hand out until it is
    end if;
    if position is null then
      raise exception using
        errcode = 'LE033',
        message = pg_catalog.format('checkpoint %L names event %s, which this log does not hold', checkpoint, legacy_id),
        hint = 'Resume from a checkpoint this log handed out, or leave after out to start from the beginning.';
    end if;
  else
    raise exception using
      errcode = 'LE030',
      message = pg_catalog.format('checkpoint %L is not a follow checkpoint',
        pg_catalog.left(checkpoint, 100) || case when pg_catalog.length(checkpoint) > 100 then '...' else '' end),
      hint = 'Pass the checkpoint of the last event you took (its log position, as lib_events.follow returns it), or leave it out to start from the beginning.';
  end if;
  if position > lib_event.tree_size() then
    raise exception using
      errcode = 'LE033',
      message = pg_catalog.format('checkpoint %s is beyond the end of the log, which holds %s events', position, lib_event.tree_size()),
      hint = 'A replica still catching up answers this until it has; otherwise this log is not the one the checkpoint came from (restored from an older backup?).';
  end if;
  return position;
end
$$;
comment on function lib_event.follow_position(text) is
  'The log position a follow checkpoint names: a position ("42"), or the earlier "<transaction id>/<event id>" form (the position of that event; null while it is not sequenced yet); null or empty is the beginning (0). Raises LE030 when malformed, LE033 when the log does not hold it.';

alter type lib_events.followed_event add attribute position bigint;
comment on column lib_events.followed_event.position is 'The event''s position in the log: 1, 2, 3, ... with no gap; the same in every copy of the log.';
comment on column lib_events.followed_event.checkpoint is 'Resume after this event: pass it as after to lib_events.follow (its position, as text).';

create or replace function lib_events.follow(after text default null, max integer default 100)
returns setof lib_events.followed_event
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  e record;
  page_bytes bigint := 0;
  row_bytes bigint;
begin
  -- A deferred payload is never read: the CASE leaves it in storage. An
  -- event whose partition was archived and dropped has a position and no
  -- row: it is passed over.
  for e in
    select f.event__id, f.event_type::text as event_type, f.occurred_at, f.created_at, f.source,
           f.partition_key::text as partition_key, f.consumer::text as consumer, f.headers,
           case when d.event__id is null then f.payload end as payload,
           l.position::text as checkpoint,
           d.event__id is not null as payload_deferred, d.payload_size,
           pg_catalog.encode(d.payload_sha256, 'hex') as payload_sha256, l.position
      from lib_event.log_entry l
      join lib_event.event f on f.event__id = l.event__id
      left join lib_event.deferred_payload d on d.event__id = l.event__id
     where l.position > lib_event.follow_position(after)
     order by l.position
     limit lib_event.check_follow_max(max)
  loop
    row_bytes := pg_catalog.octet_length(e.headers::text) + coalesce(pg_catalog.octet_length(e.payload::text), 0);
    exit when page_bytes > 0 and page_bytes + row_bytes > lib_event.page_budget_bytes();
    page_bytes := page_bytes + row_bytes;
    return next row(e.event__id, e.event_type, e.occurred_at, e.created_at, e.source, e.partition_key, e.consumer,
                    e.headers, e.payload, e.checkpoint, e.payload_deferred, e.payload_size, e.payload_sha256,
                    e.position)::lib_events.followed_event;
  end loop;
end
$$;
comment on function lib_events.follow(text, integer) is
  'Read the log in order from a checkpoint: at most max events after it, each with its position and the checkpoint to resume from.

Call with the checkpoint of the last event you took (after) and a page size
(max, 1 to 1000, default 100); leave after out to start from the first event.
Events come in log order: by position, 1, 2, 3, ..., which the sequencer
gives each committed event in an order where none can later appear before
one already placed. A reader that resumes from the last checkpoint it took
never skips an event and never gets one twice, in this database or in a
restored copy of it. An empty answer means nothing new yet: keep your
checkpoint and ask again (wake on NOTIFY lib_event.sequenced, whose payload
is the new number of events in the log). A page also ends before its headers
and payloads pass 16 MiB (it always holds at least one event): a page
shorter than max is not the end of the log. A payload over 256 KiB is
deferred: payload is null, payload_deferred true, with payload_size and
payload_sha256; GET /rpc/event_payload returns it. Checkpoints of the earlier
form (<transaction id>/<event id>) are still accepted.
Errors: LE030 for a malformed checkpoint, LE033 for one this log does not
hold, LE031 for max out of range.
GET /rpc/follow?after=<checkpoint>&max=100.';

create or replace function lib_events.follow_head()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select lib_event.tree_size()::text;
$$;
comment on function lib_events.follow_head() is
  'The checkpoint of the newest event in the log: start here to follow only what comes next.

lib_events.follow(after => <this>) returns every event placed in the log
after it, including those whose transactions are still running now. On an
empty log it is the beginning of the log ("0"). GET /rpc/follow_head.';

create or replace function lib_event.relay_positions(after text, max integer)
returns table (event__id uuid, checkpoint text)
language sql
stable
security definer
set search_path = ''
as $$
  -- Only ids and checkpoints: the relay never reads an event's content.
  select l.event__id, l.position::text
    from lib_event.log_entry l
   where l.position > lib_event.follow_position(after)
   order by l.position
   limit lib_event.check_follow_max(max);
$$;
comment on function lib_event.relay_positions(text, integer) is
  'What the relay announces next: the ids and checkpoints lib_events.follow would return, without the events'' content.';

-- Checkpoints on demand.

create function lib_events.request_checkpoint()
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform pg_catalog.pg_notify('lib_event.checkpoint_requested', '');
  return lib_event.tree_size();
end
$$;
comment on function lib_events.request_checkpoint() is
  'Ask the sequencer for a signed checkpoint now; returns how many events the log holds.

The sequencer signs one as soon as it has placed the events committed so far
(a second or so; requests are served at most once a second), so a checkpoint
with a tree_size of at least the answer appears in GET /checkpoints. The
signature needs the sequencer''s key, which the database never sees: nothing
is signed when no sequencer runs. POST /rpc/request_checkpoint.';

-- GET /checkpoints computes signed_text with lib_event.checkpoint_text, whose
-- body names lib_event.utc_text: run as the invoker (a reader, who may not
-- look into the schema lib_event) that lookup was refused.
alter function lib_event.checkpoint_text(bigint, bytea, timestamptz) security definer;

revoke all on function lib_event.system_identifier() from public;
revoke all on function lib_event.extend_tree(bigint, integer) from public;
revoke all on function lib_event.append_to_log(uuid[]) from public;
revoke all on function lib_event.sweep_new_cluster(integer) from public;
revoke all on function lib_event.walk_log(integer) from public;
revoke all on function lib_event.follow_position(text) from public;
revoke all on function lib_events.request_checkpoint() from public;
grant execute on function lib_events.request_checkpoint() to lib_event_reader;

reset role;

-- The relay owns its checkpoint table.
comment on column lib_event.relay_checkpoint.checkpoint is 'A lib_events.follow checkpoint: the log position of the last id announced.';

-- migrate:down
-- Forward-only: a new migration undoes an old one.
