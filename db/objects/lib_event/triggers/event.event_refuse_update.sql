-- The trigger in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE TRIGGER event_refuse_update BEFORE UPDATE ON lib_event.event FOR EACH STATEMENT EXECUTE FUNCTION lib_event.refuse_update();

comment on trigger event_refuse_update on lib_event.event is 'The log is append-only, even for the owner.';
