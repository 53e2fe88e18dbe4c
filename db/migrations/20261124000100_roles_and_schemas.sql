-- migrate:up

-- Roles are cluster-wide, so a second database on the same server (a test
-- clone, a staging copy) finds them already there: create only what is missing.
do $$
declare
  wanted record;
begin
  for wanted in
    select * from (values
      ('lib_event_owner',           'nologin'),
      ('lib_event_authenticator',   'login noinherit'),
      ('lib_event_anon',            'nologin'),
      ('lib_event_producer',        'nologin'),
      ('lib_event_reader',          'nologin'),
      ('lib_event_producer_reader', 'nologin')
    ) as role_spec (name, options)
  loop
    if not exists (select from pg_catalog.pg_roles where rolname = wanted.name) then
      execute format('create role %I %s', wanted.name, wanted.options);
    end if;
  end loop;
end
$$;

comment on role lib_event_owner is
  'Owns every lib_event object. Never logs in; the only role that may delete events (retention).';
comment on role lib_event_authenticator is
  'The login role PostgREST connects as. Holds no privilege of its own; switches to the anonymous role, then to the role an API key grants.';
comment on role lib_event_anon is
  'Requests without a valid API key. May only run the API-key check and read the API document.';
comment on role lib_event_producer is
  'API keys with producer access: may record events.';
comment on role lib_event_reader is
  'API keys with reader access: may query events.';
comment on role lib_event_producer_reader is
  'API keys with both producer and reader access.';

grant lib_event_anon, lib_event_producer, lib_event_reader, lib_event_producer_reader
  to lib_event_authenticator;
grant lib_event_producer, lib_event_reader to lib_event_producer_reader;

create schema lib_event authorization lib_event_owner;
comment on schema lib_event is
  'lib_event internals: the event table, API keys, helpers. Never exposed over HTTP.';

create schema lib_events authorization lib_event_owner;
comment on schema lib_events is
  'The lib_event API: only views and functions. PostgREST exposes this schema and nothing else.';

-- Functions are executable by PUBLIC by default; every API function is
-- granted explicitly instead.
alter default privileges for role lib_event_owner revoke execute on functions from public;

grant usage on schema lib_events
  to lib_event_anon, lib_event_producer, lib_event_reader, lib_event_producer_reader;
-- The API-key check (db-pre-request) lives in the private schema and runs as
-- the anonymous role; usage on the schema lets it be named, nothing more.
grant usage on schema lib_event to lib_event_anon;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
