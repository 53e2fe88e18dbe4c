-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_events.inclusion_proof(event__id uuid, tree_size bigint DEFAULT NULL::bigint)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  size bigint := coalesce(tree_size, (select pg_catalog.max(c.tree_size) from lib_event.log_checkpoint c));
  entry lib_event.log_entry;
begin
  select * into entry from lib_event.log_entry l where l.event__id = inclusion_proof.event__id;
  if not found then
    if not exists (select from lib_event.visible_event e where e.event__id = inclusion_proof.event__id) then
      raise exception using
        errcode = 'PT404',
        message = pg_catalog.format('no event %s', inclusion_proof.event__id),
        hint = 'Pass the event__id of a recorded event (the receipt of create gives it).';
    end if;
    raise exception using
      errcode = 'LE071',
      message = pg_catalog.format('event %s is not sequenced', inclusion_proof.event__id),
      hint = 'An event gets its position moments after it is recorded; ask again shortly.';
  end if;
  -- A scoped key proves only the events it may read: any other is, for
  -- it, no event (the policy on lib_event.event hides its row).
  if lib_event.read_scoped()
     and not exists (select from lib_event.visible_event e where e.event__id = inclusion_proof.event__id) then
    raise exception using
      errcode = 'PT404',
      message = pg_catalog.format('no event %s', inclusion_proof.event__id),
      hint = 'Pass the event__id of a recorded event your API key may read.';
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
               from pg_catalog.unnest(lib_event.inclusion_path(entry.position - 1, 0, size)) with ordinality p(h, n)),
    'bundle', lib_event.proof_bundle(entry.position - 1, size, entry.leaf_hash),
    'leaf', (select pg_catalog.jsonb_build_object(
               'format', case when e.content_commitment is null then 1 else 2 end,
               'content_salt', pg_catalog.encode(e.content_salt, 'hex'),
               'content_commitment', pg_catalog.encode(e.content_commitment, 'hex'),
               'erased_at', e.erased_at)
               from lib_event.visible_event e where e.event__id = entry.event__id));
end
$function$;

comment on function lib_events.inclusion_proof(uuid,bigint) is 'Proof that an event is in the log''s tree of tree_size events (default: the latest checkpoint): its leaf hash, leaf index and audit path (RFC 6962, hex, nearest sibling first). Check it against a signed checkpoint of that size; npm run verify -- --proof does. An id the log does not hold, or (for a scoped API key) an event outside the key''s scope: PT404 (HTTP 404); recorded but not sequenced yet, or after that tree: LE071; a size the log does not have: LE070.

bundle: the same proof as an offline bundle (c2sp.org/tlog-proof@v1; its extra line holds the leaf hash) with the checkpoint note of tree_size and its cosignatures, which npm run verify -- --proof and any tlog-proof verifier check with the log''s vkey alone; null when no C2SP checkpoint has that size (ask with the tree_size of one).

leaf: what recomputing the leaf from the event takes besides its content (db/verifiable-log.md): format 1 or 2, and for format 2 the event''s salt and salted commitment (hex); erased_at once erased (the salt is then null and the leaf follows from the commitment). The salt is given only to a key that may read the event''s content.';

grant execute on function lib_events.inclusion_proof(uuid,bigint) to lib_event_reader;
