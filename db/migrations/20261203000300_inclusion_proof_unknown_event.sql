-- migrate:up

-- inclusion_proof told an id that was never recorded what it tells an event
-- not sequenced yet (LE071, "ask again shortly"): asking again never helps
-- there. An id the log does not hold, sequenced or not, is now PT404 (HTTP
-- 404), as event_payload answers it; LE071 stays for an event recorded but
-- not placed yet, and for one placed after the tree asked about. The API
-- document's 404 of an operation that raises PT404 names it beside PGRST202.

set role lib_event_owner;

create or replace function lib_events.inclusion_proof(event__id uuid, tree_size bigint default null)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  size bigint := coalesce(tree_size, (select pg_catalog.max(c.tree_size) from lib_event.log_checkpoint c));
  entry lib_event.log_entry;
begin
  select * into entry from lib_event.log_entry l where l.event__id = inclusion_proof.event__id;
  if not found then
    if not exists (select from lib_event.event e where e.event__id = inclusion_proof.event__id) then
      raise exception using
        errcode = 'PT404',
        message = pg_catalog.format('no event %s', inclusion_proof.event__id),
        hint = 'Pass the event__id of a recorded event (the receipt of create gives it).';
    end if;
    raise exception using
      errcode = 'LE071',
      message = pg_catalog.format('event %s is not sequenced', inclusion_proof.event__id),
      hint = 'An event gets its position moments after it is recorded; ask again shortly.';
  end if;
  perform lib_event.check_tree_size(size, 'tree_size');
  if entry.position > size then
    raise exception using
      errcode = 'LE071',
      message = pg_catalog.format('event %s is at position %s, after the tree of size %s', inclusion_proof.event__id, entry.position, size),
      hint = 'Ask against a later checkpoint.';
  end if;
  return pg_catalog.jsonb_build_object(
    'event__id', entry.event__id, 'position', entry.position, 'leaf_index', entry.position - 1, 'tree_size', size,
    'leaf_hash', pg_catalog.encode(entry.leaf_hash, 'hex'),
    'root_hash', pg_catalog.encode(lib_event.tree_root(size), 'hex'),
    'path', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.encode(h, 'hex') order by n), '[]')
               from pg_catalog.unnest(lib_event.inclusion_path(entry.position - 1, 0, size)) with ordinality p(h, n)));
end
$$;

comment on function lib_events.inclusion_proof(uuid, bigint) is 'Proof that an event is in the log''s tree of tree_size events (default: the latest checkpoint): its leaf hash, leaf index and audit path (RFC 6962, hex, nearest sibling first). Check it against a signed checkpoint of that size; npm run verify -- --proof does. An id the log does not hold: PT404 (HTTP 404); recorded but not sequenced yet, or after that tree: LE071; a size the log does not have: LE070.';

create or replace function lib_event.openapi_error_responses(statuses integer[], function_codes text[], access text[])
returns json
language sql
stable
as $$
  -- One entry per status, each a reference to the shared response with a
  -- description naming what this operation can raise. A PTxxx code the
  -- operation raises adds status xxx (PostgREST: "PT" and a status).
  select pg_catalog.json_object_agg(s.status::text, pg_catalog.json_build_object(
           '$ref', '#/components/responses/' || case s.status
              when 400 then 'BadRequest' when 401 then 'Unauthorized' when 403 then 'Forbidden'
              when 404 then 'NotFound' when 409 then 'Conflict' when 413 then 'PayloadTooLarge'
              when 416 then 'RangeNotSatisfiable' end,
           'description', case s.status
              when 400 then pg_catalog.concat_ws(' ',
                'Bad input.',
                'This operation''s own checks: ' || (select pg_catalog.string_agg(c, ', ' order by c collate "C")
                   from pg_catalog.unnest(function_codes) c where c like 'LE%') || '.',
                'Other causes: 22P02 (malformed uuid or JSON), 22007 (malformed time), 42703 (unknown column), PGRST1xx (malformed request).')
              when 401 then 'No API key, or an unknown or revoked one (PT401).'
              when 403 then pg_catalog.format('The API key''s access does not allow this operation (PT403). Allowed: %s.',
                pg_catalog.array_to_string(access, ', '))
              when 404 then case when 'PT404' = any(function_codes)
                then 'No event with the id given (PT404; the message names it), or no function of this name takes these arguments (PGRST202).'
                else 'No function of this name takes these arguments (PGRST202): check the argument names.' end
              when 409 then 'The request conflicts with recorded data (23505, 23503).'
              when 413 then 'A value is over a size bound (PT413); the message names the bound.'
              when 416 then 'The requested range starts past the last row (PGRST103).'
           end)
         order by s.status)
    from (select distinct x.status
            from pg_catalog.unnest(statuses || array(
                   select substring(c from 3)::int from pg_catalog.unnest(function_codes) c
                    where c ~ '^PT(400|401|403|404|409|413|416)$')) as x(status)) s;
$$;

reset role;

-- migrate:down
