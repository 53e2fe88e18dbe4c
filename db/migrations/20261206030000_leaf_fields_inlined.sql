-- migrate:up

-- lib_event.leaf_field calls convert_to, which is STABLE: declared IMMUTABLE
-- above it, PostgreSQL never inlines it, so the seal trigger ran it as a
-- separate SQL function eleven times an event (nine fields of the leaf, two
-- of the content commitment); content_commitment, IMMUTABLE around it, the
-- same. As STABLE both inline into leaf_hash_v2 and the trigger's
-- expressions, as 20261205050500 did for the hashes above them. No index,
-- constraint or generated column uses them.

set role lib_event_owner;

alter function lib_event.leaf_field(text) stable;
alter function lib_event.content_commitment(bytea, jsonb, jsonb) stable;

reset role;

-- migrate:down

set role lib_event_owner;

alter function lib_event.content_commitment(bytea, jsonb, jsonb) immutable;
alter function lib_event.leaf_field(text) immutable;

reset role;
