-- migrate:up

-- npm run erase rewrites an archive file in the current format, which
-- carries each event's position in the log; a file of format /1, written
-- before archives carried positions, has none: the rewrite takes them from
-- the log through lib_event.log_positions, as the privacy officer's login
-- (lib_event_eraser), which reads no table.

set role lib_event_owner;

create function lib_event.log_positions(event_ids uuid[])
returns table (event__id uuid, "position" bigint)
language sql
stable
security definer
set search_path = ''
as $$
  select l.event__id, l.position
    from lib_event.log_entry l
   where l.event__id = any (event_ids);
$$;
comment on function lib_event.log_positions(uuid[]) is 'The positions in the log of these events (no row for one the log does not place): npm run erase gives them to the rows of an archive file of format /1, which has none, when it rewrites the file.

Ids and positions only, never content. Members of lib_event_eraser only.';

revoke all on function lib_event.log_positions(uuid[]) from public;
grant execute on function lib_event.log_positions(uuid[]) to lib_event_eraser;

reset role;

-- migrate:down
-- Forward-only: a new migration undoes an old one.
