-- migrate:up
set role lib_event_owner;

-- How a reader follows the log without ever skipping a committed event
-- ---------------------------------------------------------------------
-- Ids (and created_at) are taken inside the producer's transaction, but rows
-- become visible at commit, and transactions commit in any order. A reader
-- that resumes from "the greatest id I have seen" passes over an event whose
-- transaction took its id first and committed last: it is skipped forever.
--
-- Every event stores the id of the transaction that recorded it
-- (lib_event.event.xact_id, a 64-bit xid8 that never wraps). A reader's
-- snapshot knows xmin, the oldest transaction id still running anywhere in
-- the cluster: pg_snapshot_xmin(pg_current_snapshot()). Every transaction
-- below xmin has ended, committed or rolled back, and every transaction that
-- has not ended, or has not written yet, has an id of xmin or more. So the
-- set of events with xact_id < xmin is final: nothing will ever join it.
--
-- A reader therefore walks the events in (xact_id, event__id) order and only
-- up to that horizon; its checkpoint is the (xact_id, event__id) of the last
-- event it took. Whatever it has not taken yet sorts after its checkpoint, so
-- it is never skipped, and the order never changes behind it, so nothing is
-- delivered twice. An event whose transaction started first but commits last
-- holds the horizon back until it commits; the events behind it wait for it
-- rather than pass it.
--
-- The horizon and the rows must come from the same snapshot: both functions
-- below are single statements in stable functions, and pg_current_snapshot()
-- is the snapshot the statement reads with. The cost is delay, never loss: a
-- transaction left open anywhere in the cluster (another database too) holds
-- delivery back until it ends.

create index event_xact_id_event__id_idx on lib_event.event (xact_id, event__id);
comment on index lib_event.event_xact_id_event__id_idx is
  'The order in which readers follow the log: (recording transaction, id).';

create type lib_events.followed_event as (
  event__id     uuid,
  event_type    text,
  occurred_at   timestamptz,
  created_at    timestamptz,
  source        uuid,
  partition_key text,
  consumer      text,
  headers       jsonb,
  payload       jsonb,
  checkpoint    text
);
comment on type lib_events.followed_event is
  'An event as lib_events.follow hands it out: the event''s columns and the checkpoint to resume after it.';
comment on column lib_events.followed_event.event__id is 'Time-ordered (UUIDv7) id, assigned at recording.';
comment on column lib_events.followed_event.event_type is 'What happened: <service>.<resourceType>.<verb_past_tense>.';
comment on column lib_events.followed_event.occurred_at is 'When it happened in the system that reports it.';
comment on column lib_events.followed_event.created_at is 'When lib_event recorded it.';
comment on column lib_events.followed_event.source is 'The entity that originated the event, if known.';
comment on column lib_events.followed_event.partition_key is 'Caller-chosen key grouping related events.';
comment on column lib_events.followed_event.consumer is 'Who recorded it: the API key''s name, or the database role of a direct SQL caller.';
comment on column lib_events.followed_event.headers is 'User-defined headers plus the standard entries.';
comment on column lib_events.followed_event.payload is 'The event content.';
comment on column lib_events.followed_event.checkpoint is 'Resume after this event: pass it as after to lib_events.follow (<transaction id>/<event id>).';

create function lib_event.checkpoint_text(xact_id xid8, event__id uuid)
returns text
language sql
immutable
strict
parallel safe
as $$
  select xact_id::text || '/' || event__id::text;
$$;
comment on function lib_event.checkpoint_text(xid8, uuid) is
  'A follow checkpoint: "<recording transaction id>/<event id>", e.g. 7571/01937a1c-2f4e-7d3a-9c1b-5e2f0a9d8c11.';

create function lib_event.checkpoint_position(checkpoint text, out xact_id xid8, out event__id uuid)
language plpgsql
immutable
parallel safe
as $$
begin
  -- No checkpoint: the very beginning of the log.
  if checkpoint is null or checkpoint = '' then
    xact_id := '0'::xid8;
    event__id := '00000000-0000-0000-0000-000000000000'::uuid;
    return;
  end if;
  if checkpoint !~ '^[0-9]{1,20}/[0-9a-fA-F-]{32,36}$'
     or not pg_catalog.pg_input_is_valid(pg_catalog.split_part(checkpoint, '/', 1), 'xid8')
     or not pg_catalog.pg_input_is_valid(pg_catalog.split_part(checkpoint, '/', 2), 'uuid') then
    raise exception using
      errcode = 'LE030',
      message = pg_catalog.format('checkpoint %L is not a follow checkpoint',
        pg_catalog.left(checkpoint, 100) || case when pg_catalog.length(checkpoint) > 100 then '...' else '' end),
      hint = 'Pass the checkpoint of the last event you took (<transaction id>/<event id>, as lib_events.follow returns it), or leave it out to start from the beginning.';
  end if;
  xact_id := pg_catalog.split_part(checkpoint, '/', 1)::xid8;
  event__id := pg_catalog.split_part(checkpoint, '/', 2)::uuid;
end
$$;
comment on function lib_event.checkpoint_position(text) is
  'The (xact_id, event__id) position a follow checkpoint names; null or empty is the beginning. Raises LE030 for anything else.';

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
transaction below it has ended, so no event can ever appear behind a position
already handed out. See the comment at the top of the migration that created it.';

create function lib_event.check_follow_max(max integer)
returns integer
language plpgsql
immutable
parallel safe
as $$
begin
  if max is null then
    return 100;
  end if;
  if max not between 1 and 1000 then
    raise exception using
      errcode = 'LE031',
      message = pg_catalog.format('max %s is out of range', max),
      hint = 'Ask for 1 to 1000 events at a time, or leave max out for 100.';
  end if;
  return max;
end
$$;
comment on function lib_event.check_follow_max(integer) is
  'The page size of a follow read: max itself when 1 to 1000, 100 when null; raises LE031 otherwise.';

create function lib_events.follow(after text default null, max integer default 100)
returns setof lib_events.followed_event
language sql
stable
security definer
set search_path = ''
as $$
  select e.event__id, e.event_type::text, e.occurred_at, e.created_at, e.source,
         e.partition_key, e.consumer, e.headers, e.payload,
         lib_event.checkpoint_text(e.xact_id, e.event__id)
    from lib_event.checkpoint_position(after) p,
         lib_event.follow_after(p.xact_id, p.event__id, lib_event.check_follow_max(max)) e;
$$;
comment on function lib_events.follow(text, integer) is
  'Read the log in order from a checkpoint: at most max events after it, each with the checkpoint to resume from.

Call with the checkpoint of the last event you took (after) and a page size
(max, 1 to 1000, default 100); leave after out to start from the first event.
Events come in log order (by recording transaction, then by id), and an
event is handed out only once no transaction that could still record an
event before it is running: a reader that resumes from the last checkpoint it took never skips a
committed event and never gets one twice. An empty answer means nothing new
yet: keep your checkpoint and ask again (wake on NOTIFY lib_event.created).
Errors: LE030 for a malformed checkpoint, LE031 for max out of range.
GET /rpc/follow?after=<checkpoint>&max=100.';

create function lib_events.follow_head()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select lib_event.checkpoint_text(e.xact_id, e.event__id)
       from lib_event.event e
      where e.xact_id < pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot())
      order by e.xact_id desc, e.event__id desc
      limit 1),
    lib_event.checkpoint_text('0'::xid8, '00000000-0000-0000-0000-000000000000'::uuid));
$$;
comment on function lib_events.follow_head() is
  'The checkpoint of the newest event a reader can take now: start here to follow only what comes next.

lib_events.follow(after => <this>) returns every event recorded after it,
including those whose transactions are still running now. On an empty log it
is the beginning of the log. GET /rpc/follow_head.';

grant execute on function lib_events.follow(text, integer) to lib_event_reader;
grant execute on function lib_events.follow_head() to lib_event_reader;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
