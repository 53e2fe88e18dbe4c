-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.restore_partition_rows(name text, event__id text[], event_type text[], occurred_at text[], created_at text[], source text[], partition_key text[], consumer text[], headers text[], payload text[], xact_id text[], content_salt text[], content_commitment text[], erased_at text[], erasure__id text[])
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
 SET "TimeZone" TO 'UTC'
AS $function$
declare
  inserted bigint;
begin
  execute pg_catalog.format('insert into %s
      (event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, xact_id,
       content_salt, content_commitment, erased_at, erasure__id, tenant)
    select r.event__id::uuid, r.event_type, r.occurred_at::timestamptz, r.created_at::timestamptz, r.source::uuid,
           r.partition_key, r.consumer, r.headers::jsonb, r.payload::jsonb, r.xact_id::xid8,
           pg_catalog.decode(r.content_salt, ''hex''), pg_catalog.decode(r.content_commitment, ''hex''),
           r.erased_at::timestamptz, r.erasure__id::uuid,
           -- Only a string the tenant domain takes: events recorded before tenants
           -- existed may hold anything under headers.tenant.
           case when pg_catalog.jsonb_typeof(r.headers::jsonb -> ''tenant'') = ''string''
                 and (r.headers::jsonb ->> ''tenant'') ~ ''^[^[:cntrl:]]{1,255}$''
                 and (r.headers::jsonb ->> ''tenant'') = pg_catalog.btrim(r.headers::jsonb ->> ''tenant'')
                then r.headers::jsonb ->> ''tenant'' end
      from unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
           as r(event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, xact_id,
                content_salt, content_commitment, erased_at, erasure__id)',
    lib_event.check_restoring(name))
    using event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, xact_id,
          content_salt, content_commitment, erased_at, erasure__id;
  get diagnostics inserted = row_count;
  return inserted;
end
$function$;

comment on function lib_event.restore_partition_rows(text,text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[]) is 'Put archived rows, one array per column as PostgreSQL''s text output (salt and commitment in hex), into a partition being restored; returns how many. An event''s tenant is taken from its headers.tenant, where recording put it (archives hold no tenant column); a value the tenant domain refuses (recorded before tenants existed) leaves it null.

LE068 unless lib_event.restore_partition_begin made the table in this transaction and it is not attached yet.';

grant execute on function lib_event.restore_partition_rows(text,text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[],text[]) to lib_event_maintenance;
