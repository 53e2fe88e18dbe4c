-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.read_scoped()
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  -- One lookup of the key: the read_scope_* functions each make one.
  select coalesce((select k.access <> 'producer'
                          and (k.scope_event_types is not null or k.scope_consumers is not null
                               or k.scope_tenants is not null)
                     from lib_event.request_key() k), false)
$function$;

comment on function lib_event.read_scoped() is 'Whether this request''s key reads only a share of the log (false without a key, for an unscoped key and for a producer key, which reads nothing). The read views call it once per statement to choose their branch, as the role of the request: executable by lib_event_reader.';

grant execute on function lib_event.read_scoped() to lib_event_reader;
