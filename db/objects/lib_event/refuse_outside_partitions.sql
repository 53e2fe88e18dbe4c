-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.refuse_outside_partitions()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  raise exception using
    errcode = 'PT507',
    message = pg_catalog.format('no partition of lib_event.event is ready for events recorded at %s',
      lib_event.uuid_time(new.event__id)),
    hint = 'Nothing was recorded; retry shortly. The owner keeps partitions ready with select * from lib_event.maintain_partitions() (npm start runs it every hour).';
end
$function$;

comment on function lib_event.refuse_outside_partitions() is 'Trigger function of the default partition: an event no partition takes is refused (PT507, HTTP 507 Insufficient Storage: retry), never kept in a catch-all.';
