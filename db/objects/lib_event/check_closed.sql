-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_closed(name text, ends_at timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
begin
  -- A partition is closed once its period is over and no transaction that
  -- could still write to it is running: recording assigns ids at clock time,
  -- so the last writer of a period ends within moments of its end.
  if ends_at > pg_catalog.now() - interval '1 hour' then
    raise exception using
      errcode = 'LE061',
      message = pg_catalog.format('partition %s is still being written: it takes events until %s', name, ends_at),
      hint = 'Archive or drop a partition only when its period ended more than an hour ago.';
  end if;
end
$function$;

comment on function lib_event.check_closed(text,timestamp with time zone) is 'LE061 unless a partition''s period ended more than an hour ago: one still being written is never archived or dropped.';
