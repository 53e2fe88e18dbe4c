-- migrate:up
set role lib_event_owner;

create domain lib_event.event_type as text collate "C"
  constraint event_type_convention check (
    value ~ '^[a-z][a-zA-Z0-9_]{0,62}\.[a-z][a-zA-Z0-9_]{0,62}\.[a-z][a-zA-Z0-9_]{0,62}$'
  );
comment on domain lib_event.event_type is
  'An event type: <service>.<resourceType>.<verb_past_tense>.

Exactly three dot-separated segments; each starts with a lowercase ASCII
letter, continues with ASCII letters, digits or underscores, and is at most
63 characters long. Examples: iam.user.created, billing.invoice.paid.';

create function lib_event.uuid_v7(at timestamptz default pg_catalog.clock_timestamp())
returns uuid
language sql
volatile
parallel safe
as $$
  -- A random (v4) uuid with its first 48 bits replaced by the Unix time in
  -- milliseconds and its version nibble turned from 4 into 7 (RFC 9562).
  select pg_catalog.encode(
    pg_catalog.set_bit(
      pg_catalog.set_bit(
        overlay(
          pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
          placing substring(
            pg_catalog.int8send(pg_catalog.floor(extract(epoch from at) * 1000)::bigint)
            from 3)
          from 1 for 6),
        52, 1),
      53, 1),
    'hex')::uuid;
$$;
comment on function lib_event.uuid_v7(timestamptz) is
  'A time-ordered UUID (version 7) for the given instant.

Ids sort by creation time, so the primary key can double as a range
partitioning key and new rows land at the right edge of the index.';

create table lib_event.event (
  event__id     uuid not null,
  event_type    lib_event.event_type not null,
  occurred_at   timestamptz not null,
  created_at    timestamptz not null,
  source        uuid,
  partition_key text collate "C",
  consumer      text collate "C" not null,
  headers       jsonb not null,
  payload       jsonb,
  xact_id       xid8 not null default pg_catalog.pg_current_xact_id(),
  constraint event_pkey primary key (event__id),
  constraint event_headers_is_object check (pg_catalog.jsonb_typeof(headers) = 'object'),
  constraint event_partition_key_length check (pg_catalog.length(partition_key) between 1 and 255),
  constraint event_consumer_length check (pg_catalog.length(consumer) between 1 and 255)
);
comment on table lib_event.event is
  'Every recorded event, append-only.

Rows arrive through lib_events.create; nobody may update them, and only the
owner may delete them (retention).';
comment on column lib_event.event.event__id is 'Time-ordered (UUIDv7) id, assigned at recording.';
comment on column lib_event.event.event_type is 'What happened: <service>.<resourceType>.<verb_past_tense>.';
comment on column lib_event.event.occurred_at is 'When it happened in the system that reports it.';
comment on column lib_event.event.created_at is 'When lib_event recorded it.';
comment on column lib_event.event.source is 'The entity that originated the event (a request id, say), if known.';
comment on column lib_event.event.partition_key is 'Caller-chosen key grouping related events (an aggregate id, a tenant).';
comment on column lib_event.event.consumer is 'Who recorded it: the API key''s name, or the database role of a direct SQL caller.';
comment on column lib_event.event.headers is 'User-defined headers plus the standard entries (event_type, event__id, created_at, occurred_at, source, partition_key, consumer).';
comment on column lib_event.event.payload is 'The event content, any JSON value, or null.';
comment on column lib_event.event.xact_id is 'Id of the transaction that recorded the event: readers use it to never skip an event committed late.';

create index event_created_at_idx on lib_event.event (created_at);
create index event_consumer_created_at_idx on lib_event.event (consumer, created_at);
create index event_type_created_at_idx on lib_event.event (event_type, created_at);

create function lib_event.refuse_update()
returns trigger
language plpgsql
as $$
begin
  raise exception using
    errcode = 'LE009',
    message = 'events are append-only: an UPDATE of lib_event.event is refused',
    hint = 'Record a new event that corrects the old one instead.';
end
$$;
comment on function lib_event.refuse_update() is
  'Trigger function: refuses every UPDATE of lib_event.event, whoever runs it.';

create trigger event_refuse_update
  before update on lib_event.event
  for each statement execute function lib_event.refuse_update();
comment on trigger event_refuse_update on lib_event.event is
  'The log is append-only, even for the owner.';

create function lib_event.notify_created()
returns trigger
language plpgsql
as $$
begin
  -- Only the id travels: NOTIFY payloads are capped at 8000 bytes and an
  -- event's payload can be far larger.
  perform pg_catalog.pg_notify('lib_event.created', new.event__id::text);
  return null;
end
$$;
comment on function lib_event.notify_created() is
  'Trigger function: NOTIFY lib_event.created with the new event''s id.';

create trigger event_notify_created
  after insert on lib_event.event
  for each row execute function lib_event.notify_created();
comment on trigger event_notify_created on lib_event.event is
  'Every recorded event is announced on the lib_event.created channel, at commit.';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
