-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.add_cosignature(tree_size bigint, witness text, key_id bytea, signature bytea)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  insert into lib_event.checkpoint_cosignature (tree_size, witness, key_id, signature, cosigned_at)
  values (tree_size, witness, key_id, signature,
          pg_catalog.to_timestamp(('x' || pg_catalog.encode(pg_catalog.substr(signature, 1, 8), 'hex'))::bit(64)::bigint))
  on conflict do nothing;
$function$;

comment on function lib_event.add_cosignature(bigint,text,bytea,bytea) is 'Store a witness''s cosignature of the checkpoint of tree_size (the sequencer checked it against the witness''s vkey).';

grant execute on function lib_event.add_cosignature(bigint,text,bytea,bytea) to lib_event_sequencer;
