-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.headers_with_tenant(headers jsonb, tenant text, n bigint, how_many bigint)
 RETURNS jsonb
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
begin
  if tenant is null or pg_catalog.jsonb_typeof(headers) is distinct from 'object' then
    return headers;
  end if;
  if headers ? 'tenant' and headers ->> 'tenant' is distinct from tenant then
    raise exception using
      errcode = 'LE014',
      message = pg_catalog.format('%stenant %s and headers.tenant %s differ', lib_event.batch_position(n, how_many),
        pg_catalog.quote_literal(lib_event.shortened(tenant)), lib_event.shortened((headers -> 'tenant')::text)),
      hint = 'Give the tenant once: the tenant field, or headers.tenant.';
  end if;
  return headers || pg_catalog.jsonb_build_object('tenant', tenant);
end
$function$;

comment on function lib_event.headers_with_tenant(jsonb,text,bigint,bigint) is 'An event''s headers with its tenant field as headers.tenant, where the event keeps it; LE014 when both are given and differ.';
