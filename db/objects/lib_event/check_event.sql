-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_event(event_type text, headers jsonb, occurred_at timestamp with time zone, partition_key text, created_at timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
AS $function$
declare
  reserved text[] := array['event_type', 'event__id', 'created_at', 'occurred_at', 'source', 'partition_key', 'consumer'];
  forged text[];
begin
  -- The domain lib_event.event_type's own pattern, tested here rather than
  -- with pg_input_is_valid(event_type, 'lib_event.event_type'), which parses
  -- the type's name and builds the domain's check on every call (some 45 µs
  -- of a create's time). The column's domain still checks every insert; a
  -- test keeps the two patterns the same.
  if event_type is null
     or event_type COLLATE "C" !~ '^[a-z][a-zA-Z0-9_]{0,62}\.[a-z][a-zA-Z0-9_]{0,62}\.[a-z][a-zA-Z0-9_]{0,62}$' then
    perform lib_event.count_refusal('LE001');
    raise exception using
      errcode = 'LE001',
      message = pg_catalog.format('event_type %s does not follow <service>.<resourceType>.<verb_past_tense>',
        coalesce(pg_catalog.quote_literal(pg_catalog.left(event_type, 100)) || case when pg_catalog.length(event_type) > 100 then '...' else '' end, 'null')),
      detail = pg_catalog.format('length %s', coalesce(pg_catalog.length(event_type)::text, 'null')),
      hint = 'Use three dot-separated segments, each a lowercase letter followed by up to 62 letters, digits or underscores, e.g. billing.invoice.paid.';
  end if;

  if headers is null or pg_catalog.jsonb_typeof(headers) <> 'object' then
    perform lib_event.count_refusal('LE002');
    raise exception using
      errcode = 'LE002',
      message = pg_catalog.format('headers must be a JSON object, not %s', coalesce(pg_catalog.jsonb_typeof(headers), 'null')),
      hint = 'Send headers as {"name": value, ...}, or leave them out.';
  end if;

  -- Case, width and what surrounds a name do not make another entry: a
  -- reader looking for consumer must not find a forged Consumer beside it.
  select pg_catalog.array_agg(pg_catalog.quote_literal(k) order by k) into forged
    from pg_catalog.jsonb_object_keys(headers) k
   where lib_event.header_name(k) = any (reserved);
  if forged is not null then
    perform lib_event.count_refusal('LE003');
    raise exception using
      errcode = 'LE003',
      message = pg_catalog.format('headers may not set the standard entries %s', pg_catalog.array_to_string(forged, ', ')),
      detail = pg_catalog.format('standard entries (in any case or width, with or without white space, control or invisible characters around them): %s',
        pg_catalog.array_to_string(reserved, ', ')),
      hint = 'lib_event fills those itself; pass occurred_at, source and partition_key as arguments of their own.';
  end if;

  if pg_catalog.octet_length(headers::text) > 65536 then
    perform lib_event.count_refusal('PT413');
    raise exception using
      errcode = 'PT413',
      message = pg_catalog.format('headers are %s bytes, more than the 65536 allowed', pg_catalog.octet_length(headers::text)),
      hint = 'Headers describe the event; put bulky content in the payload.';
  end if;
  perform lib_event.check_json_depth('headers', headers);

  if not pg_catalog.isfinite(occurred_at) or occurred_at < '0001-01-01 00:00:00+00' then
    perform lib_event.count_refusal('LE004');
    raise exception using
      errcode = 'LE004',
      message = pg_catalog.format('occurred_at %s is not a time an event can have', occurred_at),
      detail = 'occurred_at must be finite and in the year 1 or later.',
      hint = 'Send the time it happened as ISO 8601 (2026-11-24T10:00:00Z), or leave occurred_at out.';
  end if;
  if occurred_at > created_at + interval '5 minutes' then
    perform lib_event.count_refusal('LE004');
    raise exception using
      errcode = 'LE004',
      message = pg_catalog.format('occurred_at %s is in the future', lib_event.utc_text(occurred_at)),
      detail = pg_catalog.format('recorded at %s; up to 5 minutes of clock skew are tolerated', lib_event.utc_text(created_at)),
      hint = 'An event is something that has already happened: send the time it happened, or leave occurred_at out.';
  end if;

  if pg_catalog.length(partition_key) not between 1 and 255 then
    perform lib_event.count_refusal('LE005');
    raise exception using
      errcode = 'LE005',
      message = pg_catalog.format('partition_key must be 1 to 255 characters, not %s', pg_catalog.length(partition_key)),
      hint = 'Leave partition_key out (null) when events need no grouping.';
  end if;
end
$function$;

comment on function lib_event.check_event(text,jsonb,timestamp with time zone,text,timestamp with time zone) is 'Raise the documented error when an event is not acceptable (LE001-LE005, LE040, PT413); return nothing otherwise.';
