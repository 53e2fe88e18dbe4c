-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_event_inputs(events lib_event.event_input[], recorded_at timestamp with time zone)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE
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
