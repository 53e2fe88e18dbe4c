-- The trigger in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE TRIGGER sequencer_cursor_refuse_delete BEFORE DELETE ON lib_event.sequencer_cursor FOR EACH STATEMENT EXECUTE FUNCTION lib_event.refuse_change();

comment on trigger sequencer_cursor_refuse_delete on lib_event.sequencer_cursor is 'The cursor is moved, never removed.';
