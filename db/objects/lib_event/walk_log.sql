-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.walk_log(max integer, OUT added integer, OUT more boolean)
 RETURNS record
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  cursor_row lib_event.sequencer_cursor;
  old_size bigint := lib_event.tree_size();
  scanned integer;
  last_xact_id xid8;
  last_event__id uuid;
begin
  select * into cursor_row from lib_event.sequencer_cursor;
  -- One pass over the page: the events not in the log yet are placed, and
  -- the cursor moves past all of them (a sweep may have placed some).
  with page as materialized (
    select f.xact_id, f.event__id, pg_catalog.row_number() over (order by f.xact_id, f.event__id) as n,
           coalesce(f.leaf_hash,
                    lib_event.leaf_hash(f.event__id, f.event_type, f.occurred_at, f.created_at, f.source,
                                        f.partition_key, f.consumer, f.headers, f.payload)) as leaf_hash
      from lib_event.follow_after(cursor_row.xact_id, cursor_row.event__id, max) f
  ), placed as (
    insert into lib_event.log_entry (position, event__id, leaf_hash)
    select old_size + pg_catalog.row_number() over (order by p.n), p.event__id, p.leaf_hash
      from page p
     where not exists (select from lib_event.log_entry l where l.event__id = p.event__id)
    returning 1
  )
  select (select pg_catalog.count(*) from placed), (select pg_catalog.count(*) from page),
         (select p.xact_id from page p order by p.n desc limit 1), (select p.event__id from page p order by p.n desc limit 1)
    into added, scanned, last_xact_id, last_event__id;
  more := scanned = max;
  if scanned = 0 then
    return;
  end if;
  update lib_event.sequencer_cursor set xact_id = last_xact_id, event__id = last_event__id, moved_at = pg_catalog.now();
  perform lib_event.extend_tree(old_size, added);
end
$function$;

comment on function lib_event.walk_log(integer) is 'One page (at most max events) of the walk in follow order from the sequencer''s cursor: sequences the events not in the log yet; more is true when the page was full. Called by lib_event.sequence_events.';
