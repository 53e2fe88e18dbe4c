-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.checkpoint_body(origin text, tree_size bigint, root_hash bytea)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select pg_catalog.format(E'%s\n%s\n%s\n', origin, tree_size, pg_catalog.encode(root_hash, 'base64'));
$function$;

comment on function lib_event.checkpoint_body(text,bigint,bytea) is 'The text of a C2SP checkpoint note (c2sp.org/tlog-checkpoint): origin, tree size, base64 root, each ending in a newline.';

grant execute on function lib_event.checkpoint_body(text,bigint,bytea) to lib_event_reader;
grant execute on function lib_event.checkpoint_body(text,bigint,bytea) to lib_event_sequencer;
