-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_erase_selector(reason text, event_ids uuid[], partition_key text, header jsonb)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
begin
  if reason is null or pg_catalog.btrim(reason) = '' then
    raise exception using errcode = 'LE090', message = 'erase needs a reason',
      hint = 'Say why (e.g. "GDPR request 2026-118"): the reason is recorded in the lib_event.event.erased event.';
  end if;
  if (event_ids is not null)::int + (partition_key is not null)::int + (header is not null)::int <> 1
     or pg_catalog.cardinality(event_ids) = 0 or partition_key = ''
     or (header is not null and (pg_catalog.jsonb_typeof(header) <> 'object' or header = '{}')) then
    raise exception using errcode = 'LE091',
      message = 'erase needs exactly one non-empty selector: event_ids, partition_key or header',
      hint = 'Pass event_ids => array of ids, or partition_key => ''user:42'', or header => ''{"subject": "user:42"}'' (events whose headers contain it).';
  end if;
end
$function$;

comment on function lib_event.check_erase_selector(text,uuid[],text,jsonb) is 'Refuse an erasure without a reason (LE090) or without exactly one non-empty selector: event_ids, partition_key or header, a JSON object other than {} (LE091).

lib_event.erase and lib_events.erase call it first.';
