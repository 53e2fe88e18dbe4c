-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.one_of(name text, value anyelement, older_name text, older_value anyelement)
 RETURNS anyelement
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE
AS $function$
begin
  if value is not null and older_value is not null and value is distinct from older_value then
    raise exception using
      errcode = 'LE080',
      message = pg_catalog.format('%s %s and %s %s disagree',
        name, lib_event.shortened(value::text), older_name, lib_event.shortened(older_value::text)),
      hint = pg_catalog.format('%s is the older name of %s: send only %s.', older_name, name, name);
  end if;
  return coalesce(value, older_value);
end
$function$;

comment on function lib_event.one_of(text,anyelement,text,anyelement) is 'A parameter given under its name or under the older name it replaced: the one that is not null; LE080 when both are given with different values.';
