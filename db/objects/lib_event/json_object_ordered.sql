-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.json_object_ordered(keys text[], vals json[])
 RETURNS json
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  -- Multi-argument unnest is only recognized unqualified.
  select coalesce(pg_catalog.json_object_agg(x.k, x.v order by x.n), '{}'::json)
    from unnest(keys, vals) with ordinality as x(k, v, n)
   where x.v is not null;
$function$;

comment on function lib_event.json_object_ordered(text[],json[]) is 'A JSON object with the given keys in the given order, leaving out keys whose value is SQL null.';
