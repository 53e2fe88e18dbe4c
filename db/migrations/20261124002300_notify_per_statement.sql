-- migrate:up
set role lib_event_owner;

-- One NOTIFY per inserting statement instead of one per row: a batch of 1000
-- events sends 5 notifications, not 1000. A single event still sends exactly
-- its id, as before.
create function lib_event.notify_created_ids()
returns trigger
language plpgsql
as $$
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
$$;
comment on function lib_event.notify_created_ids() is
  'Trigger function: NOTIFY lib_event.created with the ids an INSERT recorded, comma-separated, at most 200 per notification.';

drop trigger event_notify_created on lib_event.event;
create trigger event_notify_created
  after insert on lib_event.event
  referencing new table as recorded
  for each statement execute function lib_event.notify_created_ids();
comment on trigger event_notify_created on lib_event.event is
  'Every recorded event is announced on the lib_event.created channel, at commit.

The payload is a comma-separated list of up to 200 event ids (one id for a
single create), in id order; a batch sends one notification per 200 events.
Split the payload on commas.';

comment on function lib_event.notify_created() is
  'Trigger function: NOTIFY lib_event.created with the new event''s id, one notification per row.

No longer attached (lib_event.notify_created_ids replaced it); kept so the
benchmark can compare one notification per row with one per statement.';

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
