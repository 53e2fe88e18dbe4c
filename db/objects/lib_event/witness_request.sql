-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.witness_request(old_size bigint, tree_size bigint)
 RETURNS text
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
  select pg_catalog.format(E'old %s\n%s\n%s', old_size,
    (select coalesce(pg_catalog.string_agg(pg_catalog.encode(h, 'base64') || E'\n', '' order by n), '')
       from pg_catalog.unnest(case when old_size = 0 or old_size = tree_size then '{}'::bytea[]
                                   else lib_event.consistency_path(old_size, 0, tree_size, true) end) with ordinality p(h, n)),
    lib_event.checkpoint_note(tree_size))
   where lib_event.checkpoint_note(tree_size) is not null and old_size between 0 and tree_size;
$function$;

comment on function lib_event.witness_request(bigint,bigint) is 'The body of a tlog-witness add-checkpoint: "old <size>", the consistency proof from that size (base64 lines), a blank line and the checkpoint note of tree_size; null when there is no such C2SP checkpoint.';

grant execute on function lib_event.witness_request(bigint,bigint) to lib_event_sequencer;
