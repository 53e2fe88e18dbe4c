-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.checkpoint_position(checkpoint text, OUT xact_id xid8, OUT event__id uuid)
 RETURNS record
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE
AS $function$
begin
  -- No checkpoint: the very beginning of the log.
  if checkpoint is null or checkpoint = '' then
    xact_id := '0'::xid8;
    event__id := '00000000-0000-0000-0000-000000000000'::uuid;
    return;
  end if;
  if checkpoint !~ '^[0-9]{1,20}/[0-9a-fA-F-]{32,36}$'
     or not pg_catalog.pg_input_is_valid(pg_catalog.split_part(checkpoint, '/', 1), 'xid8')
     or not pg_catalog.pg_input_is_valid(pg_catalog.split_part(checkpoint, '/', 2), 'uuid') then
    raise exception using
      errcode = 'LE030',
      message = pg_catalog.format('checkpoint %L is not a follow checkpoint',
        pg_catalog.left(checkpoint, 100) || case when pg_catalog.length(checkpoint) > 100 then '...' else '' end),
      hint = 'Pass the checkpoint of the last event you took (<transaction id>/<event id>, as lib_events.follow returns it), or leave it out to start from the beginning.';
  end if;
  xact_id := pg_catalog.split_part(checkpoint, '/', 1)::xid8;
  event__id := pg_catalog.split_part(checkpoint, '/', 2)::uuid;
end
$function$;

comment on function lib_event.checkpoint_position(text) is 'The (xact_id, event__id) position a follow checkpoint names; null or empty is the beginning. Raises LE030 for anything else.';
