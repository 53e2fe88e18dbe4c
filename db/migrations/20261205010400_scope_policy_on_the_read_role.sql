-- migrate:up

-- The scope policy applies to one role: lib_event_scoped_reader, which owns
-- the views every read of an API key goes through (the events view, and
-- lib_event.visible_event, which find, follow, event_payload and
-- inclusion_proof read). The owner and the maintenance login read every
-- row under a policy of their own that refers to no column: a policy that
-- names columns, even one true for them, keeps PostgreSQL from answering
-- from an index alone, which the sequencer's walk of the log relies on.

do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'lib_event_scoped_reader') then
    create role lib_event_scoped_reader nologin;
  end if;
end
$$;
comment on role lib_event_scoped_reader is 'Owns the views through which API keys read events (lib_events.events, lib_event.visible_event): the row-level security policy event_read_within_key_scope limits it to the request key''s scope. Holds SELECT on lib_event.event alone; nobody logs in as it.';

grant usage on schema lib_event, lib_events to lib_event_scoped_reader;
grant select on lib_event.event to lib_event_scoped_reader;
revoke execute on function lib_event.read_scope_event_types(), lib_event.read_scope_consumers(),
  lib_event.read_scope_tenants() from lib_event_maintenance;

set role lib_event_owner;

drop policy event_read_within_key_scope on lib_event.event;
drop policy event_insert on lib_event.event;
drop policy event_update on lib_event.event;
drop policy event_delete on lib_event.event;

create policy event_unscoped on lib_event.event for all to lib_event_owner, lib_event_maintenance
  using (true) with check (true);
comment on policy event_unscoped on lib_event.event is 'The owner (its definer functions: recording, the sequencer, relay, erasure, retention) and the maintenance login see and write every row, ruled by grants and triggers as before scopes; reads of an API key go through lib_event_scoped_reader instead.';

create policy event_read_within_key_scope on lib_event.event for select to lib_event_scoped_reader using (
  ((select lib_event.read_scope_event_types()) is null
     or event_type::text like any ((select lib_event.read_scope_event_types())::text[]))
  and ((select lib_event.read_scope_consumers()) is null
     or consumer::text = any ((select lib_event.read_scope_consumers())::text[]))
  and ((select lib_event.read_scope_tenants()) is null
     or tenant::text = any ((select lib_event.read_scope_tenants())::text[])));
comment on policy event_read_within_key_scope on lib_event.event is 'A scoped API key reads only the events of its types, consumers and tenants, through every read path, all of which read as lib_event_scoped_reader (lib_events.events, lib_event.visible_event); a request without a key, or with an unscoped one, reads every event.';

create view lib_event.visible_event as select * from lib_event.event;
comment on view lib_event.visible_event is 'The events the request''s API key may read (all of them without a key or scope): lib_event.event read as lib_event_scoped_reader, whom the scope policy binds. find, follow, event_payload and inclusion_proof read events through it.';

reset role;

alter view lib_event.visible_event owner to lib_event_scoped_reader;
grant select on lib_event.visible_event to lib_event_owner;
alter view lib_events.events owner to lib_event_scoped_reader;

set role lib_event_owner;


CREATE OR REPLACE FUNCTION lib_events.find(event_type text DEFAULT NULL::text, consumer text DEFAULT NULL::text, created_from timestamp with time zone DEFAULT NULL::timestamp with time zone, created_to timestamp with time zone DEFAULT NULL::timestamp with time zone, cursor text DEFAULT NULL::text, page_size integer DEFAULT 100, type text DEFAULT NULL::text)
 RETURNS SETOF lib_events.found_event
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
    if not exists (select from lib_event.visible_event recorded
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
            pg_catalog.encode(d.payload_sha256, ''hex'') as payload_sha256,
            e.tenant::text as tenant, e.erased_at, e.erasure__id
       from lib_event.visible_event e
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
                    e.headers, e.payload, e.cursor, e.payload_deferred, e.payload_size, e.payload_sha256,
                    e.tenant, e.erased_at, e.erasure__id)::lib_events.found_event;
  end loop;
end
$function$;

comment on function lib_events.find(text,text,timestamp with time zone,timestamp with time zone,text,integer,text) is 'Find events, newest first, a page at a time.

Every argument is optional: event_type (exact), consumer, created_from
(inclusive) and created_to (exclusive) as ISO 8601 times, page_size (1 to
1000, default 100); type, the name the first version of find took for
event_type, is still taken.
Each row carries a cursor: send the last row''s cursor to get the next page;
an empty page is the last. A page also ends before its headers and payloads
pass 16 MiB (always with at least one event), and a payload over 256 KiB is
deferred: payload is null, payload_deferred true, with payload_size and
payload_sha256; GET /rpc/event_payload returns it.
Over HTTP: GET /rpc/find?event_type=billing.invoice.paid&created_from=2026-01-01T00:00:00Z.
A cursor that find did not return: LE020 (HTTP 400); page_size below 1: LE021
(HTTP 400); above 1000: PT413 (HTTP 413); type and event_type that disagree:
LE080 (HTTP 400). A scoped API key finds only the events of its scope
(db/security.md); an erased event shows erased_at and erasure__id. Find searches; to follow every new event in log order, use
lib_events.follow.';

grant execute on function lib_events.find(text,text,timestamp with time zone,timestamp with time zone,text,integer,text) to lib_event_reader;


CREATE OR REPLACE FUNCTION lib_events.follow(cursor text DEFAULT NULL::text, page_size integer DEFAULT NULL::integer, after text DEFAULT NULL::text, max integer DEFAULT NULL::integer)
 RETURNS SETOF lib_events.followed_event
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
           pg_catalog.encode(d.payload_sha256, 'hex') as payload_sha256, l.position,
           f.tenant::text as tenant, f.erased_at, f.erasure__id
      from lib_event.log_entry l
      join lib_event.visible_event f on f.event__id = l.event__id
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
                    e.position, e.cursor, e.tenant, e.erased_at, e.erasure__id)::lib_events.followed_event;
  end loop;
end
$function$;

comment on function lib_events.follow(text,integer,text,integer) is 'Read the log in order from a cursor: at most page_size events after it, each with its position and the cursor to resume from.

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
A scoped API key follows only the events of its scope: positions stay
the log''s, so its feed has gaps, and its cursors work the same
(db/following.md). An erased event shows erased_at and erasure__id.
Errors: LE030 for a malformed cursor, LE033 for one this log does not hold,
LE031 for page_size out of range, LE080 for a name and its older name with
different values.
GET /rpc/follow?cursor=<cursor>&page_size=100.';

grant execute on function lib_events.follow(text,integer,text,integer) to lib_event_bridge;
grant execute on function lib_events.follow(text,integer,text,integer) to lib_event_reader;


CREATE OR REPLACE FUNCTION lib_events.event_payload(event__id uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  found_payload jsonb;
begin
  select e.payload into found_payload from lib_event.visible_event e where e.event__id = event_payload.event__id;
  if not found then
    raise exception using
      errcode = 'PT404',
      message = pg_catalog.format('no event %s', event__id),
      hint = 'Pass the event__id of a recorded event.';
  end if;
  return found_payload;
end
$function$;

comment on function lib_events.event_payload(uuid) is 'The payload of one event, whatever its size: how a reader gets a payload that pages defer.

Pages of follow, find and the events view leave out payloads over 256 KiB of
JSON text (payload_deferred, with payload_size and payload_sha256); this
returns the payload itself. GET /rpc/event_payload?event__id=<id>. An unknown
id, or an event outside the API key''s scope: PT404 (HTTP 404).';

grant execute on function lib_events.event_payload(uuid) to lib_event_bridge;
grant execute on function lib_events.event_payload(uuid) to lib_event_reader;


CREATE OR REPLACE FUNCTION lib_events.inclusion_proof(event__id uuid, tree_size bigint DEFAULT NULL::bigint)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  size bigint := coalesce(tree_size, (select pg_catalog.max(c.tree_size) from lib_event.log_checkpoint c));
  entry lib_event.log_entry;
begin
  select * into entry from lib_event.log_entry l where l.event__id = inclusion_proof.event__id;
  if not found then
    if not exists (select from lib_event.visible_event e where e.event__id = inclusion_proof.event__id) then
      raise exception using
        errcode = 'PT404',
        message = pg_catalog.format('no event %s', inclusion_proof.event__id),
        hint = 'Pass the event__id of a recorded event (the receipt of create gives it).';
    end if;
    raise exception using
      errcode = 'LE071',
      message = pg_catalog.format('event %s is not sequenced', inclusion_proof.event__id),
      hint = 'An event gets its position moments after it is recorded; ask again shortly.';
  end if;
  -- A scoped key proves only the events it may read: any other is, for
  -- it, no event (the policy on lib_event.event hides its row).
  if lib_event.read_scoped()
     and not exists (select from lib_event.visible_event e where e.event__id = inclusion_proof.event__id) then
    raise exception using
      errcode = 'PT404',
      message = pg_catalog.format('no event %s', inclusion_proof.event__id),
      hint = 'Pass the event__id of a recorded event your API key may read.';
  end if;
  perform lib_event.check_tree_size(size, 'tree_size');
  if entry.position > size then
    raise exception using
      errcode = 'LE071',
      message = pg_catalog.format('event %s is at position %s, after the tree of size %s', inclusion_proof.event__id, entry.position, size),
      hint = 'Ask against a later checkpoint.';
  end if;
  return pg_catalog.jsonb_build_object(
    'event__id', entry.event__id, 'position', entry.position, 'leaf_index', entry.position - 1, 'tree_size', size,
    'leaf_hash', pg_catalog.encode(entry.leaf_hash, 'hex'),
    'root_hash', pg_catalog.encode(lib_event.tree_root(size), 'hex'),
    'path', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.encode(h, 'hex') order by n), '[]')
               from pg_catalog.unnest(lib_event.inclusion_path(entry.position - 1, 0, size)) with ordinality p(h, n)),
    'bundle', lib_event.proof_bundle(entry.position - 1, size, entry.leaf_hash),
    'leaf', (select pg_catalog.jsonb_build_object(
               'format', case when e.content_commitment is null then 1 else 2 end,
               'content_salt', pg_catalog.encode(e.content_salt, 'hex'),
               'content_commitment', pg_catalog.encode(e.content_commitment, 'hex'),
               'erased_at', e.erased_at)
               from lib_event.visible_event e where e.event__id = entry.event__id));
end
$function$;

comment on function lib_events.inclusion_proof(uuid,bigint) is 'Proof that an event is in the log''s tree of tree_size events (default: the latest checkpoint): its leaf hash, leaf index and audit path (RFC 6962, hex, nearest sibling first). Check it against a signed checkpoint of that size; npm run verify -- --proof does. An id the log does not hold, or (for a scoped API key) an event outside the key''s scope: PT404 (HTTP 404); recorded but not sequenced yet, or after that tree: LE071; a size the log does not have: LE070.

bundle: the same proof as an offline bundle (c2sp.org/tlog-proof@v1; its extra line holds the leaf hash) with the checkpoint note of tree_size and its cosignatures, which npm run verify -- --proof and any tlog-proof verifier check with the log''s vkey alone; null when no C2SP checkpoint has that size (ask with the tree_size of one).

leaf: what recomputing the leaf from the event takes besides its content (db/verifiable-log.md): format 1 or 2, and for format 2 the event''s salt and salted commitment (hex); erased_at once erased (the salt is then null and the leaf follows from the commitment). The salt is given only to a key that may read the event''s content.';

grant execute on function lib_events.inclusion_proof(uuid,bigint) to lib_event_reader;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
