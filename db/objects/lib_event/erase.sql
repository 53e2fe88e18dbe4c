-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.erase(reason text, event_ids uuid[] DEFAULT NULL::uuid[], partition_key text DEFAULT NULL::text, header jsonb DEFAULT NULL::jsonb, confirm integer DEFAULT NULL::integer, break_v1_proofs boolean DEFAULT false, archive_files jsonb DEFAULT NULL::jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  selectors integer := (event_ids is not null)::int + (erase.partition_key is not null)::int + (header is not null)::int;
  matched uuid[];
  unprovable uuid[];
  missing uuid;
  erasure uuid;
  deferred integer;
  keys integer;
begin
  if reason is null or pg_catalog.btrim(reason) = '' then
    raise exception using errcode = 'LE090', message = 'erase needs a reason',
      hint = 'Say why (e.g. "GDPR request 2026-118"): the reason is recorded in the lib_event.event.erased event.';
  end if;
  if selectors <> 1 or pg_catalog.cardinality(event_ids) = 0 or erase.partition_key = ''
     or (header is not null and (pg_catalog.jsonb_typeof(header) <> 'object' or header = '{}')) then
    raise exception using errcode = 'LE091',
      message = 'erase needs exactly one non-empty selector: event_ids, partition_key or header',
      hint = 'Pass event_ids => array of ids, or partition_key => ''user:42'', or header => ''{"subject": "user:42"}'' (events whose headers contain it).';
  end if;
  if event_ids is not null then
    select g.id into missing
      from pg_catalog.unnest(event_ids) g (id)
     where not exists (select from lib_event.event e where e.event__id = g.id)
     limit 1;
    if missing is not null then
      raise exception using errcode = 'LE092',
        message = pg_catalog.format('erase: no event %s in the database', missing),
        hint = 'Pass ids of recorded events; events of an archived partition are erased by npm run erase, which rewrites its file. Nothing was erased.';
    end if;
  end if;
  -- The log's own events (lib_event.*) hold no personal data and are not erased.
  select pg_catalog.array_agg(e.event__id order by e.event__id),
         pg_catalog.array_agg(e.event__id order by e.event__id) filter (where e.content_commitment is null)
    into matched, unprovable
    from lib_event.event e
   where e.erased_at is null
     and e.event_type::text not like 'lib\_event.%'
     and case when event_ids is not null then e.event__id = any (event_ids)
              when erase.partition_key is not null then e.partition_key = erase.partition_key
              else e.headers @> header end;
  if matched is null then
    raise exception using errcode = 'LE092',
      message = 'erase: the selector matches no event that holds content',
      hint = 'Check the selector; events already erased, and the log''s own lib_event.* events, are not matched. Nothing was erased.';
  end if;
  if pg_catalog.cardinality(matched) > lib_event.erase_confirm_bound() and confirm is distinct from pg_catalog.cardinality(matched) then
    raise exception using errcode = 'LE093',
      message = pg_catalog.format('erase: the selector matches %s events, more than %s', pg_catalog.cardinality(matched), lib_event.erase_confirm_bound()),
      hint = pg_catalog.format('If that is intended, call again with confirm => %s. Nothing was erased.', pg_catalog.cardinality(matched));
  end if;
  if unprovable is not null and not break_v1_proofs then
    raise exception using errcode = 'LE094',
      message = pg_catalog.format('erase: %s of the events matched (the first: %s) were recorded before salted leaves (format v1): erasing them breaks their proof',
        pg_catalog.cardinality(unprovable), unprovable[1]),
      hint = 'Pass break_v1_proofs => true to erase them anyway: verify then names them erased-unprovable. Nothing was erased.';
  end if;

  -- The record first: its id goes on every erased event. Ids and counts,
  -- never the selector or the content.
  perform pg_catalog.set_config('lib_event.lifecycle_seal', lib_event.consumer_seal(' lifecycle event'), true);
  select r.event__id into erasure
    from lib_event.record_events(array[row('lib_event.event.erased',
           pg_catalog.jsonb_build_object(
             'reason', reason,
             -- The caller's role (SET ROLE) if any, else its login: a
             -- definer's current_user would name the owner.
             'erased_by', coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user::text),
             'events', pg_catalog.to_jsonb(matched),
             'unprovable', pg_catalog.to_jsonb(coalesce(unprovable, '{}')),
             'archive_files', coalesce(archive_files, '[]'::jsonb)),
           '{}'::jsonb, null::timestamptz, null::uuid, 'lib_event.erasures', null::text)::lib_event.event_input]) r;
  perform pg_catalog.set_config('lib_event.lifecycle_seal', '', true);

  perform pg_catalog.set_config('lib_event.erasure_seal', lib_event.consumer_seal(' erasure'), true);
  perform pg_catalog.set_config('lib_event.erasure__id', erasure::text, true);
  update lib_event.event e
     set payload = null,
         headers = lib_event.stored_headers('{}'::jsonb, e.event_type::text, e.event__id, e.created_at, e.occurred_at,
                                            e.source, e.partition_key::text, e.consumer::text),
         content_salt = null, erased_at = pg_catalog.now(), erasure__id = erasure
   where e.event__id = any (matched);
  perform pg_catalog.set_config('lib_event.erasure_seal', '', true);
  perform pg_catalog.set_config('lib_event.erasure__id', '', true);
  delete from lib_event.deferred_payload d where d.event__id = any (matched);
  get diagnostics deferred = row_count;
  delete from lib_event.idempotency_key k where k.event__id = any (matched);
  get diagnostics keys = row_count;
  return pg_catalog.jsonb_build_object('erasure__id', erasure, 'erased', pg_catalog.cardinality(matched),
    'unprovable', coalesce(pg_catalog.cardinality(unprovable), 0), 'deferred_payloads', deferred,
    'idempotency_keys', keys, 'event_ids', pg_catalog.to_jsonb(matched));
end
$function$;

comment on function lib_event.erase(text,uuid[],text,jsonb,integer,boolean,jsonb) is 'Erase the personal data of events: payload, user headers and salt, their deferred payload note and idempotency record, in one transaction.

Select by exactly one of event_ids, partition_key or header (events whose
headers contain it, e.g. {"subject": "user:42"}); reason is required. Records
a lib_event.event.erased event (partition_key lib_event.erasures) holding
the reason, the login that erased (erased_by), the ids erased and the archive
files rewritten, never the content or the selector; each erased event gets
erased_at and erasure__id. Their v2 leaves still verify from the kept
commitment. Refuses: no reason (LE090), no or several or empty selectors
(LE091), an unknown id or nothing matched (LE092), more than
lib_event.erase_confirm_bound() events without confirm => that number
(LE093), events recorded before salted leaves without
break_v1_proofs => true (LE094). Returns the erasure event''s id and counts.
Members of lib_event_eraser only.';

grant execute on function lib_event.erase(text,uuid[],text,jsonb,integer,boolean,jsonb) to lib_event_eraser;
