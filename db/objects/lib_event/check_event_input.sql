-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_event_input(event lib_event.event_input, recorded_at timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
AS $function$
begin
  perform lib_event.check_event(event.event_type, event.headers,
    coalesce(event.occurred_at, recorded_at), event.partition_key, recorded_at);
  if pg_catalog.pg_column_size(event.payload) > lib_event.payload_ceiling_bytes() then
    perform lib_event.count_refusal('PT413');
    raise exception using
      errcode = 'PT413',
      message = pg_catalog.format('the payload is %s bytes, more than the %s allowed',
        pg_catalog.pg_column_size(event.payload), lib_event.payload_ceiling_bytes()),
      hint = 'Keep bulky content in an object store and put its address in the payload.';
  end if;
  perform lib_event.check_json_depth('payload', event.payload);
  if pg_catalog.length(event.idempotency_key) not between 1 and 255 then
    perform lib_event.count_refusal('LE006');
    raise exception using
      errcode = 'LE006',
      message = pg_catalog.format('idempotency_key must be 1 to 255 characters, not %s',
        pg_catalog.length(event.idempotency_key)),
      hint = 'Send a short unique string per event (a UUID, say), or leave idempotency_key out.';
  end if;
end
$function$;

comment on function lib_event.check_event_input(lib_event.event_input,timestamp with time zone) is 'lib_event.check_event for one event as handed in, plus the payload''s size (PT413) and depth (LE040) and the bound on its idempotency key (LE006).';
