-- The trigger in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE TRIGGER log_origin_refuse_change BEFORE DELETE OR UPDATE ON lib_event.log_origin FOR EACH STATEMENT EXECUTE FUNCTION lib_event.refuse_change();

comment on trigger log_origin_refuse_change on lib_event.log_origin is 'A log keeps its origin.';
