-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_follow_max(max integer)
 RETURNS integer
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE
AS $function$
begin
  if max is null then
    return 100;
  end if;
  if max not between 1 and 1000 then
    raise exception using
      errcode = 'LE031',
      message = pg_catalog.format('max %s is out of range', max),
      hint = 'Ask for 1 to 1000 events at a time, or leave max out for 100.';
  end if;
  return max;
end
$function$;

comment on function lib_event.check_follow_max(integer) is 'The page size of a follow read: max itself when 1 to 1000, 100 when null; raises LE031 otherwise.';
