-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.find_conditions(event_type text, consumer text, created_from timestamp with time zone, created_to timestamp with time zone, has_cursor boolean)
 RETURNS text[]
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  -- Only the filters given make it into the query, so each call is planned
  -- for its own filters (and partitions) and can use the matching index.
  -- $1..$6 are find's event_type, consumer, created_from, created_to and cursor position.
  select pg_catalog.array_remove(array[
    case when event_type is not null then 'e.event_type = $1' end,
    case when consumer is not null then 'e.consumer = $2' end,
    case when created_from is not null then 'e.created_at >= $3' end,
    case when created_from is not null then 'e.event__id >= lib_event.uuid_floor($3)' end,
    case when created_to is not null then 'e.created_at < $4' end,
    case when created_to is not null then 'e.event__id < lib_event.uuid_floor(lib_event.next_millisecond($4))' end,
    -- The first cursor condition lets an index on created_at bound the scan,
    -- the second the partitions; the third is the exact keyset position.
    case when has_cursor then 'e.created_at <= $5' end,
    case when has_cursor then 'e.event__id < lib_event.uuid_floor(lib_event.next_millisecond($5))' end,
    case when has_cursor then '(e.created_at, e.event__id) < ($5, $6)' end
  ], null);
$function$;

comment on function lib_event.find_conditions(text,text,timestamp with time zone,timestamp with time zone,boolean) is 'The WHERE conditions of one find call: those of the filters given, each time bound also as an event__id bound so partitions are pruned.';
