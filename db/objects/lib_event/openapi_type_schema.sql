-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_type_schema(type_oid oid)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE
AS $function$
declare
  t pg_catalog.pg_type;
begin
  select * into t from pg_catalog.pg_type where oid = type_oid;
  if not found then
    return '{}'::jsonb;
  end if;
  if t.typtype = 'd' then
    return lib_event.openapi_type_schema(t.typbasetype);
  end if;
  if t.typtype = 'e' then
    return pg_catalog.jsonb_build_object('type', 'string', 'enum',
      (select pg_catalog.jsonb_agg(e.enumlabel order by e.enumsortorder)
         from pg_catalog.pg_enum e where e.enumtypid = type_oid));
  end if;
  if t.typcategory = 'A' and t.typelem <> 0 then
    return pg_catalog.jsonb_build_object('type', 'array', 'items', lib_event.openapi_type_schema(t.typelem));
  end if;
  if t.typtype = 'c' then
    if lib_event.openapi_is_component(t.typrelid) then
      return pg_catalog.jsonb_build_object('$ref', '#/components/schemas/' || t.typname);
    end if;
    return lib_event.openapi_row_schema(t.typrelid)::jsonb;
  end if;
  return case t.typname
    when 'int2' then '{"type": "integer", "format": "int32"}'
    when 'int4' then '{"type": "integer", "format": "int32"}'
    when 'int8' then '{"type": "integer", "format": "int64"}'
    when 'float4' then '{"type": "number", "format": "float"}'
    when 'float8' then '{"type": "number", "format": "double"}'
    when 'numeric' then '{"type": "number"}'
    when 'bool' then '{"type": "boolean"}'
    when 'uuid' then '{"type": "string", "format": "uuid"}'
    when 'timestamptz' then '{"type": "string", "format": "date-time"}'
    when 'date' then '{"type": "string", "format": "date"}'
    when 'timetz' then '{"type": "string", "format": "time"}'
    when 'json' then '{}'
    when 'jsonb' then '{}'
    else '{"type": "string"}'
  end::jsonb;
end
$function$;

comment on function lib_event.openapi_type_schema(oid) is 'The JSON schema of the values of a PostgreSQL type, as PostgREST reads and writes them.

Integers and floats are numbers; uuid, timestamptz and date are strings with the
uuid, date-time and date formats; json and jsonb are any JSON value; arrays are
arrays of their element''s schema; enums list their labels; domains take their
base type''s schema; composite types of lib_events refer to their component
schema. Every other type travels as a string.';
