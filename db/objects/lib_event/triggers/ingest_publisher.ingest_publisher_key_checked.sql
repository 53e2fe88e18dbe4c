-- The trigger in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE TRIGGER ingest_publisher_key_checked BEFORE INSERT OR UPDATE ON lib_event.ingest_publisher FOR EACH ROW EXECUTE FUNCTION lib_event.check_ingest_publisher_key();

comment on trigger ingest_publisher_key_checked on lib_event.ingest_publisher is 'A mapped key is a recording key of the mapped consumer.';
