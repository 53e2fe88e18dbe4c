-- The trigger in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE TRIGGER event_outside_partitions_refuse BEFORE INSERT ON lib_event.event_outside_partitions FOR EACH ROW EXECUTE FUNCTION lib_event.refuse_outside_partitions();

comment on trigger event_outside_partitions_refuse on lib_event.event_outside_partitions is 'An event outside every partition is refused, not kept.';
