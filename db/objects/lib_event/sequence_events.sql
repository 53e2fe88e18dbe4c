-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.sequence_events(max integer DEFAULT 1000)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  step record;
begin
  -- One sequencer at a time, whoever calls: positions stay dense.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('lib_event.sequence_events'));
  -- Pages that only meet events already in the log (after a sweep) move the
  -- cursor and add nothing: go on, a bounded number of pages, until some
  -- are new or there is nothing more.
  for page in 1 .. 50 loop
    if (select c.system_identifier from lib_event.sequencer_cursor c) <> lib_event.system_identifier() then
      step := lib_event.sweep_new_cluster(max * 10);
    else
      step := lib_event.walk_log(max);
    end if;
    if step.added > 0 or not step.more then
      return step.added;
    end if;
  end loop;
  return 0;
end
$function$;

comment on function lib_event.sequence_events(integer) is 'Give the next committed events (at most max) their positions and leaf hashes, in follow''s order, and grow the tree; returns how many. In a cluster other than the cursor''s, sweeps first. One caller at a time; the sequencer process calls it.';

grant execute on function lib_event.sequence_events(integer) to lib_event_sequencer;
