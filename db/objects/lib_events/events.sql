-- The view in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

create view lib_events.events as
 SELECT event__id,
    event_type,
    occurred_at,
    created_at,
    source,
    partition_key,
    consumer,
    headers,
        CASE
            WHEN (lib_event.deferred_payload_of(event__id)).event__id IS NULL THEN payload
            ELSE NULL::jsonb
        END AS payload,
    (lib_event.deferred_payload_of(event__id)).event__id IS NOT NULL AS payload_deferred,
    (lib_event.deferred_payload_of(event__id)).payload_size AS payload_size,
    encode((lib_event.deferred_payload_of(event__id)).payload_sha256, 'hex'::text) AS payload_sha256,
    erased_at,
    erasure__id,
    tenant::text AS tenant
   FROM lib_event.visible_event e
  WHERE ( SELECT lib_event.check_bounded_read('events'::text) AS check_bounded_read);

comment on view lib_events.events is 'Recorded events, for querying.

Filter any column with PostgREST operators, e.g.
event_type=eq.billing.invoice.paid, event_type=like.billing.invoice.*,
consumer=eq.billing, source=eq.<uuid>, partition_key=eq.invoice:INV-1,
created_at=gte.2026-01-01T00:00:00Z, occurred_at=lt.2026-02-01T00:00:00Z,
headers=cs.{"actor":"ada"}. Indexed: created_at, occurred_at,
(consumer, created_at), (event_type, created_at), source, partition_key and
headers (containment), tenant. A scoped API key reads only the events of
its scope, counts included (db/security.md). A read needs limit=N (up to 1000) or a Range header
(else LE084, HTTP 400).';

comment on column lib_events.events.event__id is 'Time-ordered (UUIDv7) id, assigned at recording.';
comment on column lib_events.events.event_type is 'What happened: <service>.<resourceType>.<verb_past_tense>.';
comment on column lib_events.events.occurred_at is 'When it happened in the system that reports it.';
comment on column lib_events.events.created_at is 'When lib_event recorded it.';
comment on column lib_events.events.source is 'The entity that originated the event, if known.';
comment on column lib_events.events.partition_key is 'Caller-chosen key grouping related events.';
comment on column lib_events.events.consumer is 'Who recorded it: the API key''s name, or the database role of a direct SQL caller.';
comment on column lib_events.events.headers is 'User-defined headers plus the standard entries.';
comment on column lib_events.events.payload is 'The event content; null when deferred (payload_deferred): read it with event_payload; null once erased (erased_at).';
comment on column lib_events.events.payload_deferred is 'Whether the payload is over 256 KiB of JSON text and left out: GET /rpc/event_payload?event__id=... returns it.';
comment on column lib_events.events.payload_size is 'For a deferred payload, its bytes of JSON text; null otherwise.';
comment on column lib_events.events.payload_sha256 is 'For a deferred payload, the SHA-256 of its JSON text, hex; null otherwise.';
comment on column lib_events.events.erased_at is 'When the event''s payload and own headers were erased (lib_event.erase); null while it holds them.';
comment on column lib_events.events.erasure__id is 'The lib_event.event.erased event recording the erasure (who, why, which events); null while not erased.';
comment on column lib_events.events.tenant is 'The tenant the event belongs to, if any (also in headers.tenant): the producer key''s tenant, or the tenant field of create.';

grant select on lib_events.events to lib_event_reader;
