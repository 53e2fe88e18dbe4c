-- migrate:up

-- A restore puts back what the archive (format lib_event.event/3) holds
-- beside each event: its salt and salted commitment (leaf format v2) and,
-- for an erased event, when and by which erasure. Without them a restored
-- v2 event would be sealed anew, with another salt, and no longer hash to
-- its leaf. The ten-column form, which predates them, goes: the restore
-- command sends the new columns (null for an older archive's rows).

set role lib_event_owner;

drop function lib_event.restore_partition_rows(text, text[], text[], text[], text[], text[], text[], text[], text[], text[], text[]);

create function lib_event.restore_partition_rows(
  name text, event__id text[], event_type text[], occurred_at text[], created_at text[], source text[],
  partition_key text[], consumer text[], headers text[], payload text[], xact_id text[],
  content_salt text[], content_commitment text[], erased_at text[], erasure__id text[])
returns bigint
language plpgsql
volatile
security definer
set search_path = ''
set timezone = 'UTC'
as $$
declare
  inserted bigint;
begin
  execute pg_catalog.format('insert into %s
      (event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, xact_id,
       content_salt, content_commitment, erased_at, erasure__id)
    select r.event__id::uuid, r.event_type, r.occurred_at::timestamptz, r.created_at::timestamptz, r.source::uuid,
           r.partition_key, r.consumer, r.headers::jsonb, r.payload::jsonb, r.xact_id::xid8,
           pg_catalog.decode(r.content_salt, ''hex''), pg_catalog.decode(r.content_commitment, ''hex''),
           r.erased_at::timestamptz, r.erasure__id::uuid
      from unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
           as r(event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, xact_id,
                content_salt, content_commitment, erased_at, erasure__id)',
    lib_event.check_restoring(name))
    using event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, xact_id,
          content_salt, content_commitment, erased_at, erasure__id;
  get diagnostics inserted = row_count;
  return inserted;
end
$$;
comment on function lib_event.restore_partition_rows(text, text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[]) is
  'Put archived rows, one array per column as PostgreSQL''s text output (salt and commitment in hex), into a partition being restored; returns how many.

LE068 unless lib_event.restore_partition_begin made the table in this transaction and it is not attached yet.';

revoke all on function lib_event.restore_partition_rows(text, text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[]) from public;
grant execute on function lib_event.restore_partition_rows(text, text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[]) to lib_event_maintenance;

reset role;

-- migrate:down
