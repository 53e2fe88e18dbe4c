-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.tally_sequenced(placed integer, took double precision, max integer DEFAULT 10000)
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  tally lib_event.sequencer_tally;
  upto bigint;
begin
  select * into tally from lib_event.sequencer_tally for update;
  upto := least(lib_event.tree_size(), tally.counted_to + max);
  insert into lib_event.event_tally as t (type_prefix, consumer, events)
  select pg_catalog.split_part(e.event_type, '.', 1), e.consumer, pg_catalog.count(*)
    from lib_event.log_entry l
    join lib_event.event e on e.event__id = l.event__id
   where l.position > tally.counted_to and l.position <= upto
   group by 1, 2
  on conflict on constraint event_tally_pkey do update set events = t.events + excluded.events;
  update lib_event.sequencer_tally
     set counted_to = upto,
         batches = batches + case when placed > 0 then 1 else 0 end,
         batch_seconds = batch_seconds + case when placed > 0 then took else 0 end,
         events = events + placed,
         counted_at = pg_catalog.now();
  return upto - tally.counted_to;
end
$function$;

comment on function lib_event.tally_sequenced(integer,double precision,integer) is 'The sequencer''s counters: add a batch it placed (placed: its events, 0 for none; took: its duration in seconds) and count up to max more placed events by type prefix and consumer. Returns how many positions it counted. Called by the sequencer after each batch, outside the batch''s transaction.';

grant execute on function lib_event.tally_sequenced(integer,double precision,integer) to lib_event_sequencer;
