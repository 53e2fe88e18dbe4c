-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_is_component(relation oid)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  select exists (
    select from pg_catalog.pg_class c
     where c.oid = relation
       and c.relnamespace = 'lib_events'::regnamespace
       and (c.relkind = 'c'
            or (c.relkind in ('r', 'v', 'm', 'f', 'p')
                and lib_event.openapi_relation_access(c.oid) is not null)));
$function$;

comment on function lib_event.openapi_is_component(oid) is 'Whether a row type is a component schema of the document.

Composite types of lib_events are, and so are the relations of lib_events an
API role may read. Other row types are written out where they are used.';
