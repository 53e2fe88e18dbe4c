-- The view in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

create view lib_event.event_read_branches as
 SELECT false AS through_policy,
    e.event__id,
    e.event_type,
    e.occurred_at,
    e.created_at,
    e.source,
    e.partition_key,
    e.consumer,
    e.headers,
    e.payload,
    e.xact_id,
    e.content_salt,
    e.content_commitment,
    e.leaf_hash,
    e.erased_at,
    e.erasure__id,
    e.tenant
   FROM lib_event.every_event e
UNION ALL
 SELECT true AS through_policy,
    e.event__id,
    e.event_type,
    e.occurred_at,
    e.created_at,
    e.source,
    e.partition_key,
    e.consumer,
    e.headers,
    e.payload,
    e.xact_id,
    e.content_salt,
    e.content_commitment,
    e.leaf_hash,
    e.erased_at,
    e.erasure__id,
    e.tenant
   FROM lib_event.event e;

comment on view lib_event.event_read_branches is 'Events by two branches: every event (through_policy false, lib_event.every_event), and those the scope policy event_read_within_key_scope lets this request''s key read (through_policy true: lib_event.event read as lib_event_scoped_reader, who owns this view). Read it only filtered on through_policy = (select lib_event.read_scoped()), as lib_event.visible_event does.';

comment on column lib_event.event_read_branches.through_policy is 'Whether the row was read under the scope policy (the branch for a key with a read scope) or past it (every event).';
comment on column lib_event.event_read_branches.event__id is 'Time-ordered (UUIDv7) id, assigned at recording.';
comment on column lib_event.event_read_branches.event_type is 'What happened: <service>.<resourceType>.<verb_past_tense>.';
comment on column lib_event.event_read_branches.occurred_at is 'When it happened in the system that reports it.';
comment on column lib_event.event_read_branches.created_at is 'When lib_event recorded it.';
comment on column lib_event.event_read_branches.source is 'The entity that originated the event (a request id, say), if known.';
comment on column lib_event.event_read_branches.partition_key is 'Caller-chosen key grouping related events (an aggregate id, a tenant).';
comment on column lib_event.event_read_branches.consumer is 'Who recorded it: the API key''s name, or the database role of a direct SQL caller.';
comment on column lib_event.event_read_branches.headers is 'User-defined headers plus the standard entries (event_type, event__id, created_at, occurred_at, source, partition_key, consumer).';
comment on column lib_event.event_read_branches.payload is 'The event content, any JSON value, or null.';
comment on column lib_event.event_read_branches.xact_id is 'Id of the transaction that recorded the event: readers use it to never skip an event committed late.';
comment on column lib_event.event_read_branches.content_salt is 'The random salt of the content commitment (leaf format v2); null for events recorded before v2 and once erased.';
comment on column lib_event.event_read_branches.content_commitment is 'SHA-256(content_salt || headers || payload), lib_event.content_commitment: what a v2 leaf commits to instead of the content; kept when the content is erased.';
comment on column lib_event.event_read_branches.leaf_hash is 'The event''s leaf hash (format v2), computed when it was recorded; the sequencer places it. Null for events recorded before v2.';
comment on column lib_event.event_read_branches.erased_at is 'When lib_event.erase removed its payload, user headers and salt; null while it holds them.';
comment on column lib_event.event_read_branches.erasure__id is 'The lib_event.event.erased event that records the erasure; null while not erased.';
comment on column lib_event.event_read_branches.tenant is 'The tenant the event belongs to, if any: the producer key''s tenant scope, or (for an unscoped key) the tenant field of create; also in headers.tenant, so the leaf hash covers it.';
