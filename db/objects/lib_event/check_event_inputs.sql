-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_event_inputs(events lib_event.event_input[], recorded_at timestamp with time zone)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  how_many integer := coalesce(pg_catalog.cardinality(events), 0);
  position integer := 0;
  item lib_event.event_input;
  keyed boolean := false;
  failed_code text;
  failed_message text;
  failed_detail text;
  failed_hint text;
begin
  -- The lib_event. prefix, of event types and of partition keys, is the
  -- log's own (its lifecycle events, which readers trust under the partition
  -- key lib_event.partitions): only lib_event.record_lifecycle_event, which
  -- seals this transaction for it, records under it.
  if exists (select from pg_catalog.unnest(events) e
              where pg_catalog.lower(e.event_type) like 'lib\_event.%'
                 or pg_catalog.lower(e.partition_key) like 'lib\_event.%')
     and pg_catalog.current_setting('lib_event.lifecycle_seal', true)
         is distinct from lib_event.consumer_seal(' lifecycle event') then
    perform lib_event.count_refusal('LE085');
    raise exception using
      errcode = 'LE085',
      message = 'event types and partition keys starting lib_event. are reserved for the log''s own lifecycle events',
      detail = (select pg_catalog.format('event_type %L, partition_key %L', e.event_type, e.partition_key)
                  from pg_catalog.unnest(events) e
                 where pg_catalog.lower(e.event_type) like 'lib\_event.%'
                    or pg_catalog.lower(e.partition_key) like 'lib\_event.%'
                 limit 1),
      hint = 'Name your events after your own service (<service>.<resourceType>.<verb_past_tense>) and choose a partition_key that does not start with lib_event.';
  end if;
  if how_many = 1 then
    -- One event: no need to say which one failed, so no exception block
    -- (and no subtransaction) on the path every create takes.
    perform lib_event.check_event_input(events[1], recorded_at);
    return (events[1]).idempotency_key is not null;
  end if;
  begin
    foreach item in array coalesce(events, '{}') loop
      position := position + 1;
      perform lib_event.check_event_input(item, recorded_at);
      keyed := keyed or item.idempotency_key is not null;
    end loop;
  exception when others then
    -- In a batch, say which event failed; the code stays the same.
    get stacked diagnostics
      failed_code = returned_sqlstate, failed_message = message_text,
      failed_detail = pg_exception_detail, failed_hint = pg_exception_hint;
    raise exception using
      errcode = failed_code,
      message = pg_catalog.format('event %s of %s: %s', position, how_many, failed_message),
      detail = failed_detail,
      hint = failed_hint;
  end;
  return keyed;
end
$function$;

comment on function lib_event.check_event_inputs(lib_event.event_input[],timestamp with time zone) is 'Check every event of a batch with lib_event.check_event_input (in a batch of several the message says which event failed); true when any carries an idempotency key.';
