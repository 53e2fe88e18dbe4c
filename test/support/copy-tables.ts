import type pg from 'pg';

/**
 * The lib_event tables a restore brings back, parents before children: what
 * a data-only dump holds of the log. (No pg_dump 17 here to take a real one:
 * the rows go over as JSON, every column as the server prints it.)
 */
export const logTables = [
  'lib_event.event', 'lib_event.deferred_payload', 'lib_event.idempotency_key', 'lib_event.api_key', 'lib_event.ingest_publisher',
  'lib_event.log_key', 'lib_event.log_entry', 'lib_event.merkle_node', 'lib_event.log_checkpoint',
  'lib_event.checkpoint_cosignature', 'lib_event.log_origin', 'lib_event.sequencer_cursor',
];

/**
 * Copy `tables` from one database into another migrated one, replacing what
 * the target holds, with triggers off as `pg_restore --disable-triggers`
 * runs (a whole dump creates them after loading the data). Both as superuser.
 */
export async function copyTables(from: pg.ClientBase, to: pg.ClientBase, tables = logTables): Promise<void> {
  await to.query('begin');
  try {
    await to.query('set local session_replication_role = replica');
    await to.query(`truncate ${[...tables].reverse().join(', ')}`);
    for (const table of tables) {
      const { rows: [dump] } = await from.query<{ rows: string }>(`select coalesce(json_agg(t), '[]')::text as rows from ${table} t`);
      await to.query(`insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`, [dump?.rows]);
    }
    await to.query('commit');
  } catch (error) {
    await to.query('rollback');
    throw error;
  }
}
