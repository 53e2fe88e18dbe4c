-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

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
