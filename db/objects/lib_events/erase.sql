-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_events.erase(reason text, event_ids uuid[] DEFAULT NULL::uuid[], partition_key text DEFAULT NULL::text, header jsonb DEFAULT NULL::jsonb, confirm integer DEFAULT NULL::integer, break_v1_proofs boolean DEFAULT false)
 RETURNS lib_events.erasure
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  holder lib_event.api_key;
  selected uuid[];
  missing uuid;
  unsearched text[] := '{}';
  result jsonb;
begin
  perform lib_event.check_write_request();
  holder := lib_event.request_key();
  if holder.api_key__id is null or not holder.may_erase then
    perform lib_event.count_refusal('PT403');
    raise exception using
      errcode = 'PT403',
      message = case when holder.api_key__id is null then 'erase needs an API key with the erase right'
                     else pg_catalog.format('the API key of %s does not have the erase right', holder.consumer) end,
      detail = 'POST /rpc/erase needs a key created with the erase right. Nothing was erased.',
      hint = 'Ask an operator for a key with it: npm run key:create -- --name <name> --role reader --erase. A privacy officer''s login in lib_event_eraser erases with npm run erase instead.';
  end if;
  perform lib_event.check_erase_selector(reason, event_ids, erase.partition_key, header);

  -- The events the key may read (lib_event.visible_event applies its
  -- scopes): an event outside them is, for it, no event.
  if event_ids is not null then
    select g.id into missing
      from pg_catalog.unnest(event_ids) g (id)
     where not exists (select from lib_event.visible_event e where e.event__id = g.id)
     limit 1;
    if missing is not null then
      -- Placed in the log, its row gone: its partition was archived and dropped.
      if not lib_event.read_scoped() and exists (select from lib_event.log_entry l where l.event__id = missing) then
        raise exception using errcode = 'LE095',
          message = pg_catalog.format('erase: event %s is in a partition that was archived and dropped: only its archive file holds it', missing),
          hint = 'Erase it with npm run erase -- --archive-dir <the archive directory>, which rewrites the file. Nothing was erased.';
      end if;
      raise exception using errcode = 'LE092',
        message = pg_catalog.format('erase: no event %s', missing),
        hint = 'Pass ids of recorded events the API key may read. Nothing was erased.';
    end if;
    selected := event_ids;
  else
    select pg_catalog.array_agg(e.event__id order by e.event__id) into selected
      from lib_event.visible_event e
     where e.erased_at is null
       and e.event_type::text not like 'lib\_event.%'
       and case when erase.partition_key is not null then e.partition_key = erase.partition_key
                else e.headers @> header end;
    if selected is null then
      raise exception using errcode = 'LE092',
        message = 'erase: the selector matches no event that holds content',
        hint = 'Check the selector; events already erased, events outside the API key''s scopes, and the log''s own lib_event.* events are not matched. Nothing was erased.';
    end if;
    select coalesce(pg_catalog.array_agg(a.partition order by a.partition), '{}') into unsearched
      from lib_event.partition_archive a
     where pg_catalog.to_regclass('lib_event.' || pg_catalog.quote_ident(a.partition)) is null;
  end if;

  -- Rows of a partition that has an archive file are refused there (LE095).
  result := lib_event.erase(reason, event_ids => selected, confirm => erase.confirm,
                            break_v1_proofs => coalesce(erase.break_v1_proofs, false));
  return row((result ->> 'erasure__id')::uuid, (result ->> 'erased_at')::timestamptz, holder.consumer::text, (result ->> 'erased')::integer,
             (result ->> 'unprovable')::integer, (result ->> 'deferred_payloads')::integer, (result ->> 'idempotency_keys')::integer,
             array(select pg_catalog.jsonb_array_elements_text(result -> 'event_ids')::uuid), unsearched)::lib_events.erasure;
end
$function$;

comment on function lib_events.erase(text,uuid[],text,jsonb,integer,boolean) is 'Erase the personal data of events (for an API key with the erase right): payload, user headers and salt; every proof still holds.

Select by exactly one of event_ids, partition_key or header (events whose
headers contain it, e.g. {"subject": "user:42"}), with a reason; among the
events the key may read (its scopes). Past 100 events, confirm must be the
exact number matched; events recorded before salted leaves are refused
unless break_v1_proofs. Records a lib_event.event.erased event naming the
key''s consumer as who erased (erased_by), and returns its id, the ids
erased and the archived partitions the database could not search
(npm run erase -- --archive-dir erases those files). Errors: a key without
the erase right, PT403 (HTTP 403); no reason, LE090; not exactly one
non-empty selector, LE091; an id the key cannot read, or nothing matched,
LE092; past 100 without confirm, LE093; v1 events, LE094; an event in a
partition that has an archive file, LE095 (npm run erase -- --archive-dir
rewrites it); a partition being archived, LE096. Nothing is erased on any
error. POST /rpc/erase with {"reason": "GDPR request 2026-118", "header":
{"subject": "user:42"}}.';

grant execute on function lib_events.erase(text,uuid[],text,jsonb,integer,boolean) to lib_event_producer;
grant execute on function lib_events.erase(text,uuid[],text,jsonb,integer,boolean) to lib_event_reader;
