-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_events."create"(OUT receipt lib_events.event_receipt, event_type text, payload jsonb DEFAULT NULL::jsonb, headers jsonb DEFAULT '{}'::jsonb, occurred_at timestamp with time zone DEFAULT NULL::timestamp with time zone, source uuid DEFAULT NULL::uuid, partition_key text DEFAULT NULL::text, idempotency_key text DEFAULT NULL::text)
 RETURNS lib_events.event_receipt
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select lib_event.check_write_request();
  select lib_event.check_backlog();
  select r
    from lib_event.record_events(array[row(event_type, payload, headers, occurred_at, source, partition_key,
           idempotency_key)::lib_event.event_input]) r;
$function$;

comment on function lib_events."create"(text,jsonb,jsonb,timestamp with time zone,uuid,text,text) is 'Record one event.

event_type follows <service>.<resourceType>.<verb_past_tense> (e.g.
billing.invoice.paid). payload is any JSON value, of any size. headers is a
JSON object of your own entries; lib_event adds event_type, event__id,
created_at, occurred_at, source, partition_key and consumer, and refuses a
call that sets any of them. occurred_at defaults to the recording time and may
not be in the future. The consumer is the API key''s name. Every event is
announced with NOTIFY lib_event.created carrying its id.

idempotency_key (1 to 255 characters, scoped to your consumer) makes a retry
safe: a second call with the same key and the same content records nothing
and returns the first call''s receipt; the same key with different content
fails with 23505 (HTTP 409).

Over HTTP the body is one JSON object, checked on its JSON types as
create_many checks each event: event_type, occurred_at, source,
partition_key and idempotency_key are JSON strings (LE041 for a number,
object, array or boolean), occurred_at is an RFC 3339 date-time (22007 for
yesterday, epoch or a time without an offset), no other field (LE008). An
array or anything but an object: LE082 (several events go to create_many).
The request carries no query parameter but select (LE081). Nothing is
recorded when any of these is refused.';

grant execute on function lib_events."create"(text,jsonb,jsonb,timestamp with time zone,uuid,text,text) to lib_event_producer;

CREATE OR REPLACE FUNCTION lib_events."create"(jsonb)
 RETURNS lib_events.event_receipt
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select lib_event.check_write_request();
  select lib_event.check_backlog();
  select r.*
    from lib_event.record_events(lib_event.one_event_input($1)) r;
$function$;

comment on function lib_events."create"(jsonb) is 'Record one event sent as a JSON object: what POST /rpc/create calls.

The body as it was sent, checked on its JSON types (lib_event.one_event_input), then recorded as create(event_type => ...) records it.';

grant execute on function lib_events."create"(jsonb) to lib_event_producer;
