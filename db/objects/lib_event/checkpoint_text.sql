-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.checkpoint_text(tree_size bigint, root_hash bytea, signed_at timestamp with time zone)
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select pg_catalog.format(E'lib_event checkpoint v1\ntree_size %s\nroot %s\ntime %s\n',
    tree_size, pg_catalog.encode(root_hash, 'hex'), lib_event.utc_text(signed_at));
$function$;

comment on function lib_event.checkpoint_text(bigint,bytea,timestamp with time zone) is 'The text a checkpoint''s signature covers (UTF-8): four lines, "lib_event checkpoint v1", "tree_size N", "root <hex>", "time <UTC>".';

grant execute on function lib_event.checkpoint_text(bigint,bytea,timestamp with time zone) to lib_event_reader;
grant execute on function lib_event.checkpoint_text(bigint,bytea,timestamp with time zone) to lib_event_sequencer;
