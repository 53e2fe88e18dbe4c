-- migrate:up
set role lib_event_owner;

-- Seed 002's "find". Its response was {"events": [{id, type, consumer,
-- created_at, payload}]}; here PostgREST answers with the array itself, each
-- row carrying id -> event__id, type -> event_type, consumer, created_at and
-- payload, plus occurred_at, source, partition_key, headers and the cursor
-- that continues after that row. A typed client reads the rows as they are
-- and sends the last row's cursor for the next page.
create type lib_events.found_event as (
  event__id     uuid,
  event_type    text,
  consumer      text,
  created_at    timestamptz,
  occurred_at   timestamptz,
  source        uuid,
  partition_key text,
  headers       jsonb,
  payload       jsonb,
  cursor        text
);
comment on type lib_events.found_event is
  'One event as find returns it, with the cursor that continues after it.';
comment on column lib_events.found_event.event__id is 'Time-ordered (UUIDv7) id; seed 002''s id.';
comment on column lib_events.found_event.event_type is 'What happened; seed 002''s type.';
comment on column lib_events.found_event.consumer is 'Who recorded it.';
comment on column lib_events.found_event.created_at is 'When lib_event recorded it.';
comment on column lib_events.found_event.occurred_at is 'When it happened in the system that reports it.';
comment on column lib_events.found_event.source is 'The entity that originated the event, if known.';
comment on column lib_events.found_event.partition_key is 'Caller-chosen key grouping related events.';
comment on column lib_events.found_event.headers is 'User-defined headers plus the standard entries.';
comment on column lib_events.found_event.payload is 'The event content.';
comment on column lib_events.found_event.cursor is 'Opaque position of this row: pass it as cursor to get the events after it.';

create function lib_event.find_cursor(created_at timestamptz, event__id uuid)
returns text
language sql
immutable
strict
parallel safe
as $$
  -- base64url of "<created_at in UTC>/<event__id>", without padding: safe in
  -- a query string as it is.
  select pg_catalog.rtrim(pg_catalog.translate(pg_catalog.encode(pg_catalog.convert_to(
    lib_event.utc_text(created_at) || '/' || event__id::text, 'UTF8'), 'base64'), E'+/\n', '-_'), '=');
$$;
comment on function lib_event.find_cursor(timestamptz, uuid) is
  'The opaque cursor of lib_events.find: the position (created_at, event__id) of a row, base64url-encoded.';

create function lib_event.find_position(cursor text, out created_at timestamptz, out event__id uuid)
language plpgsql
immutable
strict
as $$
declare
  decoded text[];
begin
  decoded := pg_catalog.string_to_array(pg_catalog.convert_from(pg_catalog.decode(
    pg_catalog.rpad(pg_catalog.translate(cursor, '-_', '+/'),
                    (pg_catalog.length(cursor) + 3) / 4 * 4, '='), 'base64'), 'UTF8'), '/');
  created_at := decoded[1]::timestamptz;
  event__id := decoded[2]::uuid;
  if pg_catalog.cardinality(decoded) <> 2 or created_at is null or event__id is null then
    raise exception 'not a find cursor';
  end if;
exception when others then
  raise exception using
    errcode = 'LE020',
    message = pg_catalog.format('cursor %s is not one that find returned',
      pg_catalog.quote_literal(pg_catalog.left(cursor, 100))),
    hint = 'Send the cursor column of the last row of the previous page unchanged, or no cursor for the first page.';
end
$$;
comment on function lib_event.find_position(text) is
  'The (created_at, event__id) a find cursor stands for, or LE020 when it is not a cursor.';

create function lib_events.find(
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
  conditions text[] := '{}';
begin
  if page_size is null or page_size < 1 then
    raise exception using
      errcode = 'LE021',
      message = pg_catalog.format('page_size must be at least 1, not %s', coalesce(page_size::text, 'null')),
      hint = 'Leave page_size out for 100 events per page, or send 1 to 1000.';
  end if;
  if page_size > 1000 then
    raise exception using
      errcode = '54000',
      message = pg_catalog.format('page_size %s is more than the 1000 allowed', page_size),
      hint = 'Ask for at most 1000 events per page and follow the cursor for more.';
  end if;

  if cursor is not null then
    select p.created_at, p.event__id into after_created_at, after_event__id
      from lib_event.find_position(cursor) p;
  end if;

  -- Only the filters given make it into the query, so each call is planned
  -- for its own filters and can use the matching index.
  if type is not null then
    conditions := conditions || 'e.event_type = $1'::text;
  end if;
  if consumer is not null then
    conditions := conditions || 'e.consumer = $2'::text;
  end if;
  if created_from is not null then
    conditions := conditions || 'e.created_at >= $3'::text;
  end if;
  if created_to is not null then
    conditions := conditions || 'e.created_at < $4'::text;
  end if;
  if cursor is not null then
    -- The first condition lets an index on created_at bound the scan; the
    -- second is the exact keyset position.
    conditions := conditions || 'e.created_at <= $5'::text || '(e.created_at, e.event__id) < ($5, $6)'::text;
  end if;

  return query execute pg_catalog.format(
    'select e.event__id, e.event_type::text, e.consumer::text, e.created_at, e.occurred_at, e.source,
            e.partition_key::text, e.headers, e.payload, lib_event.find_cursor(e.created_at, e.event__id)
       from lib_event.event e
      %s
      order by e.created_at desc, e.event__id desc
      limit $7',
    case when pg_catalog.cardinality(conditions) > 0
         then 'where ' || pg_catalog.array_to_string(conditions, ' and ') else '' end)
    using type, consumer, created_from, created_to, after_created_at, after_event__id, page_size;
end
$$;
comment on function lib_events.find(text, text, timestamptz, timestamptz, text, integer) is
  'Find events, newest first, a page at a time (seed 002''s find).

Every argument is optional: type (exact event_type), consumer, created_from
(inclusive) and created_to (exclusive) as ISO 8601 times, page_size (1 to
1000, default 100). Each row carries a cursor: send the last row''s cursor to
get the next page; a page shorter than page_size is the last. Over HTTP:
GET /rpc/find?type=billing.invoice.paid&created_from=2026-01-01T00:00:00Z.
A cursor that find did not return: LE020 (HTTP 400); page_size below 1: LE021
(HTTP 400); above 1000: 54000 (HTTP 413). Find searches; to follow every new
event in commit order, use the notifications, not find.';

grant execute on function lib_events.find(text, text, timestamptz, timestamptz, text, integer)
  to lib_event_reader;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
