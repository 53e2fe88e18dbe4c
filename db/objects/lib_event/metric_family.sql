-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.metric_family(name text, kind text, help text, samples text[])
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
 SET search_path TO ''
AS $function$
  select pg_catalog.format(E'# HELP %s %s\n# TYPE %s %s\n', name, help, name, kind)
      || coalesce(pg_catalog.array_to_string(samples, E'\n') || E'\n', '');
$function$;

comment on function lib_event.metric_family(text,text,text,text[]) is 'One metric family in Prometheus''s text format: its HELP and TYPE lines, then its samples (each "name{labels} value").';
