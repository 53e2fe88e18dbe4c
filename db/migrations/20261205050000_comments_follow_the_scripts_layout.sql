-- migrate:up

-- scripts/ is grouped by concern (scripts/README.md): the comments that
-- name a script name it where it now lives.

set role lib_event_owner;

comment on function lib_event.set_notify_mode(text) is 'Choose how events are announced: inline or relay. Owner only. Returns the mode now in force.

relay disables the event_notify_* triggers on lib_event.event, so producers
do not NOTIFY and keep group commit; run the relay process (scripts/relay/relay.ts)
then. Start the relay before switching to relay, and switch back to inline
before stopping it: listeners may then hear an id twice, never miss one.
Raises LE032 for any other mode.';

comment on function lib_events.explorer() is 'The events explorer: a page for analysts and auditors to filter, page through, export and verify events in a browser. Open GET /rpc/explorer.

It needs no key to load; it then asks for a reader key, kept in the tab''s
sessionStorage, and reads through the same API as everyone else. Verify
checks an event''s inclusion proof and its checkpoint''s signature in the
browser. Built from db/explorer/ (scripts/generate/explorer-page.ts).';

comment on table lib_event.bridge_cursor is 'Where each RabbitMQ fan-out bridge (scripts/broker/amqp-bridge.ts) is in the log: the cursor after the last event the broker confirmed.

Saved only after the broker confirmed every event before it, so a bridge that
stops resumes after what is surely published: at least once, never a gap.';

reset role;

-- migrate:down
