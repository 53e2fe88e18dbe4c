-- migrate:up

-- The leaf and checkpoint hashes call lib_event.utc_text, which is STABLE
-- (to_char): declared IMMUTABLE above a STABLE call, PostgreSQL never inlines
-- them, so each call ran as a separate SQL function. Recording paid it in
-- the seal trigger: 0.74 ms an event against 0.17 ms once leaf_hash_v2 is
-- STABLE (2,000 inserts in one statement). No index or constraint uses them.

set role lib_event_owner;

alter function lib_event.leaf_hash_v2(uuid, text, timestamp with time zone, timestamp with time zone, uuid, text, text, bytea) stable;
alter function lib_event.leaf_hash(uuid, text, timestamp with time zone, timestamp with time zone, uuid, text, text, jsonb, jsonb) stable;
alter function lib_event.event_content_hash(lib_event.event_input) stable;
alter function lib_event.checkpoint_text(bigint, bytea, timestamp with time zone) stable;
alter function lib_event.find_cursor(timestamp with time zone, uuid) stable;

reset role;

-- migrate:down
