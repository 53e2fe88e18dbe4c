-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_filter_parameter(column_name text, type_oid oid, column_comment text)
 RETURNS json
 LANGUAGE plpgsql
 STABLE
AS $function$
declare
  base oid := type_oid;
  category "char";
  type_name text;
  operators text[];
  example text;
  pattern text;
  meanings jsonb := '{
    "eq": "equals", "neq": "not equal", "gt": "greater than", "gte": "greater than or equal",
    "lt": "less than", "lte": "less than or equal", "in": "one of a list, in.(a,b,c)",
    "is": "is.null, is.true, is.false or is.unknown", "isdistinct": "IS DISTINCT FROM, null compares as a value",
    "like": "LIKE pattern, * stands for %", "ilike": "case-insensitive like", "match": "POSIX regular expression (~)",
    "imatch": "case-insensitive match (~*)", "cs": "contains (@>)", "cd": "is contained in (<@)",
    "ov": "overlaps (&&)", "sl": "strictly left of (<<)", "sr": "strictly right of (>>)",
    "nxr": "does not extend to the right of (&<)", "nxl": "does not extend to the left of (&>)",
    "adj": "is adjacent to (-|-)", "fts": "full-text search, to_tsquery", "plfts": "plainto_tsquery",
    "phfts": "phraseto_tsquery", "wfts": "websearch_to_tsquery"}';
begin
  while (select t.typtype = 'd' from pg_catalog.pg_type t where t.oid = base) loop
    select t.typbasetype into base from pg_catalog.pg_type t where t.oid = base;
  end loop;
  select t.typcategory, t.typname into category, type_name from pg_catalog.pg_type t where t.oid = base;

  operators := case
    when type_name = 'json' then array['is']
    when type_name = 'jsonb' then array['eq', 'neq', 'in', 'is', 'isdistinct', 'cs', 'cd']
    when type_name = 'tsvector' then array['fts', 'plfts', 'phfts', 'wfts', 'is']
    when category = 'A' then array['eq', 'neq', 'is', 'isdistinct', 'cs', 'cd', 'ov']
    when category = 'R' then array['eq', 'neq', 'is', 'isdistinct', 'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj']
    when category = 'B' then array['eq', 'neq', 'is', 'isdistinct']
    when category = 'S' then array['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'is', 'isdistinct', 'like', 'ilike', 'match', 'imatch']
    else array['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'is', 'isdistinct']
  end;
  example := case
    when type_name = 'uuid' then 'eq.0195f1c2-7a3b-7c4d-8e5f-a6b7c8d9e0f1'
    when type_name in ('timestamptz', 'timestamp') then 'gte.2026-01-01T00:00:00Z'
    when type_name = 'date' then 'gte.2026-01-01'
    when type_name in ('jsonb', 'json') then 'cs.{"key":"value"}'
    when category = 'S' then 'like.prefix*'
    when category = 'N' then 'gt.10'
    when category = 'B' then 'is.true'
    when category = 'A' then 'cs.{a,b}'
    else 'eq.value'
  end;
  if type_name = 'json' then
    example := 'is.null';
  end if;
  pattern := '^(not\.)?(' || pg_catalog.array_to_string(operators, '|') || ')(\([a-z_]+\))?\.';

  return lib_event.json_object_ordered(
    array['name', 'in', 'required', 'description', 'style', 'explode', 'schema'],
    array[
      pg_catalog.to_json(column_name),
      pg_catalog.to_json('query'::text),
      pg_catalog.to_json(false),
      pg_catalog.to_json(pg_catalog.concat_ws(E'\n\n',
        pg_catalog.format('Filter on %s (%s): `%s=<operator>.<value>`, e.g. `%s=%s`.',
          column_name, pg_catalog.format_type(base, null), column_name, column_name, example),
        'Operators: ' || (select pg_catalog.string_agg(pg_catalog.format('`%s` %s', o.op, meanings ->> o.op), '; ' order by o.n)
                            from pg_catalog.unnest(operators) with ordinality as o(op, n)) || '.',
        pg_catalog.format('Prefix `not.` to negate (`%s=not.%s`). Give the parameter more than once to combine conditions with AND.',
          column_name, example),
        column_comment)),
      pg_catalog.to_json('form'::text),
      pg_catalog.to_json(true),
      pg_catalog.json_build_object('anyOf', pg_catalog.json_build_array(
        pg_catalog.json_build_object('type', 'string', 'pattern', pattern),
        pg_catalog.json_build_object('type', 'array', 'items',
          pg_catalog.json_build_object('type', 'string', 'pattern', pattern))))
    ]);
end
$function$;

comment on function lib_event.openapi_filter_parameter(text,oid,text) is 'The query parameter that filters a view on one column: the PostgREST operators that suit its type, explained, with an example.';
