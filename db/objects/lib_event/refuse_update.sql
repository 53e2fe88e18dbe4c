-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.refuse_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  if pg_catalog.current_setting('lib_event.erasure_seal', true) is not distinct from lib_event.consumer_seal(' erasure')
     and pg_catalog.current_setting('lib_event.erasure_seal', true) <> '' then
    if tg_level = 'STATEMENT' then
      return null;
    end if;
    if new.payload is null and new.content_salt is null and new.erased_at is not null and old.erased_at is null
       and new.erasure__id::text = pg_catalog.current_setting('lib_event.erasure__id', true)
       and (new.event__id, new.event_type, new.occurred_at, new.created_at, new.source, new.partition_key, new.consumer,
            new.xact_id, new.content_commitment, new.leaf_hash)
           is not distinct from
           (old.event__id, old.event_type, old.occurred_at, old.created_at, old.source, old.partition_key, old.consumer,
            old.xact_id, old.content_commitment, old.leaf_hash) then
      return new;
    end if;
  end if;
  raise exception using
    errcode = 'LE009',
    message = 'events are append-only: an UPDATE of lib_event.event is refused',
    hint = 'Record a new event that corrects the old one instead; lib_event.erase removes personal data.';
end
$function$;

comment on function lib_event.refuse_update() is 'Trigger function: refuses every UPDATE of lib_event.event, whoever runs it.';
