-- migrate:up

-- An API key may erase when it is created with the erase right
-- (npm run key:create -- --name privacy-office --role reader --erase):
-- POST /rpc/erase (lib_events.erase) takes the selector npm run erase takes
-- (event ids, a partition_key or a header value), a reason and the
-- confirmation, erases among the events the key may read (its scopes), and
-- records the key's consumer as who erased. Without the right: PT403.
-- Events of a partition that has an archive file are refused (LE095): only
-- npm run erase -- --archive-dir rewrites the file.

set role lib_event_owner;

alter table lib_event.api_key
  add column may_erase boolean not null default false,
  add constraint api_key_erase_needs_reads check (not may_erase or access <> 'producer');
comment on column lib_event.api_key.may_erase is 'Whether the key has the erase right: it may call POST /rpc/erase (lib_events.erase) on the events it reads. Only reader and producer_reader keys may have it.';

-- Who may erase, and how, is checked apart from what is erased: the SQL
-- function and the HTTP one refuse the same bad selectors alike.
create function lib_event.check_erase_selector(reason text, event_ids uuid[], partition_key text, header jsonb)
returns void
language plpgsql
immutable
set search_path = ''
as $$
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
$$;
comment on function lib_event.check_erase_selector(text, uuid[], text, jsonb) is 'Refuse an erasure without a reason (LE090) or without exactly one non-empty selector: event_ids, partition_key or header, a JSON object other than {} (LE091).

lib_event.erase and lib_events.erase call it first.';

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
    from (select distinct e.tableoid::regclass::text as partition
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
      on a.partition = pg_catalog.regexp_replace(e.tableoid::regclass::text, '^lib_event\.', '') and a.dropped_at is null
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

comment on function lib_event.erase(text, uuid[], text, jsonb, integer, boolean, jsonb) is 'Erase the personal data of events: payload, user headers and salt, their deferred payload note and idempotency record, in one transaction.

Select by exactly one of event_ids, partition_key or header (events whose
headers contain it, e.g. {"subject": "user:42"}); reason is required. Records
a lib_event.event.erased event (partition_key lib_event.erasures) holding
the reason, who erased (erased_by: the API key''s consumer behind
POST /rpc/erase, with its api_key__id; else the login or SET ROLE), the ids
erased and the archive files rewritten (partition, file, the SHA-256 of the
file replaced, how many of its events), never the content or the selector;
each erased event gets erased_at and erasure__id. Their v2 leaves still
verify from the kept commitment. archive_files is what npm run erase found
in the archive directory: [{"partition", "file", "sha256", "events": [ids],
"unprovable": [ids]}]; events there whose partition was dropped are erased
in their files only. Refuses: no reason (LE090), no or several or empty
selectors (LE091), an unknown id or nothing matched (LE092), more than
lib_event.erase_confirm_bound() events without confirm => that number
(LE093), events recorded before salted leaves without break_v1_proofs =>
true (LE094), archive_files malformed or an archived partition''s rows
without its file (LE095), a partition being archived or rewritten by
another run (LE096). Returns the erasure event''s id and time, and counts.
Members of lib_event_eraser only (and lib_events.erase, for a key with the
erase right).';

create or replace function lib_event.apply_producer_scope(events lib_event.event_input[])
 RETURNS lib_event.event_input[]
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  holder lib_event.api_key := lib_event.request_key();
  how_many integer := coalesce(pg_catalog.cardinality(events), 0);
  likes text[] := lib_event.event_type_likes(holder.scope_event_types::text[]);
  key_tenant text := holder.scope_tenants[1];
  misfit record;
begin
  select e.n, e.headers -> 'tenant' as given into misfit
    from pg_catalog.unnest(events) with ordinality
           as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
   where pg_catalog.jsonb_typeof(e.headers) = 'object' and e.headers ? 'tenant'
     and (pg_catalog.jsonb_typeof(e.headers -> 'tenant') <> 'string'
          or not pg_catalog.pg_input_is_valid(e.headers ->> 'tenant', 'lib_event.tenant'))
   order by e.n
   limit 1;
  if found then
    perform lib_event.count_refusal('LE014');
    raise exception using
      errcode = 'LE014',
      message = pg_catalog.format('%stenant %s is not allowed', lib_event.batch_position(misfit.n, how_many),
        lib_event.shortened(misfit.given::text)),
      hint = 'A tenant is a JSON string of 1 to 255 characters, without control characters or leading and trailing space.';
  end if;
  -- The log's own events (an erasure's record, under the lifecycle seal) are
  -- not the key's to scope: it records them only through lib_event's code.
  if holder.api_key__id is null
     or pg_catalog.current_setting('lib_event.lifecycle_seal', true) is not distinct from lib_event.consumer_seal(' lifecycle event') then
    return events;
  end if;

  if likes is not null then
    select e.n, e.event_type into misfit
      from pg_catalog.unnest(events) with ordinality
             as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
     where e.event_type is not null and not e.event_type like any (likes)
     order by e.n
     limit 1;
    if found then
      perform lib_event.count_refusal('PT403');
      raise exception using
        errcode = 'PT403',
        message = pg_catalog.format('%sevent_type %s is outside the scope of the API key of %s',
          lib_event.batch_position(misfit.n, how_many), pg_catalog.quote_literal(lib_event.shortened(misfit.event_type)),
          holder.consumer),
        detail = pg_catalog.format('The key may record the event types %s. Nothing was written.',
          pg_catalog.array_to_string(holder.scope_event_types, ', ')),
        hint = 'Record only the event types the key allows, or ask an operator for a key with that scope.';
    end if;
  end if;

  if key_tenant is not null then
    select e.n, e.headers ->> 'tenant' as given into misfit
      from pg_catalog.unnest(events) with ordinality
             as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n)
     where pg_catalog.jsonb_typeof(e.headers) = 'object' and e.headers ->> 'tenant' is distinct from key_tenant
       and e.headers ? 'tenant'
     order by e.n
     limit 1;
    if found then
      perform lib_event.count_refusal('PT403');
      raise exception using
        errcode = 'PT403',
        message = pg_catalog.format('%stenant %s is outside the scope of the API key of %s',
          lib_event.batch_position(misfit.n, how_many), pg_catalog.quote_literal(lib_event.shortened(misfit.given)),
          holder.consumer),
        detail = pg_catalog.format('The key records for the tenant %s. Nothing was written.', pg_catalog.quote_literal(key_tenant)),
        hint = 'Leave the tenant out (the key gives its own), or ask an operator for a key of that tenant.';
    end if;
    select pg_catalog.array_agg(row(e.event_type, e.payload,
             case when pg_catalog.jsonb_typeof(e.headers) = 'object'
                  then e.headers || pg_catalog.jsonb_build_object('tenant', key_tenant) else e.headers end,
             e.occurred_at, e.source, e.partition_key, e.idempotency_key)::lib_event.event_input order by e.n)
      into events
      from pg_catalog.unnest(events) with ordinality
             as e(event_type, payload, headers, occurred_at, source, partition_key, idempotency_key, n);
  end if;
  return events;
end
$function$;


comment on function lib_event.apply_producer_scope(lib_event.event_input[]) is 'The events a request may record under its API key''s scope, each with the key''s tenant if it has one.

PT403 (HTTP 403) for an event type outside the key''s patterns or a tenant
other than its own, naming what the key may record; LE014 for a
headers.tenant that is no tenant (a JSON string of 1 to 255 characters).
Without a key (direct SQL callers) only the tenant''s shape is checked; the
log''s own events (recorded under the lifecycle seal: an erasure''s record
when a key erases) are not scoped.';

drop function lib_event.api_key_create(text, text, text[], text[], text[]);

create function lib_event.api_key_create(consumer text, access text, event_types text[] default null, tenants text[] default null,
                                         consumers text[] default null, may_erase boolean default false)
 RETURNS TABLE(api_key__id uuid, api_key text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  -- gen_random_uuid draws 122 bits from the server's strong random source;
  -- two of them give a 244-bit secret.
  new_key text := 'lek_'
    || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '')
    || pg_catalog.replace(pg_catalog.gen_random_uuid()::text, '-', '');
begin
  if consumer is null or not pg_catalog.pg_input_is_valid(consumer, 'lib_event.consumer_name') then
    raise exception using
      errcode = 'LE010',
      message = pg_catalog.format('consumer name %L is not allowed', pg_catalog.left(consumer, 100)),
      hint = 'Use a lowercase letter followed by up to 62 lowercase letters, digits, ".", "_" or "-", e.g. billing.';
  end if;
  if access is null or not pg_catalog.pg_input_is_valid(access, 'lib_event.api_key_access') then
    raise exception using
      errcode = 'LE011',
      message = pg_catalog.format('access %L is not allowed', pg_catalog.left(access, 100)),
      hint = 'Use producer, reader or producer_reader.';
  end if;
  perform lib_event.check_scope('event type', event_types, 'lib_event.event_type_pattern',
    'An event type (billing.invoice.paid) or one or two leading segments and .* (billing.*, billing.invoice.*).');
  perform lib_event.check_scope('tenant', tenants, 'lib_event.tenant',
    'A tenant is 1 to 255 characters, without control characters or leading and trailing space.');
  perform lib_event.check_scope('consumer', consumers, 'lib_event.consumer_name',
    'A consumer name: a lowercase letter followed by up to 62 lowercase letters, digits, ".", "_" or "-".');
  if access <> 'reader' and pg_catalog.cardinality(tenants) > 1 then
    raise exception using
      errcode = 'LE013',
      message = pg_catalog.format('a %s key records under one tenant, not %s', access, pg_catalog.cardinality(tenants)),
      hint = 'Give a key that records one tenant (its events get it); a reader key may read several.';
  end if;
  if access = 'producer' and consumers is not null then
    raise exception using
      errcode = 'LE013',
      message = 'a consumer scope limits what a key reads, and a producer key reads nothing',
      hint = 'Leave the consumer scope out, or create a reader or producer_reader key.';
  end if;

  if may_erase is null or (may_erase and access = 'producer') then
    raise exception using
      errcode = 'LE016',
      message = pg_catalog.format('a %s key cannot have the erase right', access),
      detail = 'A key erases among the events it reads (within its scopes), and a producer key reads nothing.',
      hint = 'Create a reader or producer_reader key with the erase right (npm run key:create -- --name <name> --role reader --erase), or leave --erase out.';
  end if;

  return query
    insert into lib_event.api_key as k (consumer, access, key_prefix, key_hash,
                                        scope_event_types, scope_tenants, scope_consumers, may_erase)
    values (consumer, access::lib_event.api_key_access, pg_catalog.left(new_key, 12), lib_event.api_key_hash(new_key),
            event_types::lib_event.event_type_pattern[], tenants::lib_event.tenant[],
            consumers::lib_event.consumer_name[], may_erase)
    returning k.api_key__id, new_key;
end
$function$;


comment on function lib_event.api_key_create(text, text, text[], text[], text[], boolean) is 'Create an API key for a consumer and return it. The key itself is never stored: show it once.

Scopes, each optional (null: no limit): event_types, patterns such as
billing.* or billing.invoice.paid, limit what the key records and reads;
tenants, what it reads, and for a key that records its one tenant, given to
every event it records; consumers, whose events a reader key reads. An
empty or malformed scope: LE013. may_erase gives the erase right
(POST /rpc/erase, within the key''s scopes) to a reader or producer_reader
key; a producer key cannot have it (LE016).';

create type lib_events.erasure as (
  erasure__id uuid,
  erased_at timestamptz,
  erased_by text,
  erased integer,
  unprovable integer,
  deferred_payloads integer,
  idempotency_keys integer,
  event_ids uuid[],
  archived_partitions text[]);
comment on type lib_events.erasure is 'What POST /rpc/erase erased: the lib_event.event.erased event recording it, and counts.';
comment on column lib_events.erasure.erasure__id is 'The lib_event.event.erased event that records the erasure (who, why, which events; never the content).';
comment on column lib_events.erasure.erased_at is 'When the events were erased: each erased event''s erased_at.';
comment on column lib_events.erasure.erased_by is 'Who erased: the API key''s consumer, as the erasure event records it.';
comment on column lib_events.erasure.erased is 'How many events were erased.';
comment on column lib_events.erasure.unprovable is 'How many of them were recorded before salted leaves (format v1) and erased with break_v1_proofs: verify names them erased-unprovable.';
comment on column lib_events.erasure.deferred_payloads is 'How many deferred payloads (over 256 KiB) were removed with them.';
comment on column lib_events.erasure.idempotency_keys is 'How many idempotency records were removed with them.';
comment on column lib_events.erasure.event_ids is 'The ids of the events erased.';
comment on column lib_events.erasure.archived_partitions is 'Partitions archived and dropped, which the database cannot search: for a partition_key or header selector their archive files may hold more of the subject''s events, which npm run erase -- --archive-dir erases. Empty for event_ids (an id there is refused, LE095).';

create function lib_events.erase(
  reason text,
  event_ids uuid[] default null,
  partition_key text default null,
  header jsonb default null,
  confirm integer default null,
  break_v1_proofs boolean default false)
returns lib_events.erasure
language plpgsql
volatile
security definer
set search_path = ''
as $$
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
$$;
comment on function lib_events.erase(text, uuid[], text, jsonb, integer, boolean) is 'Erase the personal data of events (for an API key with the erase right): payload, user headers and salt; every proof still holds.

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
-- Every key's role may call it, so that every key without the right hears
-- the same 403 naming it; only a key with the right (a reading key) erases.
grant execute on function lib_events.erase(text, uuid[], text, jsonb, integer, boolean) to lib_event_producer, lib_event_reader;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
