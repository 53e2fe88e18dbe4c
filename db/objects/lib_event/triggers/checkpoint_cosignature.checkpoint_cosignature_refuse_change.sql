-- The trigger in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE TRIGGER checkpoint_cosignature_refuse_change BEFORE DELETE OR UPDATE ON lib_event.checkpoint_cosignature FOR EACH STATEMENT EXECUTE FUNCTION lib_event.refuse_change();

comment on trigger checkpoint_cosignature_refuse_change on lib_event.checkpoint_cosignature is 'Cosignatures are never changed or removed.';
