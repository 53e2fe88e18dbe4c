-- migrate:up

-- The sequenced, hash-chained log: every committed event gets a dense
-- position (1, 2, 3, ...) in follow's never-skipping order, a leaf hash over a
-- documented encoding of its content, and a place in a Merkle tree (RFC 6962)
-- whose roots the sequencer signs (Ed25519, key outside the database).
-- Positions, hashes and checkpoints are rows: they survive dump and restore,
-- replicas and archives. Producers do no extra work: sequencing happens after
-- commit, in lib_event.sequence_events, called by one sequencer process.

set role lib_event_owner;

create function lib_event.leaf_field(value text)
returns bytea
language sql
immutable
parallel safe
as $$
  -- A 4-byte big-endian length and the UTF-8 bytes; null is length ffffffff.
  -- No SET clause (every name is qualified): the planner inlines it.
  select case when value is null then '\xffffffff'::bytea
              else pg_catalog.int4send(pg_catalog.octet_length(pg_catalog.convert_to(value, 'UTF8')))
                   || pg_catalog.convert_to(value, 'UTF8') end;
$$;
comment on function lib_event.leaf_field(text) is
  'One field of a leaf''s encoding: its length as 4 bytes big-endian, then its UTF-8 bytes; null is ff ff ff ff and nothing.';

create function lib_event.leaf_hash(
  event__id uuid, event_type text, occurred_at timestamptz, created_at timestamptz,
  source uuid, partition_key text, consumer text, headers jsonb, payload jsonb)
returns bytea
language sql
immutable
parallel safe
as $$
  -- RFC 6962 leaf: SHA-256 of 0x00 and the encoding. Times in UTC with
  -- microseconds, JSON as PostgreSQL prints jsonb (exact numbers, keys in
  -- jsonb's order), so the bytes are the ones an export shows.
  select pg_catalog.sha256('\x00'::bytea
    || lib_event.leaf_field(event__id::text)
    || lib_event.leaf_field(event_type)
    || lib_event.leaf_field(lib_event.utc_text(occurred_at))
    || lib_event.leaf_field(lib_event.utc_text(created_at))
    || lib_event.leaf_field(source::text)
    || lib_event.leaf_field(partition_key)
    || lib_event.leaf_field(consumer)
    || lib_event.leaf_field(headers::text)
    || lib_event.leaf_field(payload::text));
$$;
comment on function lib_event.leaf_hash(uuid, text, timestamptz, timestamptz, uuid, text, text, jsonb, jsonb) is
  'The leaf hash of an event (README: The verifiable log): SHA-256 of 0x00 followed by each field, length-prefixed, in column order.';

create table lib_event.log_entry (
  position     bigint not null,
  event__id    uuid not null,
  leaf_hash    bytea not null,
  sequenced_at timestamptz not null default pg_catalog.now(),
  constraint log_entry_pkey primary key (position),
  constraint log_entry_event__id_key unique (event__id),
  constraint log_entry_position_positive check (position >= 1),
  constraint log_entry_leaf_hash_is_sha256 check (pg_catalog.length(leaf_hash) = 32)
);
comment on table lib_event.log_entry is
  'Each sequenced event''s place in the log: its position (dense from 1, in follow order) and its leaf hash. Written only by lib_event.sequence_events.';
comment on column lib_event.log_entry.position is 'The event''s position: 1, 2, 3, ... with no gap and no reuse; leaf index position - 1 in the Merkle tree.';
comment on column lib_event.log_entry.event__id is 'The event.';
comment on column lib_event.log_entry.leaf_hash is 'lib_event.leaf_hash of the event as it was sequenced.';
comment on column lib_event.log_entry.sequenced_at is 'When the sequencer placed it.';

create table lib_event.merkle_node (
  level  smallint not null,
  index  bigint not null,
  hash   bytea not null,
  constraint merkle_node_pkey primary key (level, index),
  constraint merkle_node_level check (level between 1 and 62)
);
comment on table lib_event.merkle_node is
  'The complete subtrees of the Merkle tree above the leaves: node (level, index) covers leaves index * 2^level to (index + 1) * 2^level - 1.';
comment on column lib_event.merkle_node.level is 'Height above the leaves (1 = a hash of two leaves).';
comment on column lib_event.merkle_node.index is 'Position of the node within its level, from 0.';
comment on column lib_event.merkle_node.hash is 'SHA-256 of 0x01, the left child''s hash and the right child''s hash (RFC 6962).';

create table lib_event.log_key (
  key_id     text collate "C" not null,
  public_key text not null,
  created_at timestamptz not null default pg_catalog.now(),
  constraint log_key_pkey primary key (key_id)
);
comment on table lib_event.log_key is 'The Ed25519 public keys checkpoints are signed with (PEM, SubjectPublicKeyInfo).';
comment on column lib_event.log_key.key_id is 'The first 16 hex digits of the SHA-256 of the public key''s DER bytes.';
comment on column lib_event.log_key.public_key is 'The public key, PEM.';
comment on column lib_event.log_key.created_at is 'When it was first used.';

create table lib_event.log_checkpoint (
  tree_size  bigint not null,
  root_hash  bytea not null,
  signed_at  timestamptz not null,
  key_id     text collate "C" not null,
  signature  bytea not null,
  constraint log_checkpoint_pkey primary key (tree_size),
  constraint log_checkpoint_key foreign key (key_id) references lib_event.log_key (key_id),
  constraint log_checkpoint_root_is_sha256 check (pg_catalog.length(root_hash) = 32)
);
comment on table lib_event.log_checkpoint is
  'Signed tree heads: the root of the Merkle tree of the first tree_size events, signed by the sequencer.';
comment on column lib_event.log_checkpoint.tree_size is 'How many events the tree holds (positions 1 to tree_size).';
comment on column lib_event.log_checkpoint.root_hash is 'The Merkle tree hash (RFC 6962 MTH) of their leaves.';
comment on column lib_event.log_checkpoint.signed_at is 'When it was signed (part of the signed text).';
comment on column lib_event.log_checkpoint.key_id is 'The key that signed it (lib_event.log_key).';
comment on column lib_event.log_checkpoint.signature is 'Ed25519 signature of lib_event.checkpoint_text(tree_size, root_hash, signed_at).';

-- The log's own tables refuse change like the events do.
create function lib_event.refuse_change()
returns trigger
language plpgsql
as $$
begin
  raise exception using
    errcode = 'LE009',
    message = pg_catalog.format('the verifiable log is append-only: %s of lib_event.%s is refused', tg_op, tg_table_name),
    hint = 'Positions, tree nodes and checkpoints are only ever added, by the sequencer.';
end
$$;
comment on function lib_event.refuse_change() is 'Trigger function: refuses every UPDATE or DELETE of the log''s positions, tree nodes and checkpoints.';

create trigger log_entry_refuse_update before update or delete on lib_event.log_entry
  for each statement execute function lib_event.refuse_change();
comment on trigger log_entry_refuse_update on lib_event.log_entry is 'Positions are never changed or removed.';
create trigger merkle_node_refuse_update before update or delete on lib_event.merkle_node
  for each statement execute function lib_event.refuse_change();
comment on trigger merkle_node_refuse_update on lib_event.merkle_node is 'Tree nodes are never changed or removed.';
create trigger log_checkpoint_refuse_update before update or delete on lib_event.log_checkpoint
  for each statement execute function lib_event.refuse_change();
comment on trigger log_checkpoint_refuse_update on lib_event.log_checkpoint is 'Checkpoints are never changed or removed.';

create function lib_event.tree_node(level integer, index bigint)
returns bytea
language sql
stable
set search_path = ''
as $$
  select case when level = 0
              then (select l.leaf_hash from lib_event.log_entry l where l.position = index + 1)
              else (select n.hash from lib_event.merkle_node n where n.level = tree_node.level and n.index = tree_node.index) end;
$$;
comment on function lib_event.tree_node(integer, bigint) is
  'The hash of a complete subtree: a leaf (level 0) or a stored node.';

create function lib_event.subtree_hash(start bigint, stop bigint)
returns bytea
language plpgsql
stable
set search_path = ''
as $$
declare
  width bigint := stop - start;
  split bigint := 1;
begin
  -- RFC 6962 MTH of leaves start .. stop - 1. A complete, aligned subtree
  -- is stored; otherwise split at the largest power of two below the width.
  if width = 0 then
    return pg_catalog.sha256(''::bytea);
  end if;
  if width & (width - 1) = 0 and start % width = 0 then
    return lib_event.tree_node(length(pg_catalog.ltrim(width::bit(64)::text, '0')) - 1, start / width);
  end if;
  while split * 2 < width loop
    split := split * 2;
  end loop;
  return pg_catalog.sha256('\x01'::bytea || lib_event.subtree_hash(start, start + split) || lib_event.subtree_hash(start + split, stop));
end
$$;
comment on function lib_event.subtree_hash(bigint, bigint) is
  'The RFC 6962 Merkle tree hash of the leaves at indexes start to stop - 1, from stored complete subtrees.';

create function lib_event.tree_root(tree_size bigint)
returns bytea
language sql
stable
set search_path = ''
as $$
  select lib_event.subtree_hash(0, tree_size);
$$;
comment on function lib_event.tree_root(bigint) is 'The Merkle tree hash of the first tree_size events.';

create function lib_event.tree_size()
returns bigint
language sql
stable
set search_path = ''
as $$
  select coalesce((select l.position from lib_event.log_entry l order by l.position desc limit 1), 0);
$$;
comment on function lib_event.tree_size() is 'How many events are sequenced.';

create function lib_event.add_tree_nodes(old_size bigint, new_size bigint)
returns void
language plpgsql
set search_path = ''
as $$
begin
  -- Each level gains the complete nodes the new leaves finish: one
  -- statement per level, each new node's two children found by primary key.
  insert into lib_event.merkle_node (level, index, hash)
  select 1, i, pg_catalog.sha256('\x01'::bytea || l.leaf_hash || r.leaf_hash)
    from pg_catalog.generate_series(old_size >> 1, (new_size >> 1) - 1) i
    join lib_event.log_entry l on l.position = 2 * i + 1
    join lib_event.log_entry r on r.position = 2 * i + 2;
  for lvl in 2 .. 62 loop
    exit when (new_size >> lvl) = 0;
    insert into lib_event.merkle_node (level, index, hash)
    select lvl, i, pg_catalog.sha256('\x01'::bytea || l.hash || r.hash)
      from pg_catalog.generate_series(old_size >> lvl, (new_size >> lvl) - 1) i
      join lib_event.merkle_node l on l.level = lvl - 1 and l.index = 2 * i
      join lib_event.merkle_node r on r.level = lvl - 1 and r.index = 2 * i + 1;
  end loop;
end
$$;
comment on function lib_event.add_tree_nodes(bigint, bigint) is
  'Store the complete subtrees that leaves old_size to new_size - 1 complete, level by level.';

create function lib_event.sequence_events(max integer default 1000)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  last record;
  old_size bigint;
  added integer;
begin
  -- One sequencer at a time, whoever calls: positions stay dense.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('lib_event.sequence_events'));
  select l.position, e.xact_id, e.event__id into last
    from lib_event.log_entry l join lib_event.event e on e.event__id = l.event__id
   order by l.position desc limit 1;
  old_size := coalesce(last.position, 0);
  insert into lib_event.log_entry (position, event__id, leaf_hash)
  select old_size + pg_catalog.row_number() over (order by f.xact_id, f.event__id), f.event__id,
         lib_event.leaf_hash(f.event__id, f.event_type, f.occurred_at, f.created_at, f.source,
                             f.partition_key, f.consumer, f.headers, f.payload)
    from lib_event.follow_after(coalesce(last.xact_id, '0'::xid8),
                                coalesce(last.event__id, '00000000-0000-0000-0000-000000000000'::uuid), max) f;
  get diagnostics added = row_count;
  perform lib_event.add_tree_nodes(old_size, old_size + added);
  return added;
end
$$;
comment on function lib_event.sequence_events(integer) is
  'Give the next committed events (at most max) their positions and leaf hashes, in follow''s order, and grow the tree; returns how many. One caller at a time; the sequencer process calls it.';

create function lib_event.checkpoint_text(tree_size bigint, root_hash bytea, signed_at timestamptz)
returns text
language sql
immutable
set search_path = ''
as $$
  select pg_catalog.format(E'lib_event checkpoint v1\ntree_size %s\nroot %s\ntime %s\n',
    tree_size, pg_catalog.encode(root_hash, 'hex'), lib_event.utc_text(signed_at));
$$;
comment on function lib_event.checkpoint_text(bigint, bytea, timestamptz) is
  'The text a checkpoint''s signature covers (UTF-8): four lines, "lib_event checkpoint v1", "tree_size N", "root <hex>", "time <UTC>".';

create function lib_event.add_checkpoint(tree_size bigint, signed_at timestamptz, public_key text, key_id text, signature bytea)
returns bytea
language plpgsql
security definer
set search_path = ''
as $$
declare
  root bytea := lib_event.tree_root(tree_size);
begin
  insert into lib_event.log_key (key_id, public_key) values (key_id, public_key) on conflict do nothing;
  insert into lib_event.log_checkpoint (tree_size, root_hash, signed_at, key_id, signature)
  values (tree_size, root, signed_at, key_id, signature);
  return root;
end
$$;
comment on function lib_event.add_checkpoint(bigint, timestamptz, text, text, bytea) is
  'Store a signed checkpoint (the sequencer signed lib_event.checkpoint_text of this size, lib_event.tree_root and time).';

create view lib_events.checkpoints as
  select c.tree_size, pg_catalog.encode(c.root_hash, 'hex') as root_hash, c.signed_at, c.key_id,
         pg_catalog.encode(c.signature, 'base64') as signature,
         lib_event.checkpoint_text(c.tree_size, c.root_hash, c.signed_at) as signed_text
    from lib_event.log_checkpoint c;
comment on view lib_events.checkpoints is
  'Signed checkpoints of the log (README: The verifiable log): keep copies elsewhere; npm run verify checks the log against them.';
comment on column lib_events.checkpoints.tree_size is 'How many events the signed tree holds.';
comment on column lib_events.checkpoints.root_hash is 'The Merkle tree hash of positions 1 to tree_size, hex.';
comment on column lib_events.checkpoints.signed_at is 'When it was signed.';
comment on column lib_events.checkpoints.key_id is 'The signing key (see log_keys).';
comment on column lib_events.checkpoints.signature is 'Ed25519 signature of signed_text, base64.';
comment on column lib_events.checkpoints.signed_text is 'The exact text signed (UTF-8).';

create view lib_events.log_keys as
  select k.key_id, k.public_key, k.created_at from lib_event.log_key k;
comment on view lib_events.log_keys is 'The public keys checkpoints are signed with: an auditor keeps a copy of the key it trusts.';
comment on column lib_events.log_keys.key_id is 'The key''s id, as checkpoints name it.';
comment on column lib_events.log_keys.public_key is 'Ed25519 public key, PEM.';
comment on column lib_events.log_keys.created_at is 'When it was first used.';

grant select on lib_events.checkpoints, lib_events.log_keys to lib_event_reader;

revoke all on function lib_event.refuse_change() from public;
revoke all on function lib_event.leaf_field(text) from public;
revoke all on function lib_event.leaf_hash(uuid, text, timestamptz, timestamptz, uuid, text, text, jsonb, jsonb) from public;
revoke all on function lib_event.tree_node(integer, bigint) from public;
revoke all on function lib_event.subtree_hash(bigint, bigint) from public;
revoke all on function lib_event.tree_root(bigint) from public;
revoke all on function lib_event.tree_size() from public;
revoke all on function lib_event.add_tree_nodes(bigint, bigint) from public;
revoke all on function lib_event.sequence_events(integer) from public;
revoke all on function lib_event.checkpoint_text(bigint, bytea, timestamptz) from public;
revoke all on function lib_event.add_checkpoint(bigint, timestamptz, text, text, bytea) from public;
grant execute on function lib_event.checkpoint_text(bigint, bytea, timestamptz) to lib_event_reader;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
