-- The view in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

create view lib_event.relay_checkpoint as
 SELECT relay,
    cursor AS checkpoint,
    emitted,
    updated_at
   FROM lib_event.relay_cursor;

comment on view lib_event.relay_checkpoint is 'lib_event.relay_cursor under its former name, for a relay of the earlier version during an upgrade; new code uses relay_cursor.';

comment on column lib_event.relay_checkpoint.relay is 'lib_event.relay_cursor.relay.';
comment on column lib_event.relay_checkpoint.checkpoint is 'lib_event.relay_cursor.cursor, under its former name.';
comment on column lib_event.relay_checkpoint.emitted is 'lib_event.relay_cursor.emitted.';
comment on column lib_event.relay_checkpoint.updated_at is 'lib_event.relay_cursor.updated_at.';

grant insert on lib_event.relay_checkpoint to lib_event_relay;
grant select on lib_event.relay_checkpoint to lib_event_relay;
grant update on lib_event.relay_checkpoint to lib_event_relay;
