-- The trigger in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE TRIGGER event_refuse_update_of_partition BEFORE UPDATE ON lib_event.event FOR EACH ROW EXECUTE FUNCTION lib_event.refuse_update();

comment on trigger event_refuse_update_of_partition on lib_event.event is 'The log is append-only, even for the owner, also when an UPDATE names a partition.';
