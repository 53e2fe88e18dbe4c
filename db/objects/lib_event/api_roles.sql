-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.api_roles()
 RETURNS TABLE(access text, role_name text)
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$
  -- The roles lib_event.check_request switches to: one per api_key_access value.
  select e.a::text, 'lib_event_' || e.a::text
    from pg_catalog.unnest(pg_catalog.enum_range(null::lib_event.api_key_access)) with ordinality as e(a, n)
   order by e.n;
$function$;

comment on function lib_event.api_roles() is 'The roles an API key can switch to, with the access value that grants each.

Derived from lib_event.api_key_access exactly as lib_event.check_request derives
the role, so a new access level needs no change here.';
