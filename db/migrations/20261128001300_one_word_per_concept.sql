-- migrate:up

-- One word per concept (db/CONVENTIONS.md, "Vocabulary"):
-- - a cursor is the text a read hands out with each row, to pass back to
--   resume after it: follow's `after` and its rows' `checkpoint` become
--   `cursor`, as find has always said;
-- - page_size is how many events one read returns at most: follow's `max`
--   becomes `page_size`, as find has always said;
-- - event_type is what happened: find's `type` becomes `event_type`.
-- "Checkpoint" now means only the log's signed checkpoints. The names that
-- shipped (after, max, type, the checkpoint column) keep working: a
-- function takes both, and refuses them only when they disagree (LE080).

set role lib_event_owner;

create function lib_event.one_of(name text, value anyelement, older_name text, older_value anyelement)
returns anyelement
language plpgsql
immutable
parallel safe
as $$
begin
  if value is not null and older_value is not null and value is distinct from older_value then
    raise exception using
      errcode = 'LE080',
      message = pg_catalog.format('%s %s and %s %s disagree', name, value, older_name, older_value),
      hint = pg_catalog.format('%s is the older name of %s: send only %s.', older_name, name, name);
  end if;
  return coalesce(value, older_value);
end
$$;
comment on function lib_event.one_of(text, anyelement, text, anyelement) is
  'A parameter given under its name or under the older name it replaced: the one that is not null; LE080 when both are given with different values.';

-- A cursor of follow: the log position it names.
drop function lib_event.follow_position(text);
create function lib_event.follow_position(cursor text)
returns bigint
language plpgsql
stable
set search_path = ''
as $$
declare
  position bigint;
  legacy_id uuid;
begin
  -- No cursor: the very beginning of the log.
  if cursor is null or cursor = '' then
    return 0;
  end if;
  if cursor ~ '^[0-9]{1,18}$' then
    position := cursor::bigint;
  elsif cursor ~ '^[0-9]{1,20}/[0-9a-fA-F-]{32,36}$' and pg_catalog.pg_input_is_valid(pg_catalog.split_part(cursor, '/', 2), 'uuid') then
    -- The earlier form names the last event taken; the log holds it in the
    -- same order that form followed.
    legacy_id := pg_catalog.split_part(cursor, '/', 2)::uuid;
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
        message = pg_catalog.format('cursor %L names event %s, which this log does not hold', cursor, legacy_id),
        hint = 'Resume from a cursor this log handed out, or leave cursor out to start from the beginning.';
    end if;
  else
    raise exception using
      errcode = 'LE030',
      message = pg_catalog.format('cursor %L is not a follow cursor',
        pg_catalog.left(cursor, 100) || case when pg_catalog.length(cursor) > 100 then '...' else '' end),
      hint = 'Pass the cursor of the last event you took (its log position, as lib_events.follow returns it), or leave it out to start from the beginning.';
  end if;
  if position > lib_event.tree_size() then
    raise exception using
      errcode = 'LE033',
      message = pg_catalog.format('cursor %s is beyond the end of the log, which holds %s events', position, lib_event.tree_size()),
      hint = 'A replica still catching up answers this until it has; otherwise this log is not the one the cursor came from (restored from an older backup?).';
  end if;
  return position;
end
$$;
comment on function lib_event.follow_position(text) is
  'The log position a follow cursor names: a position ("42"), or the earlier "<transaction id>/<event id>" form (the position of that event; null while it is not sequenced yet); null or empty is the beginning (0). Raises LE030 when malformed, LE033 when the log does not hold it.';

drop function lib_event.check_follow_max(integer);
create function lib_event.check_follow_page_size(page_size integer)
returns integer
language plpgsql
immutable
parallel safe
as $$
begin
  if page_size is null then
    return 100;
  end if;
  if page_size not between 1 and 1000 then
    raise exception using
      errcode = 'LE031',
      message = pg_catalog.format('page_size %s is out of range', page_size),
      hint = 'Ask for 1 to 1000 events at a time, or leave page_size out for 100.';
  end if;
  return page_size;
end
$$;
comment on function lib_event.check_follow_page_size(integer) is
  'The page size of a follow read: page_size itself when 1 to 1000, 100 when null; raises LE031 otherwise.';

alter type lib_events.followed_event add attribute cursor text;
comment on type lib_events.followed_event is
  'An event as lib_events.follow hands it out: the event''s columns, its position, and the cursor to resume after it.';
comment on column lib_events.followed_event.cursor is
  'Resume after this event: pass it as cursor to lib_events.follow (its position, as text).';
comment on column lib_events.followed_event.checkpoint is
  'The same as cursor, under its older name; kept for readers written before cursor.';

drop function lib_events.follow(text, integer);
create function lib_events.follow(cursor text default null, page_size integer default null,
                                  after text default null, max integer default null)
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
           l.position::text as cursor,
           d.event__id is not null as payload_deferred, d.payload_size,
           pg_catalog.encode(d.payload_sha256, 'hex') as payload_sha256, l.position
      from lib_event.log_entry l
      join lib_event.event f on f.event__id = l.event__id
      left join lib_event.deferred_payload d on d.event__id = l.event__id
     where l.position > lib_event.follow_position(lib_event.one_of('cursor', cursor, 'after', after))
     order by l.position
     limit lib_event.check_follow_page_size(lib_event.one_of('page_size', page_size, 'max', max))
  loop
    row_bytes := pg_catalog.octet_length(e.headers::text) + coalesce(pg_catalog.octet_length(e.payload::text), 0);
    exit when page_bytes > 0 and page_bytes + row_bytes > lib_event.page_budget_bytes();
    page_bytes := page_bytes + row_bytes;
    return next row(e.event__id, e.event_type, e.occurred_at, e.created_at, e.source, e.partition_key, e.consumer,
                    e.headers, e.payload, e.cursor, e.payload_deferred, e.payload_size, e.payload_sha256,
                    e.position, e.cursor)::lib_events.followed_event;
  end loop;
end
$$;
comment on function lib_events.follow(text, integer, text, integer) is
  'Read the log in order from a cursor: at most page_size events after it, each with its position and the cursor to resume from.

Call with the cursor of the last event you took and a page size (page_size,
1 to 1000, default 100); leave cursor out to start from the first event.
Events come in log order: by position, 1, 2, 3, ..., which the sequencer
gives each committed event in an order where none can later appear before
one already placed. A reader that resumes from the last cursor it took
never skips an event and never gets one twice, in this database or in a
restored copy of it. An empty answer means nothing new yet: keep your
cursor and ask again (wake on NOTIFY lib_event.sequenced, whose payload is
the new number of events in the log). A page also ends before its headers
and payloads pass 16 MiB (it always holds at least one event): a page
shorter than page_size is not the end of the log. A payload over 256 KiB is
deferred: payload is null, payload_deferred true, with payload_size and
payload_sha256; GET /rpc/event_payload returns it. after and max are the
older names of cursor and page_size, and checkpoint of the cursor column;
cursors of the earlier form (<transaction id>/<event id>) are accepted.
Errors: LE030 for a malformed cursor, LE033 for one this log does not hold,
LE031 for page_size out of range, LE080 for a name and its older name with
different values.
GET /rpc/follow?cursor=<cursor>&page_size=100.';
grant execute on function lib_events.follow(text, integer, text, integer) to lib_event_reader;

comment on function lib_events.follow_head() is
  'The cursor of the newest event in the log: start here to follow only what comes next.

lib_events.follow(cursor => <this>) returns every event placed in the log
after it, including those whose transactions are still running now. On an
empty log it is the beginning of the log ("0"). GET /rpc/follow_head.';

drop function lib_event.relay_positions(text, integer);
create function lib_event.relay_positions(cursor text, page_size integer)
returns table (event__id uuid, cursor text)
language sql
stable
security definer
set search_path = ''
as $$
  -- Only ids and cursors: the relay never reads an event's content.
  select l.event__id, l.position::text
    from lib_event.log_entry l
   where l.position > lib_event.follow_position(relay_positions.cursor)
   order by l.position
   limit lib_event.check_follow_page_size(page_size);
$$;
comment on function lib_event.relay_positions(text, integer) is
  'What the relay announces next: the ids and cursors lib_events.follow would return, without the events'' content.';
grant execute on function lib_event.relay_positions(text, integer) to lib_event_relay;

comment on function lib_event.relay_head() is
  'Where a relay without a cursor starts: lib_events.follow_head() (events before it were announced inline).';

drop function lib_events.find(text, text, timestamptz, timestamptz, text, integer);
drop function lib_event.find_conditions(text, text, timestamptz, timestamptz, boolean);

create function lib_event.find_conditions(event_type text, consumer text, created_from timestamptz,
                                          created_to timestamptz, has_cursor boolean)
returns text[]
language sql
immutable
set search_path = ''
as $$
  -- Only the filters given make it into the query, so each call is planned
  -- for its own filters (and partitions) and can use the matching index.
  -- $1..$6 are find's event_type, consumer, created_from, created_to and cursor position.
  select pg_catalog.array_remove(array[
    case when event_type is not null then 'e.event_type = $1' end,
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

create function lib_events.find(event_type text default null, consumer text default null,
                                created_from timestamptz default null, created_to timestamptz default null,
                                cursor text default null, page_size integer default 100,
                                type text default null)
returns setof lib_events.found_event
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  wanted_type text := lib_event.one_of('event_type', event_type, 'type', type);
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

  conditions := lib_event.find_conditions(wanted_type, consumer, created_from, created_to, cursor is not null);

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
    using wanted_type, consumer, created_from, created_to, after_created_at, after_event__id, page_size
  loop
    row_bytes := pg_catalog.octet_length(e.headers::text) + coalesce(pg_catalog.octet_length(e.payload::text), 0);
    exit when page_bytes > 0 and page_bytes + row_bytes > lib_event.page_budget_bytes();
    page_bytes := page_bytes + row_bytes;
    return next row(e.event__id, e.event_type, e.consumer, e.created_at, e.occurred_at, e.source, e.partition_key,
                    e.headers, e.payload, e.cursor, e.payload_deferred, e.payload_size, e.payload_sha256)::lib_events.found_event;
  end loop;
end
$$;
comment on function lib_events.find(text, text, timestamptz, timestamptz, text, integer, text) is
  'Find events, newest first, a page at a time (seed 002''s find).

Every argument is optional: event_type (exact), consumer, created_from
(inclusive) and created_to (exclusive) as ISO 8601 times, page_size (1 to
1000, default 100); type is seed 002''s name for event_type, still taken.
Each row carries a cursor: send the last row''s cursor to get the next page;
an empty page is the last. A page also ends before its headers and payloads
pass 16 MiB (always with at least one event), and a payload over 256 KiB is
deferred: payload is null, payload_deferred true, with payload_size and
payload_sha256; GET /rpc/event_payload returns it.
Over HTTP: GET /rpc/find?event_type=billing.invoice.paid&created_from=2026-01-01T00:00:00Z.
A cursor that find did not return: LE020 (HTTP 400); page_size below 1: LE021
(HTTP 400); above 1000: PT413 (HTTP 413); type and event_type that disagree:
LE080 (HTTP 400). Find searches; to follow every new event in log order, use
lib_events.follow.';
grant execute on function lib_events.find(text, text, timestamptz, timestamptz, text, integer, text) to lib_event_reader;

-- The bridge keeps a cursor, not a checkpoint.
alter table lib_event.bridge_checkpoint rename to bridge_cursor;
alter table lib_event.bridge_cursor rename column checkpoint to cursor;
alter table lib_event.bridge_cursor rename constraint bridge_checkpoint_pkey to bridge_cursor_pkey;
alter table lib_event.bridge_cursor rename constraint bridge_checkpoint_bridge_length to bridge_cursor_bridge_length;
comment on table lib_event.bridge_cursor is
  'Where each RabbitMQ fan-out bridge (scripts/amqp-bridge.ts) is in the log: the cursor after the last event the broker confirmed.

Saved only after the broker confirmed every event before it, so a bridge that
stops resumes after what is surely published: at least once, never a gap.';
comment on column lib_event.bridge_cursor.cursor is 'The lib_events.follow cursor after the last confirmed event.';
comment on column lib_event.bridge_cursor.updated_at is 'When the cursor last moved.';

reset role;

-- The relay owns its table: renamed as the migrating role, like its owner change.
alter table lib_event.relay_checkpoint rename to relay_cursor;
alter table lib_event.relay_cursor rename column checkpoint to cursor;
alter table lib_event.relay_cursor rename constraint relay_checkpoint_pkey to relay_cursor_pkey;
alter table lib_event.relay_cursor rename constraint relay_checkpoint_relay_length to relay_cursor_relay_length;
comment on table lib_event.relay_cursor is
  'Where each relay process is in the log: the cursor after the last id it announced.

Written in the same transaction as the NOTIFYs it covers, so a relay that
stops or crashes resumes exactly after what it announced.';
comment on column lib_event.relay_cursor.cursor is 'A lib_events.follow cursor: the log position of the last id announced.';

-- migrate:down
