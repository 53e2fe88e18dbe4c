-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_events.request_checkpoint()
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
  perform lib_event.check_write_request();
  perform pg_catalog.pg_notify('lib_event.checkpoint_requested', '');
  return lib_event.tree_size();
end
$function$;

comment on function lib_events.request_checkpoint() is 'Ask the sequencer for a signed checkpoint now; returns how many events the log holds.

The sequencer signs one as soon as it has placed the events committed so far
(a second or so; requests are served at most once a second), so a checkpoint
with a tree_size of at least the answer appears in GET /checkpoints. The
signature needs the sequencer''s key, which the database never sees: nothing
is signed when no sequencer runs. POST /rpc/request_checkpoint.';

grant execute on function lib_events.request_checkpoint() to lib_event_reader;
