-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.ingest_event(message jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
declare
  body text := message ->> 'body';
  message_id text := message ->> 'id';
  event jsonb;
begin
  if message_id is null or message_id = '' then
    raise exception using
      errcode = 'LE052',
      message = 'the message has no message_id property',
      hint = 'Publish each event with a unique message_id (a UUID, say): it is the event''s idempotency key, so a redelivery is not recorded twice.';
  end if;
  if body is null or not pg_catalog.pg_input_is_valid(body, 'jsonb') then
    raise exception using
      errcode = 'LE051',
      message = 'the message body is not JSON',
      detail = pg_catalog.format('body starts with %L', pg_catalog.left(coalesce(body, ''), 60)),
      hint = 'Publish the arguments of create as a JSON object: {"event_type": "billing.invoice.paid", "payload": {...}}.';
  end if;
  event := body::jsonb;
  if pg_catalog.jsonb_typeof(event) <> 'object' then
    raise exception using
      errcode = 'LE051',
      message = pg_catalog.format('the message body is a JSON %s, not an object', pg_catalog.jsonb_typeof(event)),
      hint = 'Publish the arguments of create as a JSON object: {"event_type": "billing.invoice.paid", "payload": {...}}.';
  end if;
  if event ? 'idempotency_key' and event ->> 'idempotency_key' is distinct from message_id then
    raise exception using
      errcode = 'LE053',
      message = 'the body''s idempotency_key differs from the message''s message_id',
      hint = 'Leave idempotency_key out of the body: the message_id is the idempotency key.';
  end if;
  return event || pg_catalog.jsonb_build_object('idempotency_key', message_id);
end
$function$;

comment on function lib_event.ingest_event(jsonb) is 'One queued message {"id": message_id, "body": text} as the arguments of create, its message id as the idempotency key; LE051 (body not a JSON object), LE052 (no message id), LE053 (another idempotency key in the body).';
