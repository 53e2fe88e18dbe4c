-- migrate:up

-- Leaf format v2: salted commitments, computed when the event is recorded.
--
-- The v1 leaf committed to the payload's and headers' text, so removing
-- either broke the proof. A v2 leaf commits instead to
-- SHA-256(salt || headers || payload) (each length-prefixed as in v1), with
-- a random 32-byte salt kept beside the event: erasing the content and the
-- salt leaves the commitment, from which the leaf is still recomputed, and
-- the salt keeps the commitment from being confirmed by guessing likely
-- contents. db/verifiable-log.md specifies both formats.
--
-- The salt comes from the column default; the commitment and the leaf are
-- computed by a BEFORE INSERT trigger, in the producer's own transaction, in
-- parallel across producers. The serial sequencer only assigns positions
-- and extends the tree: it takes the stored leaf. Events recorded before
-- (no salt) keep v1 leaves, computed by the sequencer as before.
--
-- The new columns are added without a default first, so existing rows are
-- neither rewritten nor given a salt: they stay v1.

set role lib_event_owner;

alter table lib_event.event
  add column content_salt bytea,
  add column content_commitment bytea,
  add column leaf_hash bytea,
  add column erased_at timestamptz,
  add column erasure__id uuid,
  add constraint event_content_salt_is_32_bytes check (pg_catalog.length(content_salt) = 32),
  add constraint event_content_commitment_is_sha256 check (pg_catalog.length(content_commitment) = 32),
  add constraint event_leaf_hash_is_sha256 check (pg_catalog.length(leaf_hash) = 32),
  add constraint event_erasure_whole check ((erased_at is null) = (erasure__id is null));

create function lib_event.new_salt()
returns bytea
language sql
volatile
parallel safe
as $$
  -- 32 bytes from the server's strong random source: gen_random_uuid draws
  -- 122 random bits from pg_strong_random; three of them (366 bits) hashed.
  select pg_catalog.sha256(pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                        || pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                        || pg_catalog.uuid_send(pg_catalog.gen_random_uuid()));
$$;
comment on function lib_event.new_salt() is
  'A random 32-byte salt for an event''s content commitment.

SHA-256 of three random UUIDs (366 bits from PostgreSQL''s strong random
source, pg_strong_random): PostgreSQL has no random-bytes function without
the pgcrypto extension.';

alter table lib_event.event alter column content_salt set default lib_event.new_salt();

comment on column lib_event.event.content_salt is 'The random salt of the content commitment (leaf format v2); null for events recorded before v2 and once erased.';
comment on column lib_event.event.content_commitment is 'SHA-256(content_salt || headers || payload), lib_event.content_commitment: what a v2 leaf commits to instead of the content; kept when the content is erased.';
comment on column lib_event.event.leaf_hash is 'The event''s leaf hash (format v2), computed when it was recorded; the sequencer places it. Null for events recorded before v2.';
comment on column lib_event.event.erased_at is 'When lib_event.erase removed its payload, user headers and salt; null while it holds them.';
comment on column lib_event.event.erasure__id is 'The lib_event.event.erased event that records the erasure; null while not erased.';

create function lib_event.content_commitment(salt bytea, headers jsonb, payload jsonb)
returns bytea
language sql
immutable
parallel safe
as $$
  -- No SET clause (every name is qualified): the planner inlines it.
  select pg_catalog.sha256(salt || lib_event.leaf_field(headers::text) || lib_event.leaf_field(payload::text));
$$;
comment on function lib_event.content_commitment(bytea, jsonb, jsonb) is
  'The salted commitment to an event''s content: SHA-256 of the salt, then headers and payload as jsonb text, each length-prefixed like a leaf field.';

create function lib_event.leaf_hash_v2(
  event__id uuid, event_type text, occurred_at timestamptz, created_at timestamptz,
  source uuid, partition_key text, consumer text, content_commitment bytea)
returns bytea
language sql
immutable
parallel safe
as $$
  -- RFC 6962 leaf: SHA-256 of 0x00 and the encoding; the first field names
  -- the format, which a v1 encoding (an event id first) never starts with.
  select pg_catalog.sha256('\x00'::bytea
    || lib_event.leaf_field('lib_event.leaf/2')
    || lib_event.leaf_field(event__id::text)
    || lib_event.leaf_field(event_type)
    || lib_event.leaf_field(lib_event.utc_text(occurred_at))
    || lib_event.leaf_field(lib_event.utc_text(created_at))
    || lib_event.leaf_field(source::text)
    || lib_event.leaf_field(partition_key)
    || lib_event.leaf_field(consumer)
    || lib_event.leaf_field(pg_catalog.encode(content_commitment, 'hex')));
$$;
comment on function lib_event.leaf_hash_v2(uuid, text, timestamptz, timestamptz, uuid, text, text, bytea) is
  'The leaf hash of an event in format v2 (db/verifiable-log.md): SHA-256 of 0x00, the field "lib_event.leaf/2", the event''s own fields as in v1, and the content commitment in hex, each length-prefixed.';

create function lib_event.seal_content()
returns trigger
language plpgsql
as $$
begin
  -- Every name qualified, no SET clause: this runs for every event recorded.
  new.content_commitment := lib_event.content_commitment(new.content_salt, new.headers, new.payload);
  new.leaf_hash := lib_event.leaf_hash_v2(new.event__id, new.event_type::text, new.occurred_at, new.created_at,
                                          new.source, new.partition_key, new.consumer, new.content_commitment);
  return new;
end
$$;
comment on function lib_event.seal_content() is
  'Trigger function: the content commitment and v2 leaf hash of an event being recorded, from its salt.';

-- Rows given a commitment (a restore of archived v2 rows) keep it; rows
-- without a salt (a restore of v1 rows) stay v1.
create trigger event_seal_content before insert on lib_event.event
  for each row when (new.content_salt is not null and new.content_commitment is null)
  execute function lib_event.seal_content();
comment on trigger event_seal_content on lib_event.event is
  'Computes the salted content commitment and the v2 leaf hash as the event is recorded, so the sequencer does not.';

-- The sequencer takes the stored leaf, and computes v1 leaves only for
-- events recorded before v2.
create or replace function lib_event.walk_log(max integer, out added integer, out more boolean)
language plpgsql
set search_path = ''
as $$
declare
  cursor_row lib_event.sequencer_cursor;
  old_size bigint := lib_event.tree_size();
  scanned integer;
  last_xact_id xid8;
  last_event__id uuid;
begin
  select * into cursor_row from lib_event.sequencer_cursor;
  -- One pass over the page: the events not in the log yet are placed, and
  -- the cursor moves past all of them (a sweep may have placed some).
  with page as materialized (
    select f.xact_id, f.event__id, pg_catalog.row_number() over (order by f.xact_id, f.event__id) as n,
           coalesce(f.leaf_hash,
                    lib_event.leaf_hash(f.event__id, f.event_type, f.occurred_at, f.created_at, f.source,
                                        f.partition_key, f.consumer, f.headers, f.payload)) as leaf_hash
      from lib_event.follow_after(cursor_row.xact_id, cursor_row.event__id, max) f
  ), placed as (
    insert into lib_event.log_entry (position, event__id, leaf_hash)
    select old_size + pg_catalog.row_number() over (order by p.n), p.event__id, p.leaf_hash
      from page p
     where not exists (select from lib_event.log_entry l where l.event__id = p.event__id)
    returning 1
  )
  select (select pg_catalog.count(*) from placed), (select pg_catalog.count(*) from page),
         (select p.xact_id from page p order by p.n desc limit 1), (select p.event__id from page p order by p.n desc limit 1)
    into added, scanned, last_xact_id, last_event__id;
  more := scanned = max;
  if scanned = 0 then
    return;
  end if;
  update lib_event.sequencer_cursor set xact_id = last_xact_id, event__id = last_event__id, moved_at = pg_catalog.now();
  perform lib_event.extend_tree(old_size, added);
end
$$;

create or replace function lib_event.append_to_log(event_ids uuid[])
returns integer
language plpgsql
set search_path = ''
as $$
declare
  old_size bigint := lib_event.tree_size();
  added integer;
begin
  -- The events, in the order given, that are not in the log yet.
  insert into lib_event.log_entry (position, event__id, leaf_hash)
  select old_size + pg_catalog.row_number() over (order by g.ord), e.event__id,
         coalesce(e.leaf_hash,
                  lib_event.leaf_hash(e.event__id, e.event_type, e.occurred_at, e.created_at, e.source,
                                      e.partition_key, e.consumer, e.headers, e.payload))
    from pg_catalog.unnest(event_ids) with ordinality g (event__id, ord)
    join lib_event.event e on e.event__id = g.event__id
   where not exists (select from lib_event.log_entry l where l.event__id = g.event__id);
  get diagnostics added = row_count;
  perform lib_event.extend_tree(old_size, added);
  return added;
end
$$;

comment on function lib_event.leaf_hash(uuid, text, timestamptz, timestamptz, uuid, text, text, jsonb, jsonb) is
  'The leaf hash of an event in format v1 (db/verifiable-log.md), for events recorded before v2: SHA-256 of 0x00 followed by each field, length-prefixed, in column order.';
comment on column lib_event.log_entry.leaf_hash is 'The event''s leaf hash as it was sequenced: format v2 (lib_event.leaf_hash_v2, stored on the event when recorded), or v1 (lib_event.leaf_hash) for events recorded before v2.';

revoke all on function lib_event.new_salt() from public;
revoke all on function lib_event.content_commitment(bytea, jsonb, jsonb) from public;
revoke all on function lib_event.leaf_hash_v2(uuid, text, timestamptz, timestamptz, uuid, text, text, bytea) from public;
revoke all on function lib_event.seal_content() from public;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
