-- The trigger in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE TRIGGER merkle_node_refuse_update BEFORE DELETE OR UPDATE ON lib_event.merkle_node FOR EACH STATEMENT EXECUTE FUNCTION lib_event.refuse_change();

comment on trigger merkle_node_refuse_update on lib_event.merkle_node is 'Tree nodes are never changed or removed.';
