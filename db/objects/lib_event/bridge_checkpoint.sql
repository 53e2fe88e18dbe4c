-- The view in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

create view lib_event.bridge_checkpoint as
 SELECT bridge,
    cursor AS checkpoint,
    published,
    updated_at
   FROM lib_event.bridge_cursor;

comment on view lib_event.bridge_checkpoint is 'lib_event.bridge_cursor under its former name, for a bridge of the earlier version during an upgrade; new code uses bridge_cursor.';

comment on column lib_event.bridge_checkpoint.bridge is 'lib_event.bridge_cursor.bridge.';
comment on column lib_event.bridge_checkpoint.checkpoint is 'lib_event.bridge_cursor.cursor, under its former name.';
comment on column lib_event.bridge_checkpoint.published is 'lib_event.bridge_cursor.published.';
comment on column lib_event.bridge_checkpoint.updated_at is 'lib_event.bridge_cursor.updated_at.';

grant insert on lib_event.bridge_checkpoint to lib_event_bridge;
grant select on lib_event.bridge_checkpoint to lib_event_bridge;
grant update on lib_event.bridge_checkpoint to lib_event_bridge;
