-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.openapi_error_responses(statuses integer[], function_codes text[], access text[])
 RETURNS json
 LANGUAGE sql
 STABLE
AS $function$
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
$function$;

comment on function lib_event.openapi_error_responses(integer[],text[],text[]) is 'The error responses of one operation: a reference to the shared response per status, described with the error codes this operation raises and the access it needs.';
