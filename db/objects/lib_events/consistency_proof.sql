-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_events.consistency_proof(first_size bigint, second_size bigint DEFAULT NULL::bigint)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
  second bigint := coalesce(second_size, (select pg_catalog.max(c.tree_size) from lib_event.log_checkpoint c));
begin
  perform lib_event.check_tree_size(second, 'second_size');
  perform lib_event.check_tree_size(first_size, 'first_size');
  if first_size > second then
    raise exception using
      errcode = 'LE070',
      message = pg_catalog.format('first_size %s is larger than second_size %s', first_size, second),
      hint = 'Ask for the proof from the earlier checkpoint to the later one.';
  end if;
  return pg_catalog.jsonb_build_object(
    'first_size', first_size, 'second_size', second,
    'first_root', pg_catalog.encode(lib_event.tree_root(first_size), 'hex'),
    'second_root', pg_catalog.encode(lib_event.tree_root(second), 'hex'),
    'path', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.encode(h, 'hex') order by n), '[]')
               from pg_catalog.unnest(case when first_size = second then '{}'::bytea[]
                                           else lib_event.consistency_path(first_size, 0, second, true) end) with ordinality p(h, n)));
end
$function$;

comment on function lib_events.consistency_proof(bigint,bigint) is 'Proof that the log''s tree of second_size events (default: the latest checkpoint) extends the tree of first_size events unchanged (RFC 6962 consistency proof, hex). Check it against two signed checkpoints; sizes the log does not have: LE070.';

grant execute on function lib_events.consistency_proof(bigint,bigint) to lib_event_reader;
