-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.checkpoint_signed_text(origin text, tree_size bigint, root_hash bytea, signed_at timestamp with time zone)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select case when origin is null then lib_event.checkpoint_text(tree_size, root_hash, signed_at)
              else lib_event.checkpoint_body(origin, tree_size, root_hash) end;
$function$;

comment on function lib_event.checkpoint_signed_text(text,bigint,bytea,timestamp with time zone) is 'The text a checkpoint''s signature covers: its C2SP note text, or for one without origin the v1 text (lib_event.checkpoint_text).';

grant execute on function lib_event.checkpoint_signed_text(text,bigint,bytea,timestamp with time zone) to lib_event_reader;
grant execute on function lib_event.checkpoint_signed_text(text,bigint,bytea,timestamp with time zone) to lib_event_sequencer;
