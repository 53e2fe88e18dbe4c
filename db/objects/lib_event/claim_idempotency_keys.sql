-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.claim_idempotency_keys(events lib_event.event_input[], new_ids uuid[], recorder text, recorded_at timestamp with time zone)
 RETURNS uuid[]
 LANGUAGE plpgsql
AS $function$
declare
  clash record;
  final_ids uuid[];
begin
  -- ON CONFLICT waits for a concurrent transaction holding the same key and
  -- then skips it; keys are claimed in key order so two batches never wait
  -- on each other in a cycle.
  insert into lib_event.idempotency_key (consumer, idempotency_key, content_hash, event__id, created_at)
  select recorder, e.idempotency_key, lib_event.event_content_hash(row(e.event_type, e.payload, e.headers,
           e.occurred_at, e.source, e.partition_key, e.idempotency_key)::lib_event.event_input),
         new_ids[e.n], recorded_at
    from pg_catalog.unnest(events) with ordinality
           as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
   where e.idempotency_key is not null
   order by e.idempotency_key, e.n
  on conflict do nothing;

  -- A new statement sees what concurrent transactions committed meanwhile.
  select e.n, e.idempotency_key, k.event__id
    into clash
    from pg_catalog.unnest(events) with ordinality
           as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
    join lib_event.idempotency_key k
      on k.consumer = recorder and k.idempotency_key = e.idempotency_key
   where k.event__id <> new_ids[e.n]
     and k.content_hash <> lib_event.event_content_hash(row(e.event_type, e.payload, e.headers,
           e.occurred_at, e.source, e.partition_key, e.idempotency_key)::lib_event.event_input)
   order by e.n
   limit 1;
  if found then
    raise exception using
      errcode = '23505',
      message = pg_catalog.format('idempotency_key %L was already used by %s for different content (event %s)',
        pg_catalog.left(clash.idempotency_key, 100), recorder, clash.event__id),
      detail = pg_catalog.format('event %s of %s', clash.n, pg_catalog.cardinality(events)),
      hint = 'A retry must send exactly the same event; a new event needs a new idempotency_key.';
  end if;

  select pg_catalog.array_agg(coalesce(k.event__id, new_ids[e.n]) order by e.n)
    into final_ids
    from pg_catalog.unnest(events) with ordinality
           as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
    left join lib_event.idempotency_key k
      on k.consumer = recorder and k.idempotency_key = e.idempotency_key;
  return final_ids;
end
$function$;

comment on function lib_event.claim_idempotency_keys(lib_event.event_input[],uuid[],text,timestamp with time zone) is 'Claim the idempotency keys of a batch for the recorder and return, in input order, the id each event ends with: its new id, or the id of the event its key already names. A key already used for other content raises 23505 (HTTP 409).';
