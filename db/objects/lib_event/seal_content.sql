-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.seal_content()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  -- Every name qualified, no SET clause: this runs for every event recorded.
  new.content_commitment := lib_event.content_commitment(new.content_salt, new.headers, new.payload);
  new.leaf_hash := lib_event.leaf_hash_v2(new.event__id, new.event_type::text, new.occurred_at, new.created_at,
                                          new.source, new.partition_key, new.consumer, new.content_commitment);
  return new;
end
$function$;

comment on function lib_event.seal_content() is 'Trigger function: the content commitment and v2 leaf hash of an event being recorded, from its salt.';
