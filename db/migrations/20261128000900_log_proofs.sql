-- migrate:up

-- Proofs through the API, RFC 6962 / RFC 9162 style: that one event is in
-- the tree a checkpoint signed (inclusion), and that a later checkpoint's
-- tree extends an earlier one's without changing it (consistency).

set role lib_event_owner;

create function lib_event.largest_power_below(n bigint)
returns bigint
language sql
immutable
parallel safe
set search_path = ''
as $$
  -- The largest power of two strictly below n (n >= 2): where RFC 6962 splits.
  select (1::bigint << (length(pg_catalog.ltrim((n - 1)::bit(64)::text, '0')) - 1));
$$;
comment on function lib_event.largest_power_below(bigint) is 'The largest power of two below n (n at least 2): the split point of RFC 6962''s tree.';

create function lib_event.inclusion_path(leaf bigint, start bigint, stop bigint)
returns bytea[]
language plpgsql
stable
set search_path = ''
as $$
declare
  split bigint;
begin
  -- RFC 6962 2.1.1 PATH(m, D[start:stop]), from the leaf up.
  if stop - start <= 1 then
    return '{}';
  end if;
  split := start + lib_event.largest_power_below(stop - start);
  if leaf < split then
    return lib_event.inclusion_path(leaf, start, split) || lib_event.subtree_hash(split, stop);
  end if;
  return lib_event.inclusion_path(leaf, split, stop) || lib_event.subtree_hash(start, split);
end
$$;
comment on function lib_event.inclusion_path(bigint, bigint, bigint) is
  'The audit path of leaf index `leaf` in the tree of leaves start to stop - 1 (RFC 6962 PATH), nearest sibling first.';

create function lib_event.consistency_path(first_size bigint, start bigint, stop bigint, whole boolean)
returns bytea[]
language plpgsql
stable
set search_path = ''
as $$
declare
  split bigint;
begin
  -- RFC 6962 2.1.2 SUBPROOF(m, D[start:stop], b), m counted from start.
  if first_size = stop - start then
    return case when whole then '{}'::bytea[] else array[lib_event.subtree_hash(start, stop)] end;
  end if;
  split := lib_event.largest_power_below(stop - start);
  if first_size <= split then
    return lib_event.consistency_path(first_size, start, start + split, whole) || lib_event.subtree_hash(start + split, stop);
  end if;
  return lib_event.consistency_path(first_size - split, start + split, stop, false) || lib_event.subtree_hash(start, start + split);
end
$$;
comment on function lib_event.consistency_path(bigint, bigint, bigint, boolean) is
  'RFC 6962 SUBPROOF of the first first_size leaves within leaves start to stop - 1.';

create function lib_event.check_tree_size(tree_size bigint, what text)
returns bigint
language plpgsql
stable
set search_path = ''
as $$
declare
  sequenced bigint := lib_event.tree_size();
begin
  if tree_size is null or tree_size < 1 or tree_size > sequenced then
    raise exception using
      errcode = 'LE070',
      message = pg_catalog.format('%s %s is not a size of the log, which holds %s sequenced events', what, coalesce(tree_size::text, 'null'), sequenced),
      hint = 'Ask for the tree_size of a checkpoint (GET /checkpoints).';
  end if;
  return tree_size;
end
$$;
comment on function lib_event.check_tree_size(bigint, text) is 'LE070 unless a tree size is between 1 and the number of sequenced events.';

create function lib_events.inclusion_proof(event__id uuid, tree_size bigint default null)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size bigint := coalesce(tree_size, (select pg_catalog.max(c.tree_size) from lib_event.log_checkpoint c));
  entry lib_event.log_entry;
begin
  select * into entry from lib_event.log_entry l where l.event__id = inclusion_proof.event__id;
  if not found then
    raise exception using
      errcode = 'LE071',
      message = pg_catalog.format('event %s is not sequenced', inclusion_proof.event__id),
      hint = 'An event gets its position moments after it is recorded; ask again shortly.';
  end if;
  perform lib_event.check_tree_size(size, 'tree_size');
  if entry.position > size then
    raise exception using
      errcode = 'LE071',
      message = pg_catalog.format('event %s is at position %s, after the tree of size %s', inclusion_proof.event__id, entry.position, size),
      hint = 'Ask against a later checkpoint.';
  end if;
  return pg_catalog.jsonb_build_object(
    'event__id', entry.event__id, 'position', entry.position, 'leaf_index', entry.position - 1, 'tree_size', size,
    'leaf_hash', pg_catalog.encode(entry.leaf_hash, 'hex'),
    'root_hash', pg_catalog.encode(lib_event.tree_root(size), 'hex'),
    'path', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.encode(h, 'hex') order by n), '[]')
               from pg_catalog.unnest(lib_event.inclusion_path(entry.position - 1, 0, size)) with ordinality p(h, n)));
end
$$;
comment on function lib_events.inclusion_proof(uuid, bigint) is
  'Proof that an event is in the log''s tree of tree_size events (default: the latest checkpoint): its leaf hash, leaf index and audit path (RFC 6962, hex, nearest sibling first). Check it against a signed checkpoint of that size; npm run verify -- --proof does. Not sequenced yet, or after that tree: LE071; a size the log does not have: LE070.';

create function lib_events.consistency_proof(first_size bigint, second_size bigint default null)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  second bigint := coalesce(second_size, (select pg_catalog.max(c.tree_size) from lib_event.log_checkpoint c));
begin
  perform lib_event.check_tree_size(second, 'second_size');
  perform lib_event.check_tree_size(first_size, 'first_size');
  if first_size > second then
    raise exception using
      errcode = 'LE070',
      message = pg_catalog.format('first_size %s is larger than second_size %s', first_size, second),
      hint = 'Ask for the proof from the earlier checkpoint to the later one.';
  end if;
  return pg_catalog.jsonb_build_object(
    'first_size', first_size, 'second_size', second,
    'first_root', pg_catalog.encode(lib_event.tree_root(first_size), 'hex'),
    'second_root', pg_catalog.encode(lib_event.tree_root(second), 'hex'),
    'path', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.encode(h, 'hex') order by n), '[]')
               from pg_catalog.unnest(case when first_size = second then '{}'::bytea[]
                                           else lib_event.consistency_path(first_size, 0, second, true) end) with ordinality p(h, n)));
end
$$;
comment on function lib_events.consistency_proof(bigint, bigint) is
  'Proof that the log''s tree of second_size events (default: the latest checkpoint) extends the tree of first_size events unchanged (RFC 6962 consistency proof, hex). Check it against two signed checkpoints; sizes the log does not have: LE070.';

revoke all on function lib_event.largest_power_below(bigint) from public;
revoke all on function lib_event.inclusion_path(bigint, bigint, bigint) from public;
revoke all on function lib_event.consistency_path(bigint, bigint, bigint, boolean) from public;
revoke all on function lib_event.check_tree_size(bigint, text) from public;
revoke all on function lib_events.inclusion_proof(uuid, bigint) from public;
revoke all on function lib_events.consistency_proof(bigint, bigint) from public;
grant execute on function lib_events.inclusion_proof(uuid, bigint) to lib_event_reader;
grant execute on function lib_events.consistency_proof(bigint, bigint) to lib_event_reader;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
