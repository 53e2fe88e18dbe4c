-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.is_rfc3339_time(value text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  -- RFC 3339, section 5.6, date-time: full-date "T" full-time, with Z or a
  -- numeric offset, "T" and "Z" in either case (the format date-time of
  -- JSON Schema and of the API document).
  select value ~ ('^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]'
                  '([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?'
                  '([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$');
$function$;

comment on function lib_event.is_rfc3339_time(text) is 'Whether a text is an RFC 3339 date-time (2026-11-24T10:00:00Z, 2026-11-24T11:00:00.5+01:00): a date, T, a time, and Z or an offset.';
