-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.count_refusal(code text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  counter regclass := pg_catalog.to_regclass('lib_event.refusals_' || pg_catalog.lower(code));
begin
  -- Never in the way of the refusal it counts: a code without a counter and
  -- a read-only transaction (where nextval is an error) are not counted.
  if counter is null or pg_catalog.current_setting('transaction_read_only') = 'on' then
    return;
  end if;
  perform pg_catalog.nextval(counter);
end
$function$;

comment on function lib_event.count_refusal(text) is 'Count one refusal with this error code in its sequence lib_event.refusals_<code> (not undone when the refused transaction rolls back); nothing for a code without one, or in a read-only transaction.';

grant execute on function lib_event.count_refusal(text) to lib_event_anon;
grant execute on function lib_event.count_refusal(text) to lib_event_producer;
grant execute on function lib_event.count_refusal(text) to lib_event_producer_reader;
grant execute on function lib_event.count_refusal(text) to lib_event_reader;
