-- migrate:up

-- The comments of find and its row type say what each name is, in words a
-- reader of the API document knows: they are that document's text.

set role lib_event_owner;

comment on column lib_events.found_event.event__id is 'Time-ordered (UUIDv7) id, assigned at recording.';
comment on column lib_events.found_event.event_type is 'What happened: <service>.<resourceType>.<verb_past_tense>.';

comment on function lib_events.find(text, text, timestamptz, timestamptz, text, integer, text) is
  'Find events, newest first, a page at a time.

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
LE080 (HTTP 400). Find searches; to follow every new event in log order, use
lib_events.follow.';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
