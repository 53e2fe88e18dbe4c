-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.is_transient(state text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
  -- Only what the message itself got wrong keeps it out: a data exception
  -- (class 22), an integrity clash (23), lib_event's own checks (LE...), its
  -- size bounds (PT413) and an event outside the mapped key's scope (PT403).
  -- Everything else (no partition ready, a lock, a read-only server after
  -- failover, lost connections, internal errors) is the server's trouble:
  -- the loader retries the batch and nothing is dead-lettered for it.
  select not (pg_catalog.left(state, 2) in ('22', '23', 'LE') or state in ('PT413', 'PT403'));
$function$;

comment on function lib_event.is_transient(text) is 'Whether an SQLSTATE says "try again later" (the server''s trouble) rather than "this message is wrong" (22, 23, LE..., PT413, PT403).';
