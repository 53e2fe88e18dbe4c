-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.make_partitions(from_time timestamp with time zone, to_time timestamp with time zone)
 RETURNS TABLE(action text, partition text, starts_at timestamp with time zone, ends_at timestamp with time zone)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  policy lib_event.partition_policy;
  step interval;
  next_start timestamptz;
  next_end timestamptz;
  covering timestamptz;
begin
  -- One maker at a time; a second call finds the work done.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('lib_event.make_partitions'));
  select * into policy from lib_event.partition_policy;
  step := ('1 ' || policy.period)::interval;
  next_start := lib_event.period_start(from_time, policy.period);
  while next_start < to_time loop
    -- Inside a partition already: skip to its end.
    select p.ends_at into covering from lib_event.partitions p
     where p.starts_at <= next_start and next_start < p.ends_at;
    if found then
      next_start := covering;
      continue;
    end if;
    -- To the next period boundary, or to the next partition if it starts
    -- sooner (a gap between partitions of another period).
    next_end := least(lib_event.period_start(next_start, policy.period) + step,
                      (select pg_catalog.min(p.starts_at) from lib_event.partitions p where p.starts_at > next_start));
    action := 'created';
    partition := 'event_p' || pg_catalog.to_char(next_start at time zone 'UTC', 'YYYYMMDD');
    starts_at := next_start;
    ends_at := next_end;
    perform lib_event.create_partition(partition, starts_at, ends_at);
    return next;
    next_start := next_end;
  end loop;
end
$function$;

comment on function lib_event.make_partitions(timestamp with time zone,timestamp with time zone) is 'Make the partitions of lib_event.event missing for recording times from from_time to to_time, a period each (lib_event.partition_policy); returns what it made. For imports of past events, and restores.';
