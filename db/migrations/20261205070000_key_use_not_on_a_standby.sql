-- migrate:up

-- A read replica serves GETs with the same pre-request, and a standby cannot
-- NOTIFY: the key-use announcement refused every keyed read there. It is
-- now left out on a standby.

set role lib_event_owner;

create or replace function lib_event.authenticate_request(api_key text)
 RETURNS TABLE(consumer text, access lib_event.api_key_access)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  holder record;
  -- The minute this session last announced this key's use, in a session
  -- setting: PostgREST reuses its sessions, so most requests send nothing.
  announced_setting text;
  this_minute text := pg_catalog.floor(extract(epoch from pg_catalog.now()) / 60)::bigint::text;
begin
  select k.api_key__id, k.consumer::text as consumer, k.access into holder
    from lib_event.api_key k
   where k.key_hash = lib_event.api_key_hash(api_key)
     and k.revoked_at is null;
  if found then
    perform lib_event.seal_consumer(holder.consumer);
    perform lib_event.seal_key(holder.api_key__id);
    -- NOTIFY, not a write: a GET runs READ ONLY. It is sent at commit, so a
    -- refused request announces nothing (and the setting rolls back too).
    announced_setting := 'lib_event.key_used_' || pg_catalog.replace(holder.api_key__id::text, '-', '_');
    -- A standby cannot NOTIFY (nor would the primary's sequencer hear it):
    -- reads served by a replica are not noted.
    if pg_catalog.current_setting(announced_setting, true) is distinct from this_minute
       and not pg_catalog.pg_is_in_recovery() then
      perform pg_catalog.set_config(announced_setting, this_minute, false);
      perform pg_catalog.pg_notify('lib_event.key_used', holder.api_key__id::text);
    end if;
    return query select holder.consumer, holder.access;
  end if;
end
$function$;;

comment on function lib_event.authenticate_request(text) is 'The pre-request''s key lookup: the consumer and access of an active API key, with the consumer and the key sealed into this transaction (lib_event.seal_consumer, lib_event.seal_key: the key''s scopes then apply); no row, and nothing sealed, when the key is unknown or revoked.

An active key''s use is announced on lib_event.key_used (payload: its
api_key__id) at most once a minute per session and key; the sequencer notes
it in lib_event.api_key.last_used_at. Reads a standby serves are not noted (a standby cannot NOTIFY).';


reset role;

-- migrate:down
