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
   FROM lib_event.event_read_branches b
  WHERE through_policy = (( SELECT lib_event.read_scoped() AS read_scoped));

comment on view lib_event.visible_event is 'The events the request''s API key may read (all of them without a key or scope): under the scope policy for a key with a read scope, past it for any other (lib_event.event_read_branches, one branch chosen per statement). lib_events.events, follow, event_payload and inclusion_proof read events through it; find reads lib_event.every_event or lib_event.scoped_event itself.';

comment on column lib_event.visible_event.event__id is 'Time-ordered (UUIDv7) id, assigned at recording.';
comment on column lib_event.visible_event.event_type is 'What happened: <service>.<resourceType>.<verb_past_tense>.';
comment on column lib_event.visible_event.occurred_at is 'When it happened in the system that reports it.';
comment on column lib_event.visible_event.created_at is 'When lib_event recorded it.';
comment on column lib_event.visible_event.source is 'The entity that originated the event (a request id, say), if known.';
comment on column lib_event.visible_event.partition_key is 'Caller-chosen key grouping related events (an aggregate id, a tenant).';
comment on column lib_event.visible_event.consumer is 'Who recorded it: the API key''s name, or the database role of a direct SQL caller.';
comment on column lib_event.visible_event.headers is 'User-defined headers plus the standard entries (event_type, event__id, created_at, occurred_at, source, partition_key, consumer).';
comment on column lib_event.visible_event.payload is 'The event content, any JSON value, or null.';
comment on column lib_event.visible_event.xact_id is 'Id of the transaction that recorded the event: readers use it to never skip an event committed late.';
comment on column lib_event.visible_event.content_salt is 'The random salt of the content commitment (leaf format v2); null for events recorded before v2 and once erased.';
comment on column lib_event.visible_event.content_commitment is 'SHA-256(content_salt || headers || payload), lib_event.content_commitment: what a v2 leaf commits to instead of the content; kept when the content is erased.';
comment on column lib_event.visible_event.leaf_hash is 'The event''s leaf hash (format v2), computed when it was recorded; the sequencer places it. Null for events recorded before v2.';
comment on column lib_event.visible_event.erased_at is 'When lib_event.erase removed its payload, user headers and salt; null while it holds them.';
comment on column lib_event.visible_event.erasure__id is 'The lib_event.event.erased event that records the erasure; null while not erased.';
comment on column lib_event.visible_event.tenant is 'The tenant the event belongs to, if any: the producer key''s tenant scope, or (for an unscoped key) the tenant field of create; also in headers.tenant, so the leaf hash covers it.';

grant select on lib_event.visible_event to lib_event_owner;
