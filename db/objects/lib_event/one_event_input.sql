-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.one_event_input(body jsonb)
 RETURNS lib_event.event_input[]
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
begin
  if body is null or pg_catalog.jsonb_typeof(body) <> 'object' then
    perform lib_event.count_refusal('LE082');
    raise exception using
      errcode = 'LE082',
      message = case
        when pg_catalog.jsonb_typeof(body) = 'array' and pg_catalog.jsonb_array_length(body) > 0
          then 'create takes one JSON object, not an array'
        when pg_catalog.jsonb_typeof(body) = 'array'
          then 'create takes one JSON object, not an empty array or a JSON scalar (PostgREST passes 42, null or "text" as [])'
        else pg_catalog.format('create takes one JSON object, not %s', coalesce(pg_catalog.jsonb_typeof(body), 'null')) end,
      detail = 'Nothing was written.',
      hint = 'Send one event as {"event_type": "billing.invoice.paid", "payload": {...}}; several, all or nothing, as an array to /rpc/create_many.';
  end if;
  return lib_event.event_inputs(pg_catalog.jsonb_build_array(body));
end
$function$;

comment on function lib_event.one_event_input(jsonb) is 'The event POST /rpc/create sends, checked as create_many checks each of its events.

lib_event.event_inputs: JSON strings where text goes (LE041), RFC 3339 times (22007), no unknown field (LE008); LE082 for an array, or anything else but a JSON object.';
