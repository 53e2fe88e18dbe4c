-- migrate:up
set role lib_event_owner;

-- The analysts' filters on lib_events.events that the first indexes
-- (created_at, (consumer, created_at), (event_type, created_at)) do not
-- cover. event_type and consumer are collate "C", so a prefix LIKE
-- (event_type=like.billing.invoice.*) already uses their btree indexes.
-- The benchmark reports what each of these costs an insert.

create index event_source_idx on lib_event.event (source) where source is not null;
comment on index lib_event.event_source_idx is
  'source=eq.<uuid>: partial, since most events have no source.';

create index event_partition_key_idx on lib_event.event (partition_key) where partition_key is not null;
comment on index lib_event.event_partition_key_idx is
  'partition_key=eq.<key>: partial, since many events have no partition key.';

create index event_occurred_at_idx on lib_event.event (occurred_at);
comment on index lib_event.event_occurred_at_idx is
  'occurred_at ranges (occurred_at=gte.<time>&occurred_at=lt.<time>).';

create index event_headers_idx on lib_event.event using gin (headers jsonb_path_ops);
comment on index lib_event.event_headers_idx is
  'Header containment (headers=cs.{"actor":"ada"}). jsonb_path_ops: smaller and faster than the default GIN operator class, and @> is the only operator the view''s filters need.';

comment on view lib_events.events is
  'Recorded events, for querying.

Filter any column with PostgREST operators, e.g.
event_type=eq.billing.invoice.paid, event_type=like.billing.invoice.*,
consumer=eq.billing, source=eq.<uuid>, partition_key=eq.invoice:INV-1,
created_at=gte.2026-01-01T00:00:00Z, occurred_at=lt.2026-02-01T00:00:00Z,
headers=cs.{"actor":"ada"}. Indexed: created_at, occurred_at,
(consumer, created_at), (event_type, created_at), source, partition_key and
headers (containment).';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
