-- migrate:up

-- Under hash subpartitions (lib_event.partition_policy.hash_subpartitions) an
-- event's row lives in a part of its period's partition (event_p20250301_h0),
-- while archives, their advisory locks and lib_event.partition_archive name
-- the period's partition (event_p20250301). lib_event.erase named the part:
-- an event of an archived partition was erased without its file (LE095 not
-- raised), and its lock did not meet npm run archive's (LE096). It now names
-- the partition directly under lib_event.event, whatever the scheme.

set role lib_event_owner;

create function lib_event.event_partition_of(part oid)
returns text
language sql
stable
set search_path = ''
as $$
  select c.relname::text
    from pg_catalog.pg_partition_ancestors(part) a (relid)
    join pg_catalog.pg_inherits i on i.inhrelid = a.relid and i.inhparent = 'lib_event.event'::pg_catalog.regclass
    join pg_catalog.pg_class c on c.oid = a.relid;
$$;

comment on function lib_event.event_partition_of(oid) is 'The partition of lib_event.event (one period''s, event_pYYYYMMDD) that holds a row whose tableoid is part: the part itself, or its parent under hash subpartitions. Archives, their locks and lib_event.partition_archive name this one.';

revoke execute on function lib_event.event_partition_of(oid) from public;

create or replace function lib_event.erase(reason text, event_ids uuid[] DEFAULT NULL::uuid[], partition_key text DEFAULT NULL::text, header jsonb DEFAULT NULL::jsonb, confirm integer DEFAULT NULL::integer, break_v1_proofs boolean DEFAULT false, archive_files jsonb DEFAULT NULL::jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  files jsonb := coalesce(archive_files, '[]'::jsonb);
  archived uuid[];
  archived_unprovable uuid[];
  matched uuid[];
  unprovable uuid[];
  missing uuid;
  busy text;
  unfiled text;
  erasure uuid;
  deferred integer;
  keys integer;
  holder lib_event.api_key := lib_event.request_key();
begin
  perform lib_event.check_erase_selector(reason, event_ids, erase.partition_key, header);
  if pg_catalog.jsonb_typeof(files) <> 'array' or exists (
       select from pg_catalog.jsonb_array_elements(files) f
        where pg_catalog.jsonb_typeof(f) <> 'object' or pg_catalog.jsonb_typeof(f -> 'partition') is distinct from 'string'
           or pg_catalog.jsonb_typeof(f -> 'file') is distinct from 'string' or pg_catalog.jsonb_typeof(f -> 'sha256') is distinct from 'string'
           or pg_catalog.jsonb_typeof(f -> 'events') is distinct from 'array') then
    raise exception using errcode = 'LE095',
      message = pg_catalog.format('erase: archive_files %s is not a list of the archive files rewritten', pg_catalog.left(files::text, 200)),
      hint = 'npm run erase passes it: an array of {"partition", "file", "sha256", "events": [ids], "unprovable": [ids]}, one for each archive file holding selected events. Nothing was erased.';
  end if;
  select pg_catalog.array_agg(distinct x.id::uuid) into archived
    from pg_catalog.jsonb_array_elements(files) f, pg_catalog.jsonb_array_elements_text(f -> 'events') x (id);
  select pg_catalog.array_agg(distinct x.id::uuid) into archived_unprovable
    from pg_catalog.jsonb_array_elements(files) f,
         pg_catalog.jsonb_array_elements_text(coalesce(f -> 'unprovable', '[]'::jsonb)) x (id);
  -- An archived event whose partition was dropped is known by its place in the log.
  select a.id into missing
    from pg_catalog.unnest(archived) a (id)
   where not exists (select from lib_event.event e where e.event__id = a.id)
     and not exists (select from lib_event.log_entry l where l.event__id = a.id)
   limit 1;
  if missing is not null then
    raise exception using errcode = 'LE092',
      message = pg_catalog.format('erase: event %s of an archive file is not in the log', missing),
      hint = 'Give the archive directory of this database. Nothing was erased.';
  end if;
  if event_ids is not null then
    select g.id into missing
      from pg_catalog.unnest(event_ids) g (id)
     where not exists (select from lib_event.event e where e.event__id = g.id)
       and g.id <> all (coalesce(archived, '{}'))
     limit 1;
    if missing is not null then
      raise exception using errcode = 'LE092',
        message = pg_catalog.format('erase: no event %s in the database or the archive files given', missing),
        hint = 'Pass ids of recorded events; events of an archived partition are erased by npm run erase with the archive directory (--archive-dir), which rewrites its file. Nothing was erased.';
    end if;
  end if;

  -- One run at a time per partition: npm run archive holds this lock while it
  -- writes a partition's file, npm run erase while it rewrites one.
  select p.partition into busy
    from (select distinct lib_event.event_partition_of(e.tableoid) as partition
            from lib_event.event e
           where e.erased_at is null
             and case when event_ids is not null then e.event__id = any (event_ids)
                      when erase.partition_key is not null then e.partition_key = erase.partition_key
                      else e.headers @> header end
          union
          select f ->> 'partition' from pg_catalog.jsonb_array_elements(files) f) p
   where not pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('lib_event.archive'),
           pg_catalog.hashtext(pg_catalog.regexp_replace(p.partition, '^lib_event\.', '')))
   limit 1;
  if busy is not null then
    raise exception using errcode = 'LE096',
      message = pg_catalog.format('erase: partition %s is being archived, or its archive rewritten, by another run', busy),
      hint = 'Run erase again once it is done. Nothing was erased.';
  end if;

  -- The log's own events (lib_event.*) hold no personal data and are not erased.
  select pg_catalog.array_agg(e.event__id order by e.event__id),
         pg_catalog.array_agg(e.event__id order by e.event__id) filter (where e.content_commitment is null),
         pg_catalog.min(a.partition) filter (where a.partition is not null
           and not exists (select from pg_catalog.jsonb_array_elements(files) f where f ->> 'partition' = a.partition))
    into matched, unprovable, unfiled
    from lib_event.event e
    left join lib_event.partition_archive a
      on a.partition = pg_catalog.regexp_replace(lib_event.event_partition_of(e.tableoid), '^lib_event\.', '') and a.dropped_at is null
   where e.erased_at is null
     and e.event_type::text not like 'lib\_event.%'
     and case when event_ids is not null then e.event__id = any (event_ids)
              when erase.partition_key is not null then e.partition_key = erase.partition_key
              else e.headers @> header end;
  -- A partition with an archive file (archived, or restored from one): erasing
  -- only its rows would leave the content in the file.
  if unfiled is not null then
    raise exception using errcode = 'LE095',
      message = pg_catalog.format('erase: partition %s has an archive file, which would keep the content', unfiled),
      hint = 'Erase through npm run erase -- --archive-dir <the archive directory>: it rewrites the file in the same erasure. Nothing was erased.';
  end if;
  -- The archived events whose partition is dropped: erased in their files only.
  select pg_catalog.array_agg(a.id order by a.id) into archived
    from pg_catalog.unnest(archived) a (id)
   where not exists (select from lib_event.event e where e.event__id = a.id);
  select pg_catalog.array_agg(a.id order by a.id) into archived_unprovable
    from pg_catalog.unnest(archived_unprovable) a (id) where a.id = any (coalesce(archived, '{}'));
  matched := (select pg_catalog.array_agg(m order by m) from pg_catalog.unnest(coalesce(matched, '{}') || coalesce(archived, '{}')) m);
  unprovable := (select pg_catalog.array_agg(u order by u) from pg_catalog.unnest(coalesce(unprovable, '{}') || coalesce(archived_unprovable, '{}')) u);
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
  -- never the selector or the content; for each archive file rewritten, the
  -- SHA-256 of the file it replaces.
  perform pg_catalog.set_config('lib_event.lifecycle_seal', lib_event.consumer_seal(' lifecycle event'), true);
  select r.event__id into erasure
    from lib_event.record_events(array[row('lib_event.event.erased',
           pg_catalog.jsonb_build_object(
             'reason', reason,
             -- The API key's consumer (POST /rpc/erase), else the caller's
             -- role (SET ROLE) if any, else its login: a definer's
             -- current_user would name the owner.
             'erased_by', coalesce(holder.consumer::text, nullif(pg_catalog.current_setting('role'), 'none'), session_user::text),
             'events', pg_catalog.to_jsonb(matched),
             'unprovable', pg_catalog.to_jsonb(coalesce(unprovable, '{}')),
             'archive_files', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                  'partition', f ->> 'partition', 'file', f ->> 'file', 'sha256', f ->> 'sha256',
                  'events', pg_catalog.jsonb_array_length(f -> 'events')) order by f ->> 'partition')
                from pg_catalog.jsonb_array_elements(files) f), '[]'::jsonb))
             -- and which key, when an API key erased.
             || pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('api_key__id', holder.api_key__id)),
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
  return pg_catalog.jsonb_build_object('erasure__id', erasure, 'erased_at', lib_event.utc_text(pg_catalog.now()),
    'erased', pg_catalog.cardinality(matched), 'archived', coalesce(pg_catalog.cardinality(archived), 0),
    'unprovable', coalesce(pg_catalog.cardinality(unprovable), 0), 'deferred_payloads', deferred,
    'idempotency_keys', keys, 'event_ids', pg_catalog.to_jsonb(matched));
end
$function$;

reset role;

-- migrate:down
