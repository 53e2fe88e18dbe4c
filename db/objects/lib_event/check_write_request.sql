-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_write_request()
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
  statement record := lib_event.postgrest_statement(pg_catalog.current_query());
  request text := pg_catalog.concat_ws(' ', pg_catalog.current_setting('request.method', true),
                    pg_catalog.current_setting('request.path', true));
  applied text[];
begin
  -- A SQL caller's statement is its own: nothing is applied behind its back.
  if statement.source is null then
    return;
  end if;

  -- With select=... alone the read of the result is
  -- SELECT <columns> FROM "pgrst_source" AS "<alias>" and nothing after it
  -- (names are ? in the parts lib_event.postgrest_statement returns).
  if statement.result_read !~ '^SELECT .* FROM \? AS \?$' then
    applied := pg_catalog.array_remove(array[
      case when statement.result_read ~ '\mWHERE\M' then 'filters (column=operator.value)' end,
      case when statement.result_read ~ '\mORDER BY\M' then 'order' end,
      case when statement.result_read ~ '\mLIMIT \$' then 'limit' end,
      case when statement.result_read ~ '\mOFFSET \$' then 'offset' end,
      case when statement.result_read ~ '\mJOIN\M' then 'embedded resources' end], null);
    perform lib_event.count_refusal('LE081');
    raise exception using
      errcode = 'LE081',
      message = pg_catalog.format('%s does not take %s: PostgREST applies query parameters to the answer, after the write',
        coalesce(request, 'this call'),
        coalesce(pg_catalog.array_to_string(applied, ', '), 'query parameters but select')),
      detail = 'PostgREST applies a query string''s filters, order, limit and offset to what a function returns, once it has run: the answer would leave out what was written. Nothing was written.',
      hint = 'Send the request without query parameters; select=<columns> alone is allowed.';
  end if;

  if statement.binds_array then
    perform lib_event.count_refusal('LE082');
    raise exception using
      errcode = 'LE082',
      message = pg_catalog.format('%s takes one JSON object, not an array: PostgREST would pass its first element alone',
        coalesce(request, 'this call')),
      detail = 'PostgREST binds named arguments from the first element of an array body and drops the others. Nothing was written.',
      hint = 'Send one event as a JSON object to /rpc/create; send several, all or nothing, as an array to /rpc/create_many.';
  end if;
end
$function$;

comment on function lib_event.check_write_request() is 'Called first by every function of lib_events that writes: refuse a PostgREST request whose answer would hide the write, before anything is written.

LE081: query parameters other than select (PostgREST applies filters, order,
limit and offset to the function''s result after it ran). LE082: an array
body bound to named arguments (PostgREST passes its first element alone). A
SQL caller is never refused: its statement is its own.';
