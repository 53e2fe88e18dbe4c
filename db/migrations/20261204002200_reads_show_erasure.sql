-- migrate:up

-- Reads show erasure: the events view gains erased_at and erasure__id (an
-- erased event's payload is null and its headers hold only the standard
-- entries). Columns are appended: CREATE OR REPLACE VIEW keeps the others.

set role lib_event_owner;

create or replace view lib_events.events as
 select e.event__id, e.event_type, e.occurred_at, e.created_at, e.source, e.partition_key, e.consumer, e.headers,
        case when (lib_event.deferred_payload_of(e.event__id)).event__id is null then e.payload else null::jsonb end as payload,
        (lib_event.deferred_payload_of(e.event__id)).event__id is not null as payload_deferred,
        (lib_event.deferred_payload_of(e.event__id)).payload_size as payload_size,
        pg_catalog.encode((lib_event.deferred_payload_of(e.event__id)).payload_sha256, 'hex') as payload_sha256,
        e.erased_at, e.erasure__id
   from lib_event.event e
  where (select lib_event.check_bounded_read('events'));

comment on column lib_events.events.payload is 'The event content; null when deferred (payload_deferred): read it with event_payload; null once erased (erased_at).';
comment on column lib_events.events.erased_at is 'When the event''s payload and own headers were erased (lib_event.erase); null while it holds them.';
comment on column lib_events.events.erasure__id is 'The lib_event.event.erased event recording the erasure (who, why, which events); null while not erased.';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
