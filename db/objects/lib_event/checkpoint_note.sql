-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.checkpoint_note(tree_size bigint)
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select lib_event.checkpoint_body(c.origin, c.tree_size, c.root_hash) || E'\n'
      || lib_event.signature_line(c.origin, lib_event.note_key_id(c.origin, '\x01', lib_event.ed25519_key_bytes(k.public_key)), c.signature)
      || coalesce((select pg_catalog.string_agg(lib_event.signature_line(w.witness, w.key_id, w.signature), '' order by w.witness, w.key_id)
                     from lib_event.checkpoint_cosignature w where w.tree_size = c.tree_size), '')
    from lib_event.log_checkpoint c
    join lib_event.log_key k on k.key_id = c.key_id
   where c.tree_size = checkpoint_note.tree_size and c.origin is not null;
$function$;

comment on function lib_event.checkpoint_note(bigint) is 'The C2SP checkpoint of tree_size as a signed note: its text, a blank line, the log''s signature line and the witnesses'' cosignature lines; null for a v1 checkpoint.';

grant execute on function lib_event.checkpoint_note(bigint) to lib_event_reader;
grant execute on function lib_event.checkpoint_note(bigint) to lib_event_sequencer;
