-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.check_scope(dimension text, scope text[], domain_name text, allowed text)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
declare
  misfit text;
begin
  if scope is null then
    return;
  end if;
  if pg_catalog.cardinality(scope) = 0 then
    raise exception using
      errcode = 'LE013',
      message = pg_catalog.format('the %s scope is empty: the key could use nothing', dimension),
      hint = pg_catalog.format('Name at least one, or leave the %s scope out for every one. %s', dimension, allowed);
  end if;
  select s into misfit from pg_catalog.unnest(scope) s
   where s is null or not pg_catalog.pg_input_is_valid(s, domain_name) limit 1;
  if found then
    raise exception using
      errcode = 'LE013',
      message = pg_catalog.format('%s scope %s is not allowed', dimension,
        coalesce(pg_catalog.quote_literal(pg_catalog.left(misfit, 100)), 'null')),
      hint = allowed;
  end if;
end
$function$;

comment on function lib_event.check_scope(text,text[],text,text) is 'Refuse a key scope that is empty or holds a value its domain does not take (LE013), naming the value and what is allowed.';
