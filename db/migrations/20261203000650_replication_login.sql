-- migrate:up

-- The read replica's base backup and streaming log in as a role that may
-- replicate and nothing else, not as the superuser (docker-compose.yml's
-- db-replica; its slot is made by the password job).

do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'lib_event_replicator') then
    create role lib_event_replicator login replication noinherit;
  end if;
end
$$;

comment on role lib_event_replicator is
  'The read replica''s login: streams the write-ahead log (REPLICATION) and may connect to no database.';

-- migrate:down
-- Forward-only: a new migration undoes an old one.
