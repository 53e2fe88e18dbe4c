-- migrate:up
set role lib_event_owner;

create view lib_events.events as
  select event__id, event_type, occurred_at, created_at, source,
         partition_key, consumer, headers, payload
    from lib_event.event;
comment on view lib_events.events is
  'Recorded events, for querying.

Filter any column with PostgREST operators, e.g.
event_type=eq.billing.invoice.paid, event_type=like.billing.invoice.*,
consumer=eq.billing, created_at=gte.2026-01-01T00:00:00Z,
headers=cs.{"actor":"ada"}. Indexed: created_at, (consumer, created_at) and
(event_type, created_at).';
comment on column lib_events.events.event__id is 'Time-ordered (UUIDv7) id, assigned at recording.';
comment on column lib_events.events.event_type is 'What happened: <service>.<resourceType>.<verb_past_tense>.';
comment on column lib_events.events.occurred_at is 'When it happened in the system that reports it.';
comment on column lib_events.events.created_at is 'When lib_event recorded it.';
comment on column lib_events.events.source is 'The entity that originated the event, if known.';
comment on column lib_events.events.partition_key is 'Caller-chosen key grouping related events.';
comment on column lib_events.events.consumer is 'Who recorded it: the API key''s name, or the database role of a direct SQL caller.';
comment on column lib_events.events.headers is 'User-defined headers plus the standard entries.';
comment on column lib_events.events.payload is 'The event content.';

grant select on lib_events.events to lib_event_reader;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
