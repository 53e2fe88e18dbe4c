-- migrate:up
set role lib_event_owner;

-- One huge event must never stop readers.
--
-- A payload is accepted up to 64 MiB (its jsonb size). jsonb cannot hold a
-- value over 256 MiB at all (its offsets are 28 bits), and every byte of a
-- payload is held several times over while it is parsed, stored and read
-- back (PostgREST's buffer, the JSON text, the jsonb value, the response):
-- 64 MiB keeps a call's memory in the hundreds of MiB. Bigger content belongs
-- in an object store, with its address in the payload. The pre-request
-- refuses a request body over 65 MiB (by its Content-Length) before
-- PostgreSQL parses it.
--
-- Payloads over 256 KiB of JSON text are deferred: pages (follow, find, the
-- events view) carry their size and SHA-256 instead, and
-- lib_events.event_payload returns them one at a time. follow and find also
-- stop a page before it passes 16 MiB of headers and inline payloads, always
-- returning at least one event, so that a reader moves on whatever the log
-- holds.

create function lib_event.payload_ceiling_bytes()
returns integer
language sql
immutable
parallel safe
as $$ select 67108864 $$;
comment on function lib_event.payload_ceiling_bytes() is
  'The largest payload accepted, in bytes of its jsonb value: 64 MiB.';
-- The pre-request runs as the anonymous role and reads it.
grant execute on function lib_event.payload_ceiling_bytes() to lib_event_anon;

create function lib_event.deferred_payload_bytes()
returns integer
language sql
immutable
parallel safe
as $$ select 262144 $$;
comment on function lib_event.deferred_payload_bytes() is
  'Payloads with more bytes of JSON text than this (256 KiB) are left out of pages and read with lib_events.event_payload.';

create function lib_event.page_budget_bytes()
returns integer
language sql
immutable
parallel safe
as $$ select 16777216 $$;
comment on function lib_event.page_budget_bytes() is
  'The bytes of headers and inline payloads a follow or find page stops before (16 MiB); a page always holds at least one event.';

create table lib_event.deferred_payload (
  event__id      uuid not null,
  payload_size   bigint not null,
  payload_sha256 bytea not null,
  constraint deferred_payload_pkey primary key (event__id),
  constraint deferred_payload_payload_sha256_is_sha256 check (pg_catalog.length(payload_sha256) = 32)
);
comment on table lib_event.deferred_payload is
  'The events whose payload pages leave out (over lib_event.deferred_payload_bytes() of JSON text), with its size and digest.

Written once, when the event is recorded (trigger event_defer_large_payload),
beside the event rather than in it: the event row is never updated.';
comment on column lib_event.deferred_payload.event__id is 'The event.';
comment on column lib_event.deferred_payload.payload_size is 'Bytes of the payload as JSON text (PostgreSQL''s text form of the jsonb value, as event_payload returns it).';
comment on column lib_event.deferred_payload.payload_sha256 is 'SHA-256 of that JSON text, UTF-8.';

create function lib_event.defer_large_payload()
returns trigger
language plpgsql
as $$
declare
  json_text text := new.payload::text;
begin
  if pg_catalog.octet_length(json_text) > lib_event.deferred_payload_bytes() then
    insert into lib_event.deferred_payload (event__id, payload_size, payload_sha256)
    values (new.event__id, pg_catalog.octet_length(json_text), pg_catalog.sha256(pg_catalog.convert_to(json_text, 'UTF8')));
  end if;
  return new;
end
$$;
comment on function lib_event.defer_large_payload() is
  'Trigger function: note an event whose payload is over lib_event.deferred_payload_bytes() of JSON text in lib_event.deferred_payload.';

-- Only for payloads that may be over the bound: JSON text is at most six
-- bytes per byte of jsonb (a control character escaped as \u00XX), so a
-- jsonb value under a sixth of the bound cannot be. Evaluated on the row as
-- given, before it is compressed: the test costs nothing for small events.
create trigger event_defer_large_payload
  before insert on lib_event.event
  for each row
  when (pg_catalog.pg_column_size(new.payload) > 43690)
  execute function lib_event.defer_large_payload();
comment on trigger event_defer_large_payload on lib_event.event is
  'Notes large payloads in lib_event.deferred_payload as they are recorded.';

-- Events recorded before this migration. Stored values may be compressed,
-- so the test reads every payload stored outside its row (over about 2 KiB).
insert into lib_event.deferred_payload (event__id, payload_size, payload_sha256)
select e.event__id, pg_catalog.octet_length(t.json_text), pg_catalog.sha256(pg_catalog.convert_to(t.json_text, 'UTF8'))
  from lib_event.event e,
       lateral (select e.payload::text as json_text) t
 where pg_catalog.pg_column_size(e.payload) > 2000
   and pg_catalog.octet_length(t.json_text) > lib_event.deferred_payload_bytes();

create or replace function lib_event.check_event_input(event lib_event.event_input, recorded_at timestamptz)
returns void
language plpgsql
stable
as $$
begin
  perform lib_event.check_event(event.event_type, event.headers,
    coalesce(event.occurred_at, recorded_at), event.partition_key, recorded_at);
  if pg_catalog.pg_column_size(event.payload) > lib_event.payload_ceiling_bytes() then
    raise exception using
      errcode = 'PT413',
      message = pg_catalog.format('the payload is %s bytes, more than the %s allowed',
        pg_catalog.pg_column_size(event.payload), lib_event.payload_ceiling_bytes()),
      hint = 'Keep bulky content in an object store and put its address in the payload.';
  end if;
  perform lib_event.check_json_depth('payload', event.payload);
  if pg_catalog.length(event.idempotency_key) not between 1 and 255 then
    raise exception using
      errcode = 'LE006',
      message = pg_catalog.format('idempotency_key must be 1 to 255 characters, not %s',
        pg_catalog.length(event.idempotency_key)),
      hint = 'Send a short unique string per event (a UUID, say), or leave idempotency_key out.';
  end if;
end
$$;
comment on function lib_event.check_event_input(lib_event.event_input, timestamptz) is
  'lib_event.check_event for one event as handed in, plus the payload''s size (PT413) and depth (LE040) and the bound on its idempotency key (LE006).';

create or replace function lib_event.check_request()
returns void
language plpgsql
as $$
declare
  request_headers json := coalesce(pg_catalog.current_setting('request.headers', true), '{}')::json;
  presented_key text := request_headers ->> 'x-api-key';
  body_bytes text := request_headers ->> 'content-length';
  request_method text := pg_catalog.current_setting('request.method', true);
  request_path text := pg_catalog.current_setting('request.path', true);
  holder record;
  key_role text;
begin
  -- The API document at / is public, like any API reference.
  if request_path = '/' then
    return;
  end if;

  -- Before the main query parses the body, a payload at the ceiling plus
  -- room for the other fields, 65 MiB: this spares PostgreSQL, not
  -- PostgREST, which has read the body already; and a chunked body has no
  -- Content-Length. A proxy's body limit protects PostgREST itself.
  if body_bytes ~ '^[0-9]{1,18}$' and body_bytes::bigint > lib_event.payload_ceiling_bytes() + 1048576 then
    raise exception using
      errcode = 'PT413',
      message = pg_catalog.format('the request body is %s bytes, more than the %s allowed',
        body_bytes, lib_event.payload_ceiling_bytes() + 1048576),
      hint = 'A payload may be at most 64 MiB; send fewer events per create_many, or keep bulky content in an object store and record its address.';
  end if;

  if presented_key is null or presented_key = '' then
    raise exception using
      errcode = 'PT401',
      message = 'missing API key',
      detail = pg_catalog.format('%s %s needs an API key', request_method, request_path),
      hint = 'Send your key in the X-Api-Key header. An operator creates one with: npm run key:create -- --name <consumer> --role producer|reader|producer_reader';
  end if;

  select * into holder from lib_event.api_key_authenticate(presented_key);
  if not found then
    raise exception using
      errcode = 'PT401',
      message = 'unknown or revoked API key',
      detail = pg_catalog.format('key starting %s', pg_catalog.left(presented_key, 8)),
      hint = 'Check the X-Api-Key header; if the key was revoked, ask an operator for a new one.';
  end if;

  key_role := 'lib_event_' || holder.access::text;
  -- request.path is the raw path while PostgREST routes on the decoded one
  -- (ApiRequest.hs: rawPathInfo vs pathInfo): /%65vents would name no
  -- object here and reach events there. No name of this API needs escaping.
  if pg_catalog.strpos(request_path, '%') > 0 then
    raise exception using
      errcode = 'PT403',
      message = pg_catalog.format('the path %s has percent-escapes, which the API keys'' check does not decode',
        pg_catalog.left(request_path, 100)),
      hint = 'Write the path plainly: /events, /rpc/create.';
  end if;
  if not lib_event.request_allowed(key_role, request_method, request_path) then
    raise exception using
      errcode = 'PT403',
      message = pg_catalog.format('the API key of %s (%s) may not %s %s',
        holder.consumer, holder.access, request_method, request_path),
      hint = 'Producer keys record events (POST /rpc/create); reader keys query them (GET /events). Ask for a key with the access you need.';
  end if;

  perform pg_catalog.set_config('lib_event.consumer', holder.consumer, true);
  execute pg_catalog.format('set local role %I', key_role);
end
$$;

-- Pages: deferred payloads are left out and described instead.
alter type lib_events.followed_event
  add attribute payload_deferred boolean,
  add attribute payload_size bigint,
  add attribute payload_sha256 text;
comment on column lib_events.followed_event.payload is 'The event content; null when deferred (payload_deferred): read it with event_payload.';
comment on column lib_events.followed_event.payload_deferred is 'Whether the payload is over 256 KiB of JSON text and left out of this page: GET /rpc/event_payload?event__id=... returns it.';
comment on column lib_events.followed_event.payload_size is 'For a deferred payload, its bytes of JSON text; null otherwise.';
comment on column lib_events.followed_event.payload_sha256 is 'For a deferred payload, the SHA-256 of its JSON text, hex; null otherwise.';

alter type lib_events.found_event
  add attribute payload_deferred boolean,
  add attribute payload_size bigint,
  add attribute payload_sha256 text;
comment on column lib_events.found_event.payload is 'The event content; null when deferred (payload_deferred): read it with event_payload.';
comment on column lib_events.found_event.payload_deferred is 'Whether the payload is over 256 KiB of JSON text and left out of this page: GET /rpc/event_payload?event__id=... returns it.';
comment on column lib_events.found_event.payload_size is 'For a deferred payload, its bytes of JSON text; null otherwise.';
comment on column lib_events.found_event.payload_sha256 is 'For a deferred payload, the SHA-256 of its JSON text, hex; null otherwise.';

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
  -- One query, so the horizon and the rows share one snapshot. A deferred
  -- payload is never read: the CASE leaves it in storage.
  for e in
    select f.event__id, f.event_type::text as event_type, f.occurred_at, f.created_at, f.source,
           f.partition_key::text as partition_key, f.consumer::text as consumer, f.headers,
           case when d.event__id is null then f.payload end as payload,
           lib_event.checkpoint_text(f.xact_id, f.event__id) as checkpoint,
           d.event__id is not null as payload_deferred, d.payload_size,
           pg_catalog.encode(d.payload_sha256, 'hex') as payload_sha256
      from lib_event.checkpoint_position(after) p,
           lib_event.follow_after(p.xact_id, p.event__id, lib_event.check_follow_max(max)) f
      left join lib_event.deferred_payload d on d.event__id = f.event__id
     -- The join keeps no order of its own: a page must end on its greatest checkpoint.
     order by f.xact_id, f.event__id
  loop
    row_bytes := pg_catalog.octet_length(e.headers::text) + coalesce(pg_catalog.octet_length(e.payload::text), 0);
    exit when page_bytes > 0 and page_bytes + row_bytes > lib_event.page_budget_bytes();
    page_bytes := page_bytes + row_bytes;
    return next row(e.event__id, e.event_type, e.occurred_at, e.created_at, e.source, e.partition_key, e.consumer,
                    e.headers, e.payload, e.checkpoint, e.payload_deferred, e.payload_size, e.payload_sha256)::lib_events.followed_event;
  end loop;
end
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
A page also ends before its headers and payloads pass 16 MiB (it always
holds at least one event): a page shorter than max is not the end of the
log. A payload over 256 KiB is deferred: payload is null, payload_deferred
true, with payload_size and payload_sha256; GET /rpc/event_payload returns it.
Errors: LE030 for a malformed checkpoint, LE031 for max out of range.
GET /rpc/follow?after=<checkpoint>&max=100.';

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
  conditions text[] := '{}';
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

-- The view looks deferred payloads up per row rather than joining them: it
-- stays one plain query over lib_event.event, so its columns keep their NOT
-- NULL origin in the API document and PostgREST's filters plan as before.
create function lib_event.deferred_payload_of(event__id uuid)
returns lib_event.deferred_payload
language sql
stable
security definer
set search_path = ''
as $$
  select d.* from lib_event.deferred_payload d where d.event__id = deferred_payload_of.event__id;
$$;
comment on function lib_event.deferred_payload_of(uuid) is
  'The deferred_payload row of an event, or null when its payload is not deferred (security definer: the events view calls it as the reader).';
grant execute on function lib_event.deferred_payload_of(uuid) to lib_event_reader;

create or replace view lib_events.events as
  select e.event__id, e.event_type, e.occurred_at, e.created_at, e.source,
         e.partition_key, e.consumer, e.headers,
         case when (lib_event.deferred_payload_of(e.event__id)).event__id is null then e.payload end as payload,
         (lib_event.deferred_payload_of(e.event__id)).event__id is not null as payload_deferred,
         (lib_event.deferred_payload_of(e.event__id)).payload_size as payload_size,
         pg_catalog.encode((lib_event.deferred_payload_of(e.event__id)).payload_sha256, 'hex') as payload_sha256
    from lib_event.event e;
comment on column lib_events.events.payload is 'The event content; null when deferred (payload_deferred): read it with event_payload.';
comment on column lib_events.events.payload_deferred is 'Whether the payload is over 256 KiB of JSON text and left out: GET /rpc/event_payload?event__id=... returns it.';
comment on column lib_events.events.payload_size is 'For a deferred payload, its bytes of JSON text; null otherwise.';
comment on column lib_events.events.payload_sha256 is 'For a deferred payload, the SHA-256 of its JSON text, hex; null otherwise.';

create function lib_events.event_payload(event__id uuid)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  found_payload jsonb;
begin
  select e.payload into found_payload from lib_event.event e where e.event__id = event_payload.event__id;
  if not found then
    raise exception using
      errcode = 'PT404',
      message = pg_catalog.format('no event %s', event__id),
      hint = 'Pass the event__id of a recorded event.';
  end if;
  return found_payload;
end
$$;
comment on function lib_events.event_payload(uuid) is
  'The payload of one event, whatever its size: how a reader gets a payload that pages defer.

Pages of follow, find and the events view leave out payloads over 256 KiB of
JSON text (payload_deferred, with payload_size and payload_sha256); this
returns the payload itself. GET /rpc/event_payload?event__id=<id>. An unknown
id: PT404 (HTTP 404).';
grant execute on function lib_events.event_payload(uuid) to lib_event_reader;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
