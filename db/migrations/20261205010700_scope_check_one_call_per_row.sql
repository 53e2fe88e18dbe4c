-- migrate:up

-- The scope policy as one call per row. Written out as an expression, its
-- selectivity looked tiny to the planner (a parameter IS NULL, LIKE ANY),
-- which then read a whole index range and sorted it rather than walk the
-- created_at index to the first 100 rows, unscoped keys included. A
-- function call is estimated to pass a third of the rows: the plans stay
-- those of the table without a policy. The scope is still looked up once
-- per statement (the sub-selects), and an unscoped key returns at once.

set role lib_event_owner;

create function lib_event.within_key_scope(event_type text, consumer text, tenant text,
                                           type_likes text[], consumers text[], tenants text[]) returns boolean
language plpgsql immutable parallel safe
set search_path = ''
as $$
begin
  if type_likes is null and consumers is null and tenants is null then
    return true;
  end if;
  return (type_likes is null or event_type like any (type_likes))
     and (consumers is null or consumer = any (consumers))
     and (tenants is null or coalesce(tenant = any (tenants), false));
end
$$;
comment on function lib_event.within_key_scope(text,text,text,text[],text[],text[]) is 'Whether an event (type, consumer, tenant) is within a read scope (LIKE patterns of types, consumers, tenants; null: any). The scope policy on lib_event.event calls it once per row.';

drop policy event_read_within_key_scope on lib_event.event;
create policy event_read_within_key_scope on lib_event.event for select to lib_event_scoped_reader using (
  lib_event.within_key_scope(event_type::text, consumer::text, tenant::text,
    (select lib_event.read_scope_event_types()), (select lib_event.read_scope_consumers()),
    (select lib_event.read_scope_tenants())));
comment on policy event_read_within_key_scope on lib_event.event is 'A scoped API key reads only the events of its types, consumers and tenants, through every read path, all of which read as lib_event_scoped_reader (lib_events.events, lib_event.visible_event); a request without a key, or with an unscoped one, reads every event.';

reset role;

grant execute on function lib_event.within_key_scope(text,text,text,text[],text[],text[]) to lib_event_reader;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
