-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_events.create_many(jsonb)
 RETURNS SETOF lib_events.event_receipt
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select lib_event.check_write_request();
  select lib_event.check_backlog();
  select r.*
    from lib_event.record_events(lib_event.event_inputs(
           case when pg_catalog.jsonb_typeof($1) = 'object' and $1 ? 'events'
                then $1 -> 'events' else $1 end)) r;
$function$;

comment on function lib_events.create_many(jsonb) is 'Record up to 1000 events in one call, all or nothing; their receipts come back in the order sent.

The body is a JSON array of objects with the arguments of create (event_type,
payload, headers, occurred_at, source, partition_key, idempotency_key), or
{"events": [...]} with such an array. PostgREST passes a plain array only when
every object has the same keys (else 400 PGRST102); the {"events": [...]}
form takes events with different keys. Every event is checked as create
checks it; an error names the event (event 3 of 10: ...) and records nothing.
More than 1000 events: PT413 (HTTP 413). Retries with the same
idempotency_key return the original receipts. Listeners learn every id:
NOTIFY lib_event.created carries the new ids, comma-separated, at most 200 per
notification. Over HTTP the request carries no query parameter but select
(LE081): PostgREST would apply filters, order, limit and offset to the
receipts after the events were recorded.';

grant execute on function lib_events.create_many(jsonb) to lib_event_producer;
