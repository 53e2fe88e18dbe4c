-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.sweep_new_cluster(scan integer, OUT added integer, OUT more boolean)
 RETURNS record
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  cursor_row lib_event.sequencer_cursor;
  ids uuid[];
begin
  select * into cursor_row from lib_event.sequencer_cursor;
  if cursor_row.sweep_fence is null then
    update lib_event.sequencer_cursor
       set sweep_fence = pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot()),
           swept_to = '00000000-0000-0000-0000-000000000000', moved_at = pg_catalog.now()
    returning * into cursor_row;
  end if;
  select pg_catalog.array_agg(s.event__id order by s.event__id) into ids
    from (select e.event__id from lib_event.event e where e.event__id > cursor_row.swept_to
           order by e.event__id limit scan) s;
  more := coalesce(pg_catalog.cardinality(ids), 0) = scan;
  if more then
    update lib_event.sequencer_cursor set swept_to = ids[scan], moved_at = pg_catalog.now();
  else
    -- Swept to the end: walk on from the fence, in this cluster's ids.
    update lib_event.sequencer_cursor
       set system_identifier = lib_event.system_identifier(), xact_id = cursor_row.sweep_fence,
           event__id = '00000000-0000-0000-0000-000000000000', sweep_fence = null, swept_to = null,
           moved_at = pg_catalog.now();
  end if;
  added := lib_event.append_to_log(coalesce(ids, '{}'));
end
$function$;

comment on function lib_event.sweep_new_cluster(integer) is 'One page (scan event ids) of the sweep that follows a move to a new cluster: sequences the committed events not in the log yet, in id order; more is false once it reached the end. Called by lib_event.sequence_events.';
