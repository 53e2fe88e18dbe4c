-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_event.refuse_change()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
begin
  raise exception using
    errcode = 'LE009',
    message = pg_catalog.format('the verifiable log is append-only: %s of lib_event.%s is refused', tg_op, tg_table_name),
    hint = 'Positions, tree nodes and checkpoints are only ever added, by the sequencer.';
end
$function$;

comment on function lib_event.refuse_change() is 'Trigger function: refuses every UPDATE or DELETE of the log''s positions, tree nodes and checkpoints.';
