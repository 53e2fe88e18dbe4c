-- migrate:up

-- What every role held by default, taken back:
-- - TEMP and CONNECT on this database (CONNECT is granted back to the login
--   roles below; a role made later gets it with its migration);
-- - the large-object functions (lo_create, lowrite, ...): lib_event keeps no
--   large objects, and any role could fill pg_largeobject with them;
-- - pg_notify: any role could send pgrst 'reload schema' or announce ids on
--   lib_event.created that nobody recorded. The owner's definer code (the
--   notify triggers, request_checkpoint, the sequencer's tree) and the relay
--   keep it. The NOTIFY statement itself takes no privilege: only a login
--   role with SQL of its own can send one, and none but the migration job
--   and the password job holds the superuser's password.
-- And the relay owns nothing: its cursor table and the view under its
-- former name belonged to lib_event_relay, which could grant them to PUBLIC
-- or attach a trigger that runs as whoever writes next. The owner owns them;
-- the relay reads and writes its rows.

-- Database privileges are not copied by CREATE DATABASE ... TEMPLATE: a
-- copy of this database (a test clone, a staging copy) runs this function
-- as a superuser or the database's owner.
create function lib_event.restrict_database_access()
returns void
language plpgsql
set search_path = ''
as $$
begin
  execute pg_catalog.format('revoke temporary, connect on database %I from public', pg_catalog.current_database());
  execute pg_catalog.format('grant connect on database %I to lib_event_authenticator, lib_event_relay, lib_event_ingest',
    pg_catalog.current_database());
end
$$;
comment on function lib_event.restrict_database_access() is 'Take TEMP and CONNECT on this database from PUBLIC and grant CONNECT to the login roles. Run by the migrations, and by a superuser on a copy of the database (CREATE DATABASE ... TEMPLATE does not copy database privileges).';
alter function lib_event.restrict_database_access() owner to lib_event_owner;
revoke execute on function lib_event.restrict_database_access() from public;
select lib_event.restrict_database_access();

do $$
declare
  large_object_function regprocedure;
begin
  for large_object_function in
    select p.oid::regprocedure
      from pg_catalog.pg_proc p
     where p.pronamespace = 'pg_catalog'::regnamespace
       and (p.proname like 'lo\_%' or p.proname in ('loread', 'lowrite'))
       and pg_catalog.has_function_privilege('public', p.oid, 'EXECUTE')
  loop
    execute pg_catalog.format('revoke execute on function %s from public', large_object_function);
  end loop;
end
$$;

revoke execute on function pg_catalog.pg_notify(text, text) from public;
grant execute on function pg_catalog.pg_notify(text, text) to lib_event_owner, lib_event_relay;

alter table lib_event.relay_cursor owner to lib_event_owner;
alter view lib_event.relay_checkpoint owner to lib_event_owner;
grant select, insert, update on lib_event.relay_cursor to lib_event_relay;
grant select, insert, update on lib_event.relay_checkpoint to lib_event_relay;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
