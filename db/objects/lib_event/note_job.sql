-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.note_job(job text, succeeded boolean, detail text)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  insert into lib_event.job_run as r (job, succeeded, detail, last_success_at)
  values (job, succeeded, pg_catalog.left(detail, 1000), case when succeeded then pg_catalog.now() end)
  on conflict on constraint job_run_pkey do update
     set succeeded = excluded.succeeded, detail = excluded.detail, finished_at = excluded.finished_at,
         last_success_at = coalesce(excluded.last_success_at, r.last_success_at);
$function$;

comment on function lib_event.note_job(text,boolean,text) is 'Record how a run of a maintenance job (archive) ended; lib_events.health() reports a failed last archive.';

grant execute on function lib_event.note_job(text,boolean,text) to lib_event_maintenance;
