-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.notify_created_ids()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  -- 200 ids of 36 characters plus commas make 7399 bytes: under NOTIFY's
  -- 8000-byte payload limit.
  perform pg_catalog.pg_notify('lib_event.created', chunk.ids)
     from (select pg_catalog.string_agg(r.event__id::text, ',' order by r.event__id) as ids
             from (select recorded.event__id,
                          (pg_catalog.row_number() over (order by recorded.event__id) - 1) / 200 as part
                     from recorded) r
            group by r.part) chunk;
  return null;
end
$function$;

comment on function lib_event.notify_created_ids() is 'Trigger function: NOTIFY lib_event.created with the ids an INSERT recorded, comma-separated, at most 200 per notification.';
