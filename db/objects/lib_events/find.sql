-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

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
       from %s e
       left join lib_event.deferred_payload d on d.event__id = e.event__id
      %s
      order by e.created_at desc, e.event__id desc
      limit $7',
    -- One relation, as each branch of lib_event.visible_event: under the
    -- scope policy for a key with a read scope, past it for any other.
    case when lib_event.read_scoped() then 'lib_event.scoped_event' else 'lib_event.every_event' end,
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
