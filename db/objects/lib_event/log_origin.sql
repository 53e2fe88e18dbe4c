-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.log_origin(wanted text DEFAULT NULL::text)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  stored text;
begin
  select o.origin into stored from lib_event.log_origin o;
  if stored is null then
    if wanted is not null and wanted !~ '^[!-*,-~]{1,255}$' then
      raise exception using
        errcode = 'LE072',
        message = pg_catalog.format('origin %s is not a note key name', lib_event.shortened(wanted)),
        hint = 'A scheme-less URL such as audit.example.com/lib_event: 1 to 255 printable ASCII characters, no space and no plus.';
    end if;
    insert into lib_event.log_origin (origin) values (coalesce(wanted, lib_event.default_origin())) on conflict do nothing;
    select o.origin into stored from lib_event.log_origin o;
  end if;
  if wanted is not null and wanted <> stored then
    raise exception using
      errcode = 'LE073',
      message = pg_catalog.format('the log''s origin is %s, not %s', stored, lib_event.shortened(wanted)),
      hint = 'A log keeps the origin of its first checkpoint: witnesses and auditors know it by that name. Configure that origin (LIB_EVENT_LOG_ORIGIN) or none.';
  end if;
  return stored;
end
$function$;

comment on function lib_event.log_origin(text) is 'The log''s origin: stored at the first call (wanted, else lib_event.default_origin()), then always that one.

Wanted another than the stored one: LE073; not a key name: LE072.';

grant execute on function lib_event.log_origin(text) to lib_event_sequencer;
