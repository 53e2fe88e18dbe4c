-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_follow_page_size(page_size integer)
 RETURNS integer
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE
AS $function$
begin
  if page_size is null then
    return 100;
  end if;
  if page_size not between 1 and 1000 then
    raise exception using
      errcode = 'LE031',
      message = pg_catalog.format('page_size %s is out of range', page_size),
      hint = 'Ask for 1 to 1000 events at a time, or leave page_size out for 100.';
  end if;
  return page_size;
end
$function$;

comment on function lib_event.check_follow_page_size(integer) is 'The page size of a follow read: page_size itself when 1 to 1000, 100 when null; raises LE031 otherwise.';
