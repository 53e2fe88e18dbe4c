-- migrate:up

-- The API document names the checks a view's definition makes, as it does a
-- function's: GET /events says it refuses a read without a limit (LE084).

set role lib_event_owner;

create function lib_event.openapi_view_error_codes(relation oid)
returns text[]
language sql
stable
as $$
  -- The functions of lib_event and lib_events the view's query calls (its
  -- _RETURN rule depends on them), and the codes each raises.
  select coalesce(pg_catalog.array_agg(distinct c.code collate "C" order by c.code collate "C"), '{}')
    from pg_catalog.pg_rewrite r
    join pg_catalog.pg_depend d
      on d.classid = 'pg_catalog.pg_rewrite'::regclass and d.objid = r.oid
     and d.refclassid = 'pg_catalog.pg_proc'::regclass
    join pg_catalog.pg_proc p
      on p.oid = d.refobjid and p.pronamespace in ('lib_event'::regnamespace, 'lib_events'::regnamespace),
         pg_catalog.unnest(lib_event.openapi_error_codes(p.oid)) as c(code)
   where r.ev_class = relation and r.rulename = '_RETURN';
$$;
comment on function lib_event.openapi_view_error_codes(oid) is 'The error codes (SQLSTATEs) a view''s query raises through the lib_event and lib_events functions it calls.';

create or replace function lib_event.openapi_relation_operation(relation oid, method text)
returns json
language sql
stable
as $$
  -- GET reads the rows; HEAD runs the same query for its headers alone
  -- (with Prefer: count=exact, a count without the rows).
  select lib_event.json_object_ordered(
    array['operationId', 'tags', 'summary', 'description', 'security', 'parameters', 'responses'],
    array[
      pg_catalog.to_json('read_' || c.relname || case method when 'head' then '_head' else '' end),
      '["views"]'::json,
      pg_catalog.to_json(lib_event.openapi_summary(d.comment)),
      pg_catalog.to_json(pg_catalog.concat_ws(E'\n\n',
        lib_event.openapi_description(d.comment),
        case method
          when 'get' then 'Rows come as a JSON array, or as CSV with Accept: text/csv. Filter with one query parameter per column; shape the result with select, order, limit and offset (or a Range header); ask for the total with Prefer: count=exact.'
          else 'HEAD runs the same query as GET and answers with its headers only: with Prefer: count=exact, Content-Range carries the number of matching rows (*/1234 when there are none to return).'
        end,
        'Needs an API key with access ' || pg_catalog.array_to_string(d.access, ' or ') || '.')),
      '[{"apiKey": []}]'::json,
      (select pg_catalog.json_agg(x.p order by x.n)
         from (
           select a.attnum::int as n,
                  lib_event.openapi_filter_parameter(a.attname, a.atttypid, pg_catalog.col_description(a.attrelid, a.attnum)) as p
             from pg_catalog.pg_attribute a
            where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
              and exists (select from lib_event.api_roles() k
                           where pg_catalog.has_column_privilege(k.role_name, c.oid, a.attnum, 'SELECT'))
           union all
           select 10000 + q.n, pg_catalog.json_build_object('$ref', '#/components/parameters/' || q.name)
             from pg_catalog.unnest(array['select', 'order', 'limit', 'offset', 'or', 'and', 'Range', 'Range-Unit', 'Prefer'])
                  with ordinality as q(name, n)
         ) x),
      (select pg_catalog.json_object_agg(x.k, x.v order by x.k)
         from (
           select s.k, lib_event.json_object_ordered(
                    array['description', 'headers', 'content'],
                    array[
                      pg_catalog.to_json(case method when 'head' then 'Headers only. ' || s.description else s.description end),
                      '{"Content-Range": {"$ref": "#/components/headers/Content-Range"}}'::json,
                      case when method = 'get' then pg_catalog.json_build_object(
                        'application/json', pg_catalog.json_build_object('schema',
                          pg_catalog.json_build_object('type', 'array', 'items',
                            pg_catalog.json_build_object('$ref', '#/components/schemas/' || c.relname))),
                        'text/csv', '{"schema": {"type": "string", "description": "The rows as CSV, a header line first."}}'::json)
                      end
                    ]) as v
             from (values ('200', 'The matching rows.'),
                          ('206', 'Part of the matching rows: a range or limit cut the result short (the Content-Range header says which).')) as s(k, description)
           union all
           select e.key, e.value
             from pg_catalog.json_each(lib_event.openapi_error_responses(array[400, 401, 403, 416], lib_event.openapi_view_error_codes(c.oid), d.access)) as e
         ) x)
    ])
    from pg_catalog.pg_class c
   cross join lateral (select pg_catalog.obj_description(c.oid, 'pg_class') as comment,
                              lib_event.openapi_relation_access(c.oid) as access) d
   where c.oid = relation;
$$;

reset role;

-- migrate:down
