-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.add_checkpoint(tree_size bigint, signed_at timestamp with time zone, public_key text, key_id text, signature bytea)
 RETURNS bytea
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  root bytea := lib_event.tree_root(tree_size);
begin
  insert into lib_event.log_key (key_id, public_key) values (key_id, public_key) on conflict do nothing;
  insert into lib_event.log_checkpoint (tree_size, root_hash, signed_at, key_id, signature)
  values (tree_size, root, signed_at, key_id, signature);
  return root;
end
$function$;

comment on function lib_event.add_checkpoint(bigint,timestamp with time zone,text,text,bytea) is 'Store a signed checkpoint (the sequencer signed lib_event.checkpoint_text of this size, lib_event.tree_root and time).';

grant execute on function lib_event.add_checkpoint(bigint,timestamp with time zone,text,text,bytea) to lib_event_sequencer;

CREATE OR REPLACE FUNCTION lib_event.add_checkpoint(tree_size bigint, signed_at timestamp with time zone, public_key text, key_id text, signature bytea, origin text)
 RETURNS bytea
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  root bytea := lib_event.tree_root(tree_size);
begin
  perform lib_event.log_origin(origin);
  insert into lib_event.log_key (key_id, public_key) values (key_id, public_key) on conflict do nothing;
  insert into lib_event.log_checkpoint (tree_size, root_hash, signed_at, key_id, signature, origin)
  values (tree_size, root, signed_at, key_id, signature, origin);
  return root;
end
$function$;

comment on function lib_event.add_checkpoint(bigint,timestamp with time zone,text,text,bytea,text) is 'Store a signed C2SP checkpoint: the sequencer signed lib_event.checkpoint_body(origin, tree_size, lib_event.tree_root(tree_size)).

The origin must be the log''s (lib_event.log_origin: LE073 otherwise).';

grant execute on function lib_event.add_checkpoint(bigint,timestamp with time zone,text,text,bytea,text) to lib_event_sequencer;
