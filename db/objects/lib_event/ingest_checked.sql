-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.ingest_checked(messages jsonb, OUT inputs lib_event.event_input[], OUT input_at integer[], OUT errors jsonb)
 RETURNS record
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  item record;
  input lib_event.event_input;
  failed_state text;
  failed_message text;
  failed_hint text;
begin
  inputs := '{}';
  input_at := '{}';
  errors := '{}';
  for item in select e.m, e.n::integer as n from pg_catalog.jsonb_array_elements(messages) with ordinality e(m, n) order by e.n loop
    begin
      input := (lib_event.event_inputs(pg_catalog.jsonb_build_array(lib_event.ingest_event(item.m))))[1];
      perform lib_event.check_event_input(input, pg_catalog.clock_timestamp());
      inputs := inputs || input;
      input_at := input_at || item.n;
    exception when others then
      get stacked diagnostics failed_state = returned_sqlstate, failed_message = message_text, failed_hint = pg_exception_hint;
      errors := errors || pg_catalog.jsonb_build_object(item.n::text, lib_event.ingest_failure(failed_state, failed_message, failed_hint));
    end;
  end loop;
end
$function$;

comment on function lib_event.ingest_checked(jsonb) is 'Each queued message checked alone: the valid ones as event inputs with their positions, the others'' errors keyed by position.';
