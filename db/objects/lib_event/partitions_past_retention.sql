-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.partitions_past_retention(at timestamp with time zone DEFAULT now())
 RETURNS TABLE(partition text, starts_at timestamp with time zone, ends_at timestamp with time zone, archived boolean)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select p.partition, p.starts_at, p.ends_at, a.partition is not null
    from lib_event.partitions p
    join lib_event.partition_policy policy on policy.retention is not null
    left join lib_event.partition_archive a on a.partition = p.partition
   where p.ends_at <= at - policy.retention
   order by p.starts_at;
$function$;

comment on function lib_event.partitions_past_retention(timestamp with time zone) is 'The partitions whose whole period is older than the retention (lib_event.partition_policy.retention), oldest first, and whether each is archived: what npm run archive works through.';

grant execute on function lib_event.partitions_past_retention(timestamp with time zone) to lib_event_maintenance;
