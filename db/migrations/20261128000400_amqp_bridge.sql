-- migrate:up
set role lib_event_owner;

create table lib_event.bridge_checkpoint (
  bridge     text collate "C" not null,
  checkpoint text collate "C" not null,
  published  bigint not null default 0,
  updated_at timestamptz not null default pg_catalog.now(),
  constraint bridge_checkpoint_pkey primary key (bridge),
  constraint bridge_checkpoint_bridge_length check (pg_catalog.length(bridge) between 1 and 63)
);
comment on table lib_event.bridge_checkpoint is
  'Where each RabbitMQ fan-out bridge (scripts/amqp-bridge.ts) is in the log: the checkpoint after the last event the broker confirmed.

Saved only after the broker confirmed every event before it, so a bridge that
stops resumes after what is surely published: at least once, never a gap.';
comment on column lib_event.bridge_checkpoint.bridge is 'The bridge''s name (BRIDGE_NAME); bridges with the same name take turns, never publish together.';
comment on column lib_event.bridge_checkpoint.checkpoint is 'The follow checkpoint after the last confirmed event.';
comment on column lib_event.bridge_checkpoint.published is 'Events confirmed by the broker so far, under this name.';
comment on column lib_event.bridge_checkpoint.updated_at is 'When the checkpoint last moved.';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
