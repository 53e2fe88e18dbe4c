-- migrate:up

-- Reads within the key's scope: the policy on lib_event.event (added with
-- scoped keys) already limits every read path; here find and follow hand
-- out the tenant and, for erased events, erased_at and erasure__id; the
-- events view shows the tenant; inclusion_proof refuses, as unknown, an
-- event the key may not read (its position is in the log, its row hidden).

set role lib_event_owner;

alter type lib_events.found_event
  add attribute tenant text, add attribute erased_at timestamptz, add attribute erasure__id uuid;
comment on column lib_events.found_event.tenant is 'The tenant the event belongs to, if any.';
comment on column lib_events.found_event.erased_at is 'When the event''s payload and own headers were erased (lib_event.erase); null while it holds them.';
comment on column lib_events.found_event.erasure__id is 'The lib_event.event.erased event recording the erasure; null while not erased.';

alter type lib_events.followed_event
  add attribute tenant text, add attribute erased_at timestamptz, add attribute erasure__id uuid;
comment on column lib_events.followed_event.tenant is 'The tenant the event belongs to, if any.';
comment on column lib_events.followed_event.erased_at is 'When the event''s payload and own headers were erased (lib_event.erase); null while it holds them.';
comment on column lib_events.followed_event.erasure__id is 'The lib_event.event.erased event recording the erasure; null while not erased.';


create or replace view lib_events.events as
 SELECT event__id,
    event_type,
    occurred_at,
    created_at,
    source,
    partition_key,
    consumer,
    headers,
        CASE
            WHEN (lib_event.deferred_payload_of(event__id)).event__id IS NULL THEN payload
            ELSE NULL::jsonb
        END AS payload,
    (lib_event.deferred_payload_of(event__id)).event__id IS NOT NULL AS payload_deferred,
    (lib_event.deferred_payload_of(event__id)).payload_size AS payload_size,
    encode((lib_event.deferred_payload_of(event__id)).payload_sha256, 'hex'::text) AS payload_sha256,
    erased_at,
    erasure__id,
    tenant::text AS tenant
   FROM lib_event.event e
  WHERE ( SELECT lib_event.check_bounded_read('events'::text) AS check_bounded_read);

comment on view lib_events.events is 'Recorded events, for querying.

Filter any column with PostgREST operators, e.g.
event_type=eq.billing.invoice.paid, event_type=like.billing.invoice.*,
consumer=eq.billing, source=eq.<uuid>, partition_key=eq.invoice:INV-1,
created_at=gte.2026-01-01T00:00:00Z, occurred_at=lt.2026-02-01T00:00:00Z,
headers=cs.{"actor":"ada"}. Indexed: created_at, occurred_at,
(consumer, created_at), (event_type, created_at), source, partition_key and
headers (containment), tenant. A scoped API key reads only the events of
its scope, counts included (db/security.md). A read needs limit=N (up to 1000) or a Range header
(else LE084, HTTP 400).';

comment on column lib_events.events.event__id is 'Time-ordered (UUIDv7) id, assigned at recording.';
comment on column lib_events.events.event_type is 'What happened: <service>.<resourceType>.<verb_past_tense>.';
comment on column lib_events.events.occurred_at is 'When it happened in the system that reports it.';
comment on column lib_events.events.created_at is 'When lib_event recorded it.';
comment on column lib_events.events.source is 'The entity that originated the event, if known.';
comment on column lib_events.events.partition_key is 'Caller-chosen key grouping related events.';
comment on column lib_events.events.consumer is 'Who recorded it: the API key''s name, or the database role of a direct SQL caller.';
comment on column lib_events.events.tenant is 'The tenant the event belongs to, if any (also in headers.tenant): the producer key''s tenant, or the tenant field of create.';
comment on column lib_events.events.headers is 'User-defined headers plus the standard entries.';
comment on column lib_events.events.payload is 'The event content; null when deferred (payload_deferred): read it with event_payload; null once erased (erased_at).';
comment on column lib_events.events.payload_deferred is 'Whether the payload is over 256 KiB of JSON text and left out: GET /rpc/event_payload?event__id=... returns it.';
comment on column lib_events.events.payload_size is 'For a deferred payload, its bytes of JSON text; null otherwise.';
comment on column lib_events.events.payload_sha256 is 'For a deferred payload, the SHA-256 of its JSON text, hex; null otherwise.';
comment on column lib_events.events.erased_at is 'When the event''s payload and own headers were erased (lib_event.erase); null while it holds them.';
comment on column lib_events.events.erasure__id is 'The lib_event.event.erased event recording the erasure (who, why, which events); null while not erased.';

grant select on lib_events.events to lib_event_reader;


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
            pg_catalog.encode(d.payload_sha256, ''hex'') as payload_sha256,
            e.tenant::text as tenant, e.erased_at, e.erasure__id
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
    if not exists (select from lib_event.event e where e.event__id = inclusion_proof.event__id) then
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
     and not exists (select from lib_event.event e where e.event__id = inclusion_proof.event__id) then
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
               from lib_event.event e where e.event__id = entry.event__id));
end
$function$;

comment on function lib_events.inclusion_proof(uuid,bigint) is 'Proof that an event is in the log''s tree of tree_size events (default: the latest checkpoint): its leaf hash, leaf index and audit path (RFC 6962, hex, nearest sibling first). Check it against a signed checkpoint of that size; npm run verify -- --proof does. An id the log does not hold, or (for a scoped API key) an event outside the key''s scope: PT404 (HTTP 404); recorded but not sequenced yet, or after that tree: LE071; a size the log does not have: LE070.

bundle: the same proof as an offline bundle (c2sp.org/tlog-proof@v1; its extra line holds the leaf hash) with the checkpoint note of tree_size and its cosignatures, which npm run verify -- --proof and any tlog-proof verifier check with the log''s vkey alone; null when no C2SP checkpoint has that size (ask with the tree_size of one).

leaf: what recomputing the leaf from the event takes besides its content (db/verifiable-log.md): format 1 or 2, and for format 2 the event''s salt and salted commitment (hex); erased_at once erased (the salt is then null and the leaf follows from the commitment). The salt is given only to a key that may read the event''s content.';

grant execute on function lib_events.inclusion_proof(uuid,bigint) to lib_event_reader;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
