-- The trigger in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE TRIGGER event_notify_created AFTER INSERT ON lib_event.event REFERENCING NEW TABLE AS recorded FOR EACH STATEMENT EXECUTE FUNCTION lib_event.notify_created_ids();

comment on trigger event_notify_created on lib_event.event is 'Every recorded event is announced on the lib_event.created channel, at commit.

The payload is a comma-separated list of up to 200 event ids (one id for a
single create), in id order; a batch sends one notification per 200 events.
Split the payload on commas.';
