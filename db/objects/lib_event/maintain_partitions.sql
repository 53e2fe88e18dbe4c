-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.maintain_partitions(at timestamp with time zone DEFAULT now())
 RETURNS TABLE(action text, partition text, starts_at timestamp with time zone, ends_at timestamp with time zone)
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select m.*
    from lib_event.partition_policy p,
         -- From now (or `at`, if earlier), so a run ahead leaves no gap.
         lib_event.make_partitions(lib_event.period_start(least(at, pg_catalog.now()), p.period),
           lib_event.period_start(at, p.period) + ('1 ' || p.period)::interval * (p.periods_ahead + 1)) m;
$function$;

comment on function lib_event.maintain_partitions(timestamp with time zone) is 'Keep partitions of lib_event.event ready for the current period and the next periods_ahead ones (lib_event.partition_policy); returns what it made. Idempotent: run it as often as you like (npm start runs it every hour; or cron, or pg_cron).';

grant execute on function lib_event.maintain_partitions(timestamp with time zone) to lib_event_maintenance;
