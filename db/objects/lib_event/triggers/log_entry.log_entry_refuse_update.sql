-- The trigger in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE TRIGGER log_entry_refuse_update BEFORE DELETE OR UPDATE ON lib_event.log_entry FOR EACH STATEMENT EXECUTE FUNCTION lib_event.refuse_change();

comment on trigger log_entry_refuse_update on lib_event.log_entry is 'Positions are never changed or removed.';
