-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.ingest_failure(code text, reason text, advice text)
 RETURNS jsonb
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
begin
  if lib_event.is_transient(code) then
    raise exception using errcode = code, message = reason, hint = coalesce(advice, '');
  end if;
  return pg_catalog.jsonb_build_object('code', code, 'message', reason, 'hint', nullif(advice, ''));
end
$function$;

comment on function lib_event.ingest_failure(text,text,text) is 'Why a queued message is kept out, as {"code", "message", "hint"}; a transient error (lib_event.is_transient) is raised again instead, so the loader retries.';
