import { stat } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { fileSha256, type ArchiveRow } from '../../scripts/lifecycle/parquet-archive.ts';

// An archive file of the oldest format, lib_event.event/1, written the way
// the first archive writer wrote it (scripts/parquet-archive.ts before
// commit fc98d7f added positions): ten columns, no position, and its footer's
// content check computed over those ten. For tests that the code of today
// still reads, verifies and rewrites such files.

const columns = ['event__id', 'event_type', 'occurred_at', 'created_at', 'source', 'partition_key', 'consumer', 'headers', 'payload', 'xact_id'] as const;

/** The first writer's summary: row count, first and last id, and its content check over the ten columns. */
const summarySql = `
  with digested as (
    select event__id, md5(concat_ws(chr(30),
      event__id::varchar, event_type, epoch_us(occurred_at)::varchar, epoch_us(created_at)::varchar,
      coalesce(source::varchar, ''), coalesce(partition_key, ''), consumer, headers, coalesce(payload, ''), xact_id::varchar,
      (source is null)::int::varchar || (partition_key is null)::int::varchar || (payload is null)::int::varchar
    )) as digest
    from staged
  )
  select count(*)::bigint, min(event__id)::varchar, max(event__id)::varchar,
         printf('%016x%016x', coalesce(bit_xor(('0x' || digest[1:16])::ubigint), 0::ubigint),
                              coalesce(bit_xor(('0x' || digest[17:32])::ubigint), 0::ubigint))
    from digested`;

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Write `rows` (their positions, salts, commitments and erasures left out) to `file` in format /1; its SHA-256 and size. */
export async function writeFormat1Archive(rows: ArchiveRow[], file: string): Promise<{ sha256: string; bytes: number }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const connection = await instance.connect();
  try {
    await connection.run(`set TimeZone = 'UTC'`);
    await connection.run(`
      create temp table incoming (${columns.map((column) => `${column} varchar`).join(', ')});
      create temp table staged (
        event__id uuid not null, event_type varchar not null, occurred_at timestamptz not null, created_at timestamptz not null,
        source uuid, partition_key varchar, consumer varchar not null, headers varchar not null, payload varchar,
        xact_id ubigint not null)`);
    const appender = await connection.createAppender('incoming');
    for (const row of rows) {
      for (const column of columns) {
        const value = row[column];
        if (value == null) appender.appendNull();
        else appender.appendVarchar(value);
      }
      appender.endRow();
    }
    appender.closeSync();
    await connection.run(`
      insert into staged
      select event__id::uuid, event_type, occurred_at::timestamptz, created_at::timestamptz, source::uuid,
             partition_key, consumer, headers, payload, xact_id::ubigint
        from incoming`);
    const [count, firstId, lastId, contentCheck] = (await connection.runAndReadAll(summarySql)).getRows()[0] as [bigint, string, string, string];
    const recorded = { format: 'lib_event.event/1', rows: Number(count), firstId, lastId, contentCheck };
    await connection.run(`
      copy (select * from staged order by event__id) to ${sqlString(file)}
        (format parquet, compression zstd, kv_metadata {'lib_event.archive': ${sqlString(JSON.stringify(recorded))}})`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return { sha256: await fileSha256(file), bytes: (await stat(file)).size };
}
