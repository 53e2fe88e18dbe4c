-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.read_scope_event_types()
 RETURNS text[]
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select lib_event.event_type_likes(k.scope_event_types::text[])
    from lib_event.request_key() k
   where k.access <> 'producer'
$function$;

comment on function lib_event.read_scope_event_types() is 'The event types this request''s key may read, as LIKE patterns; null when any (no key, a key without a type scope, a producer key, which reads nothing).';

grant execute on function lib_event.read_scope_event_types() to lib_event_reader;
