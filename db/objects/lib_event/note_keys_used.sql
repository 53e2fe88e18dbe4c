-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.note_keys_used(api_key__ids uuid[])
 RETURNS integer
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  with noted as (
    update lib_event.api_key k
       set last_used_at = pg_catalog.now()
     where k.api_key__id = any (api_key__ids)
       and (k.last_used_at is null or k.last_used_at < pg_catalog.now())
    returning 1)
  select pg_catalog.count(*)::integer from noted
$function$;

comment on function lib_event.note_keys_used(uuid[]) is 'Note that these API keys were used just now (lib_event.api_key.last_used_at): the sequencer calls it with the ids it heard on lib_event.key_used, a second''s worth at a time; returns how many keys it noted (unknown ids are skipped). Executable by lib_event_sequencer alone.';

grant execute on function lib_event.note_keys_used(uuid[]) to lib_event_sequencer;
