-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.proof_bundle(leaf_index bigint, tree_size bigint, leaf_hash bytea)
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select pg_catalog.format(E'c2sp.org/tlog-proof@v1\nextra %s\nindex %s\n%s\n%s',
           pg_catalog.encode(leaf_hash, 'base64'), leaf_index,
           (select pg_catalog.string_agg(pg_catalog.encode(h, 'base64') || E'\n', '' order by n)
              from pg_catalog.unnest(lib_event.inclusion_path(leaf_index, 0, tree_size)) with ordinality p(h, n)),
           note)
    from (select lib_event.checkpoint_note(tree_size) as note) c
   where c.note is not null;
$function$;

comment on function lib_event.proof_bundle(bigint,bigint,bytea) is 'An inclusion proof as an offline bundle (c2sp.org/tlog-proof@v1): the extra line holds the leaf hash, then the leaf index, the audit path (base64, nearest sibling first), a blank line and the checkpoint note of tree_size; null when that checkpoint is not a C2SP note.';
