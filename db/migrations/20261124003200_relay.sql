-- migrate:up

-- The relay logs in as its own role. Roles are cluster-wide: create it only
-- when missing (a test clone or a second database finds it there). The
-- operator sets its password (RELAY_PASSWORD), as for the authenticator.
do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'lib_event_relay') then
    create role lib_event_relay login;
  end if;
end
$$;
comment on role lib_event_relay is
  'The relay process (scripts/relay.ts): reads event ids and checkpoints, NOTIFYs lib_event.created, keeps its own checkpoint. Sees no event content.';

grant usage on schema lib_event to lib_event_relay;

set role lib_event_owner;

create function lib_event.relay_positions(after text, max integer)
returns table (event__id uuid, checkpoint text)
language sql
stable
security definer
set search_path = ''
as $$
  -- Only ids and checkpoints: the relay never reads an event's content.
  select e.event__id, lib_event.checkpoint_text(e.xact_id, e.event__id)
    from lib_event.checkpoint_position(after) p,
         lib_event.follow_after(p.xact_id, p.event__id, lib_event.check_follow_max(max)) e;
$$;
comment on function lib_event.relay_positions(text, integer) is
  'What the relay announces next: the ids and checkpoints lib_events.follow would return, without the events'' content.';

create function lib_event.relay_head()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select lib_events.follow_head();
$$;
comment on function lib_event.relay_head() is
  'Where a relay without a checkpoint starts: lib_events.follow_head() (events before it were announced inline).';

create table lib_event.relay_checkpoint (
  relay      text collate "C" not null,
  checkpoint text collate "C" not null,
  emitted    bigint not null default 0,
  updated_at timestamptz not null default pg_catalog.now(),
  constraint relay_checkpoint_pkey primary key (relay),
  constraint relay_checkpoint_relay_length check (pg_catalog.length(relay) between 1 and 63)
);
comment on table lib_event.relay_checkpoint is
  'Where each relay process is in the log: the checkpoint after the last id it announced.

Written in the same transaction as the NOTIFYs it covers, so a relay that
stops or crashes resumes exactly after what it announced.';
comment on column lib_event.relay_checkpoint.relay is 'The relay''s name (RELAY_NAME), default relay.';
comment on column lib_event.relay_checkpoint.checkpoint is 'A lib_events.follow checkpoint: <transaction id>/<event id> of the last id announced.';
comment on column lib_event.relay_checkpoint.emitted is 'How many ids this relay has announced, in total.';
comment on column lib_event.relay_checkpoint.updated_at is 'When the relay last announced something (or started).';

grant execute on function lib_event.relay_positions(text, integer) to lib_event_relay;
grant execute on function lib_event.relay_head() to lib_event_relay;
grant execute on function lib_event.notify_mode() to lib_event_relay;

reset role;

-- The relay keeps its checkpoint in a table of its own.
alter table lib_event.relay_checkpoint owner to lib_event_relay;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
