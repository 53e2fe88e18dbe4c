-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.follow_position(cursor text)
 RETURNS bigint
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  position bigint;
  legacy_xact text;
  legacy_id uuid;
  recorded_in xid8;
begin
  -- No cursor: the very beginning of the log.
  if cursor is null or cursor = '' then
    return 0;
  end if;
  if cursor ~ '^[0-9]{1,18}$' then
    position := cursor::bigint;
  elsif cursor ~ '^[0-9]{1,20}/[0-9a-fA-F-]{32,36}$' and pg_catalog.pg_input_is_valid(pg_catalog.split_part(cursor, '/', 2), 'uuid') then
    -- The earlier form names the last event taken; the log holds it in the
    -- same order that form followed.
    legacy_xact := pg_catalog.split_part(cursor, '/', 1);
    legacy_id := pg_catalog.split_part(cursor, '/', 2)::uuid;
    if not pg_catalog.pg_input_is_valid(legacy_xact, 'xid8') then
      raise exception using
        errcode = 'LE033',
        message = pg_catalog.format('cursor %L names transaction %s, past the largest transaction id (18446744073709551615)', cursor, legacy_xact),
        hint = 'Resume from a cursor this log handed out, or leave cursor out to start from the beginning.';
    end if;
    if legacy_id = '00000000-0000-0000-0000-000000000000' then
      return 0;
    end if;
    select e.xact_id into recorded_in from lib_event.event e where e.event__id = legacy_id;
    if recorded_in is not null and recorded_in <> legacy_xact::xid8 then
      raise exception using
        errcode = 'LE033',
        message = pg_catalog.format('cursor %L names event %s in transaction %s, but this log recorded it in transaction %s',
          cursor, legacy_id, legacy_xact, recorded_in),
        hint = 'Resume from a cursor this log handed out, or leave cursor out to start from the beginning.';
    end if;
    select l.position into position from lib_event.log_entry l where l.event__id = legacy_id;
    if position is null and recorded_in is not null then
      return null; -- not sequenced yet: nothing to hand out until it is
    end if;
    if position is null then
      raise exception using
        errcode = 'LE033',
        message = pg_catalog.format('cursor %L names event %s, which this log does not hold', cursor, legacy_id),
        hint = 'Resume from a cursor this log handed out, or leave cursor out to start from the beginning.';
    end if;
  else
    raise exception using
      errcode = 'LE030',
      message = pg_catalog.format('cursor %L is not a follow cursor',
        pg_catalog.left(cursor, 100) || case when pg_catalog.length(cursor) > 100 then '...' else '' end),
      hint = 'Pass the cursor of the last event you took (its log position, as lib_events.follow returns it), or leave it out to start from the beginning.';
  end if;
  if position > lib_event.tree_size() then
    raise exception using
      errcode = 'LE033',
      message = pg_catalog.format('cursor %s is beyond the end of the log, which holds %s events', position, lib_event.tree_size()),
      hint = 'A replica still catching up answers this until it has; otherwise this log is not the one the cursor came from (restored from an older backup?).';
  end if;
  return position;
end
$function$;

comment on function lib_event.follow_position(text) is 'The log position a follow cursor names: a position ("42"), or the earlier "<transaction id>/<event id>" form (the position of that event; null while it is not sequenced yet); null or empty is the beginning (0). Raises LE030 when malformed, LE033 when the log does not hold it (a position past its end, an event it does not have, or a transaction id that did not record that event).';
