-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.follow_after(after_xact_id xid8, after_event__id uuid, max integer)
 RETURNS SETOF lib_event.event
 LANGUAGE sql
 STABLE
AS $function$
  -- One statement, so the horizon and the rows share one snapshot; and
  -- inlinable (plain SQL, no security definer), so callers that only select
  -- the ids never read a payload. Walks event_xact_id_event__id_idx.
  select e.*
    from lib_event.event e
   where (e.xact_id, e.event__id) > (after_xact_id, after_event__id)
     and e.xact_id < pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot())
   order by e.xact_id, e.event__id
   limit max;
$function$;

comment on function lib_event.follow_after(xid8,uuid,integer) is 'At most max events after a position, in (xact_id, event__id) order, none of them from a transaction that might still be running.

Only events with xact_id below the snapshot''s xmin are returned: every
transaction that got its id earlier has ended, so no event can later appear
before the last one returned.';
