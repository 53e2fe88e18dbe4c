-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.leaf_field(value text)
 RETURNS bytea
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$
  -- A 4-byte big-endian length and the UTF-8 bytes; null is length ffffffff.
  -- No SET clause (every name is qualified): the planner inlines it.
  select case when value is null then '\xffffffff'::bytea
              else pg_catalog.int4send(pg_catalog.octet_length(pg_catalog.convert_to(value, 'UTF8')))
                   || pg_catalog.convert_to(value, 'UTF8') end;
$function$;

comment on function lib_event.leaf_field(text) is 'One field of a leaf''s encoding: its length as 4 bytes big-endian, then its UTF-8 bytes; null is ff ff ff ff and nothing.';
