-- The trigger in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE TRIGGER event_seal_content BEFORE INSERT ON lib_event.event FOR EACH ROW WHEN (new.content_salt IS NOT NULL AND new.content_commitment IS NULL) EXECUTE FUNCTION lib_event.seal_content();

comment on trigger event_seal_content on lib_event.event is 'Computes the salted content commitment and the v2 leaf hash as the event is recorded, so the sequencer does not.';
