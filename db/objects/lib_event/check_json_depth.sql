-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_json_depth(what text, value jsonb)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE PARALLEL SAFE
AS $function$
begin
  -- 128 is serde_json's default recursion limit, the lowest among common
  -- JSON readers that allow deep documents at all; a deeper value would
  -- be stored and then break the readers of the log. The path stops at
  -- level 128, so this check never recurses deeper itself.
  if pg_catalog.jsonb_path_exists(value,
       'strict $.**{128} ? (@.type() == "array" || @.type() == "object")') then
    perform lib_event.count_refusal('LE040');
    raise exception using
      errcode = 'LE040',
      message = pg_catalog.format('%s nests arrays and objects more than 128 deep', what),
      hint = 'Flatten the structure: at most 128 levels of nested arrays and objects are accepted.';
  end if;
end
$function$;

comment on function lib_event.check_json_depth(text,jsonb) is 'Refuse (LE040) a JSON value with more than 128 levels of nested arrays and objects; what names the value in the message.';
