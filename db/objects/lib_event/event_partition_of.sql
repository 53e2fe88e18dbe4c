-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.event_partition_of(part oid)
 RETURNS text
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
  select c.relname::text
    from pg_catalog.pg_partition_ancestors(part) a (relid)
    join pg_catalog.pg_inherits i on i.inhrelid = a.relid and i.inhparent = 'lib_event.event'::pg_catalog.regclass
    join pg_catalog.pg_class c on c.oid = a.relid;
$function$;

comment on function lib_event.event_partition_of(oid) is 'The partition of lib_event.event (one period''s, event_pYYYYMMDD) that holds a row whose tableoid is part: the part itself, or its parent under hash subpartitions. Archives, their locks and lib_event.partition_archive name this one.';
