-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_ingest_publisher_key()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
  if new.api_key__id is not null
     and not exists (select from lib_event.api_key k
                      where k.api_key__id = new.api_key__id and k.consumer = new.consumer and k.access <> 'reader') then
    raise exception using
      errcode = 'LE015',
      message = pg_catalog.format('broker user %L is mapped to key %s, which is no recording key of consumer %s',
        new.amqp_user, new.api_key__id, new.consumer),
      hint = 'Map the user to a producer or producer_reader key of the same consumer (npm run key:list shows them), or leave api_key__id null.';
  end if;
  return new;
end
$function$;

comment on function lib_event.check_ingest_publisher_key() is 'Trigger function: a broker user mapped to an API key is mapped to a recording key of its own consumer (LE015).';
