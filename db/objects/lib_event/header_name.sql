-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.header_name(key text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
  -- Around the name: Unicode White_Space, the C0 and C1 controls, and the
  -- default-ignorable (invisible) characters: soft hyphen, zero-width
  -- spaces and joiners, bidirectional marks, variation selectors, BOM.
  select pg_catalog.lower(pg_catalog.regexp_replace(pg_catalog.normalize(key, 'NFKC'),
    '^[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u061c\u115f\u1160\u1680\u17b4\u17b5\u180b-\u180f\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0]+'
    '|[\s\u0001-\u001f\u007f-\u00a0\u00ad\u034f\u061c\u115f\u1160\u1680\u17b4\u17b5\u180b-\u180f\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0]+$',
    '', 'g'));
$function$;

comment on function lib_event.header_name(text) is 'A header key as the reserved-name check reads it: NFKC-normalised, lower-cased, without the white space, control or invisible characters around it.';
