-- migrate:up

-- The documentation of the verifiable log moved from the README to
-- db/verifiable-log.md: the comments that pointed there say so.

set role lib_event_owner;

comment on function lib_event.leaf_hash(uuid, text, timestamptz, timestamptz, uuid, text, text, jsonb, jsonb) is
  'The leaf hash of an event (db/verifiable-log.md): SHA-256 of 0x00 followed by each field, length-prefixed, in column order.';
comment on view lib_events.checkpoints is
  'Signed checkpoints of the log (db/verifiable-log.md): keep copies elsewhere; npm run verify checks the log against them.';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
