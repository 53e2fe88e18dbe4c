-- The view in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

create view lib_event.visible_event as
 SELECT event__id,
    event_type,
    occurred_at,
    created_at,
    source,
    partition_key,
    consumer,
    headers,
    payload,
    xact_id,
    content_salt,
    content_commitment,
    leaf_hash,
    erased_at,
    erasure__id,
    tenant
   FROM lib_event.event;

comment on view lib_event.visible_event is 'The events the request''s API key may read (all of them without a key or scope): lib_event.event read as lib_event_scoped_reader, whom the scope policy binds. find, follow, event_payload and inclusion_proof read events through it.';

grant select on lib_event.visible_event to lib_event_owner;
