-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_events.event_payload(event__id uuid)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  found_payload jsonb;
begin
  select e.payload into found_payload from lib_event.visible_event e where e.event__id = event_payload.event__id;
  if not found then
    raise exception using
      errcode = 'PT404',
      message = pg_catalog.format('no event %s', event__id),
      hint = 'Pass the event__id of a recorded event.';
  end if;
  return found_payload;
end
$function$;

comment on function lib_events.event_payload(uuid) is 'The payload of one event, whatever its size: how a reader gets a payload that pages defer.

Pages of follow, find and the events view leave out payloads over 256 KiB of
JSON text (payload_deferred, with payload_size and payload_sha256); this
returns the payload itself. GET /rpc/event_payload?event__id=<id>. An unknown
id, or an event outside the API key''s scope: PT404 (HTTP 404).';

grant execute on function lib_events.event_payload(uuid) to lib_event_bridge;
grant execute on function lib_events.event_payload(uuid) to lib_event_reader;
