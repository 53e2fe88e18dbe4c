-- migrate:up

-- A login role per process, each with only what its process does, so that
-- none of them needs the superuser's password (the migration job and the
-- password job alone hold it):
-- - lib_event_sequencer: places committed events in the log and stores
--   signed checkpoints; reads the tree to sign it. It cannot write events,
--   keys or anything else.
-- - lib_event_bridge: reads the log through lib_events.follow and the
--   payload of what it publishes, and keeps its cursor.
-- - lib_event_maintenance: makes the partitions of the coming periods and
--   lists those past retention (archiving and dropping stay with the
--   operator: they copy data out of the server first).
-- lib_event_relay and lib_event_ingest, made earlier, keep their grants.
-- None inherits anything, owns anything or may create roles or databases.

do $$
declare
  wanted text;
begin
  foreach wanted in array array['lib_event_sequencer', 'lib_event_bridge', 'lib_event_maintenance'] loop
    if not exists (select from pg_catalog.pg_roles where rolname = wanted) then
      execute pg_catalog.format('create role %I login noinherit', wanted);
    end if;
  end loop;
end
$$;

-- The earlier logins inherit nothing either (they are members of no role).
alter role lib_event_relay noinherit;
alter role lib_event_ingest noinherit;

comment on role lib_event_sequencer is
  'The sequencer''s login: places committed events in the log (lib_event.sequence_events) and stores signed checkpoints (lib_event.add_checkpoint).';
comment on role lib_event_bridge is
  'The AMQP bridge''s login: follows the log (lib_events.follow), reads payloads and keeps its cursor in lib_event.bridge_cursor.';
comment on role lib_event_maintenance is
  'The partition maintenance''s login: lib_event.maintain_partitions and lib_event.partitions_past_retention.';

grant usage on schema lib_event, lib_events to lib_event_sequencer, lib_event_bridge, lib_event_maintenance;

-- Every overload of a function, by name: the grants follow the names, not signatures.
do $$
declare
  granted record;
begin
  for granted in
    select p.oid::regprocedure as fn, g.grantee
      from (values
        ('lib_event', 'sequence_events', 'lib_event_sequencer'),
        ('lib_event', 'add_checkpoint', 'lib_event_sequencer'),
        ('lib_event', 'tree_size', 'lib_event_sequencer'),
        ('lib_event', 'tree_root', 'lib_event_sequencer'),
        ('lib_event', 'subtree_hash', 'lib_event_sequencer'),
        ('lib_event', 'tree_node', 'lib_event_sequencer'),
        ('lib_event', 'checkpoint_text', 'lib_event_sequencer'),
        ('lib_events', 'follow', 'lib_event_bridge'),
        ('lib_events', 'follow_head', 'lib_event_bridge'),
        ('lib_events', 'event_payload', 'lib_event_bridge'),
        ('lib_event', 'maintain_partitions', 'lib_event_maintenance'),
        ('lib_event', 'partitions_past_retention', 'lib_event_maintenance')
      ) as g (schema_name, function_name, grantee)
      join pg_catalog.pg_proc p on p.pronamespace = g.schema_name::regnamespace and p.proname = g.function_name
  loop
    execute pg_catalog.format('grant execute on function %s to %I', granted.fn, granted.grantee);
  end loop;
end
$$;

grant select on lib_event.log_entry, lib_event.merkle_node, lib_event.log_checkpoint to lib_event_sequencer;
grant select, insert, update on lib_event.bridge_cursor, lib_event.bridge_checkpoint to lib_event_bridge;

create or replace function lib_event.restrict_database_access()
returns void
language plpgsql
set search_path = ''
as $$
begin
  execute pg_catalog.format('revoke temporary, connect on database %I from public', pg_catalog.current_database());
  execute pg_catalog.format('grant connect on database %I to lib_event_authenticator, lib_event_relay, lib_event_ingest, '
    'lib_event_sequencer, lib_event_bridge, lib_event_maintenance', pg_catalog.current_database());
end
$$;
select lib_event.restrict_database_access();

-- migrate:down
-- Forward-only: a new migration undoes an old one.
