-- migrate:up

-- An event no partition takes is refused with PT507 (HTTP 507), no longer
-- PT503: PostgREST 16.2 takes every 503 it sends for a lost database and
-- reloads its schema cache and flushes its connection pool, so each refused
-- write added that work while partition maintenance was behind. Producers
-- and the ingest loader still retry it (a 5xx, not the event's fault).

set role lib_event_owner;

create or replace function lib_event.refuse_outside_partitions()
returns trigger
language plpgsql
as $$
begin
  raise exception using
    errcode = 'PT507',
    message = pg_catalog.format('no partition of lib_event.event is ready for events recorded at %s',
      lib_event.uuid_time(new.event__id)),
    hint = 'Nothing was recorded; retry shortly. The owner keeps partitions ready with select * from lib_event.maintain_partitions() (npm start runs it every hour).';
end
$$;

comment on function lib_event.refuse_outside_partitions() is 'Trigger function of the default partition: an event no partition takes is refused (PT507, HTTP 507 Insufficient Storage: retry), never kept in a catch-all.';

reset role;

-- migrate:down
