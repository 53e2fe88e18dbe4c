-- migrate:up

-- A relay or bridge of the version before 20261128001300 goes on running
-- through an upgrade: its tables' former names stay, as views of the renamed
-- tables (simple views, so its SELECT ... FOR UPDATE, UPDATE and INSERT ...
-- ON CONFLICT reach the table). Restart them on the new version when
-- convenient; a later release drops the views.

set role lib_event_owner;

create view lib_event.bridge_checkpoint as
  select bridge, cursor as checkpoint, published, updated_at from lib_event.bridge_cursor;
comment on view lib_event.bridge_checkpoint is
  'lib_event.bridge_cursor under its former name, for a bridge of the earlier version during an upgrade; new code uses bridge_cursor.';
comment on column lib_event.bridge_checkpoint.bridge is 'lib_event.bridge_cursor.bridge.';
comment on column lib_event.bridge_checkpoint.checkpoint is 'lib_event.bridge_cursor.cursor, under its former name.';
comment on column lib_event.bridge_checkpoint.published is 'lib_event.bridge_cursor.published.';
comment on column lib_event.bridge_checkpoint.updated_at is 'lib_event.bridge_cursor.updated_at.';

-- LE080's message shortens what it echoes, as every refusal does.
create or replace function lib_event.one_of(name text, value anyelement, older_name text, older_value anyelement)
returns anyelement
language plpgsql
immutable
parallel safe
as $$
begin
  if value is not null and older_value is not null and value is distinct from older_value then
    raise exception using
      errcode = 'LE080',
      message = pg_catalog.format('%s %s and %s %s disagree',
        name, lib_event.shortened(value::text), older_name, lib_event.shortened(older_value::text)),
      hint = pg_catalog.format('%s is the older name of %s: send only %s.', older_name, name, name);
  end if;
  return coalesce(value, older_value);
end
$$;

create function lib_event.shortened(value text)
returns text
language sql
immutable
parallel safe
as $$
  select pg_catalog.left(value, 100) || case when pg_catalog.length(value) > 100 then '...' else '' end;
$$;
comment on function lib_event.shortened(text) is
  'A value as an error message echoes it: its first 100 characters, and ... when there were more.';

comment on function lib_event.record_events(lib_event.event_input[]) is
  'Check and insert events, all or nothing, and return their receipts in the order given: the one implementation behind every public way of recording.

lib_event.check_event_inputs checks every event (in a batch the message says
which event failed); lib_event.claim_idempotency_keys claims the idempotency
keys, if any; then one statement inserts them all with one recording time.
An event with an idempotency key already used by the same consumer is not
inserted again: with the same content its original receipt comes back, with
other content the call fails with 23505 (HTTP 409). More than 1000 events
raise PT413 (HTTP 413).';

comment on function lib_event.openapi_inputs(oid) is
  'The input arguments of a function in order, with their JSON schemas (deprecated under a name lib_event.older_name lists), and whether each has a default.';

reset role;

-- The relay owns its table, so its view belongs to it too.
create view lib_event.relay_checkpoint as
  select relay, cursor as checkpoint, emitted, updated_at from lib_event.relay_cursor;
alter view lib_event.relay_checkpoint owner to lib_event_relay;
comment on view lib_event.relay_checkpoint is
  'lib_event.relay_cursor under its former name, for a relay of the earlier version during an upgrade; new code uses relay_cursor.';
comment on column lib_event.relay_checkpoint.relay is 'lib_event.relay_cursor.relay.';
comment on column lib_event.relay_checkpoint.checkpoint is 'lib_event.relay_cursor.cursor, under its former name.';
comment on column lib_event.relay_checkpoint.emitted is 'lib_event.relay_cursor.emitted.';
comment on column lib_event.relay_checkpoint.updated_at is 'lib_event.relay_cursor.updated_at.';

-- migrate:down
