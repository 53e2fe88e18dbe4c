-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.ingest_one_by_one(inputs lib_event.event_input[], input_at integer[], INOUT errors jsonb, OUT ids uuid[])
 RETURNS record
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  recorded uuid;
  failed_state text;
  failed_message text;
  failed_hint text;
begin
  ids := '{}';
  for i in 1 .. coalesce(pg_catalog.cardinality(inputs), 0) loop
    begin
      select r.event__id into recorded from lib_event.record_events(array[inputs[i]]) r;
      ids := ids || recorded;
    exception when others then
      get stacked diagnostics failed_state = returned_sqlstate, failed_message = message_text, failed_hint = pg_exception_hint;
      ids := ids || null::uuid;
      errors := errors || pg_catalog.jsonb_build_object(input_at[i]::text, lib_event.ingest_failure(failed_state, failed_message, failed_hint));
    end;
  end loop;
end
$function$;

comment on function lib_event.ingest_one_by_one(lib_event.event_input[],integer[],jsonb) is 'Valid events that failed together (an idempotency key reused for other content, say), recorded one at a time: their ids, and the errors of those that fail alone.';
