-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.find_position(cursor text, OUT created_at timestamp with time zone, OUT event__id uuid)
 RETURNS record
 LANGUAGE plpgsql
 IMMUTABLE STRICT
AS $function$
declare
  decoded text[];
begin
  decoded := pg_catalog.string_to_array(pg_catalog.convert_from(pg_catalog.decode(
    pg_catalog.rpad(pg_catalog.translate(cursor, '-_', '+/'),
                    (pg_catalog.length(cursor) + 3) / 4 * 4, '='), 'base64'), 'UTF8'), '/');
  created_at := decoded[1]::timestamptz;
  event__id := decoded[2]::uuid;
  -- find only issues positions of recorded events (lib_events.find checks
  -- that one exists); a time no event can have is refused here already.
  if pg_catalog.cardinality(decoded) <> 2 or created_at is null or event__id is null
     or not pg_catalog.isfinite(created_at) then
    raise exception 'not a find cursor';
  end if;
exception when others then
  raise exception using
    errcode = 'LE020',
    message = pg_catalog.format('cursor %s is not one that find returned',
      pg_catalog.quote_literal(pg_catalog.left(cursor, 100))),
    hint = 'Send the cursor column of the last row of the previous page unchanged, or no cursor for the first page.';
end
$function$;

comment on function lib_event.find_position(text) is 'The (created_at, event__id) a find cursor stands for, or LE020 when it cannot be one.';
