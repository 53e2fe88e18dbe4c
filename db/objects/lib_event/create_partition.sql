-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.create_partition(name text, starts_at timestamp with time zone, ends_at timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
  policy lib_event.partition_policy;
begin
  select * into policy from lib_event.partition_policy;
  -- Made apart, then attached: ATTACH takes a lock on the log producers do
  -- not wait on (SHARE UPDATE EXCLUSIVE), where CREATE ... PARTITION OF would
  -- block them; it does lock the (empty) default partition, so readers that
  -- scan every partition wait a moment. Never long: give up after 5 s
  -- (55P03) and let the next maintenance run try again.
  perform pg_catalog.set_config('lock_timeout', '5s', true);
  execute pg_catalog.format('create table lib_event.%I (like lib_event.event including defaults including constraints)%s',
    name, case when policy.hash_subpartitions is not null then ' partition by hash (event__id)' else '' end);
  for remainder in 0 .. coalesce(policy.hash_subpartitions, 0) - 1 loop
    execute pg_catalog.format('create table lib_event.%I partition of lib_event.%I for values with (modulus %s, remainder %s)',
      name || '_h' || remainder, name, policy.hash_subpartitions, remainder);
    execute pg_catalog.format('comment on table lib_event.%I is %L', name || '_h' || remainder,
      pg_catalog.format('Part %s of %s of %s, by hash of event__id.', remainder + 1, policy.hash_subpartitions, name));
  end loop;
  execute pg_catalog.format('alter table lib_event.event attach partition lib_event.%I for values from (%L) to (%L)',
    name, lib_event.uuid_floor(starts_at), lib_event.uuid_floor(ends_at));
  execute pg_catalog.format('comment on table lib_event.%I is %L', name,
    pg_catalog.format('The events recorded from %s to %s (UTC).', starts_at at time zone 'UTC', ends_at at time zone 'UTC'));
end
$function$;

comment on function lib_event.create_partition(text,timestamp with time zone,timestamp with time zone) is 'Make one partition of lib_event.event for recording times from starts_at to ends_at, split by hash as lib_event.partition_policy says.';
