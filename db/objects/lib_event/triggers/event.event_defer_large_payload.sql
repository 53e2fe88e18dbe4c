-- The trigger in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE TRIGGER event_defer_large_payload BEFORE INSERT ON lib_event.event FOR EACH ROW WHEN (pg_column_size(new.payload) > 43690) EXECUTE FUNCTION lib_event.defer_large_payload();

comment on trigger event_defer_large_payload on lib_event.event is 'Notes large payloads in lib_event.deferred_payload as they are recorded.';
