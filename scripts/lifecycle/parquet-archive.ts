/**
 * Parquet archive files of lib_event.event, for npm run archive / restore:
 * one file per partition, zstd-compressed, rows ordered by event__id, written
 * and read through DuckDB (@duckdb/node-api) running in this process.
 *
 * Rows go in and come out as PostgreSQL prints them with TimeZone UTC (see
 * ArchiveRow), so a restore inserts exactly what was archived. In the file:
 * event__id and source are UUID, the two times TIMESTAMPTZ (microseconds,
 * UTC), xact_id and position UBIGINT, headers and payload VARCHAR holding the jsonb text
 * unchanged. Not Parquet's JSON type: DuckDB's JSON functions read numbers
 * as doubles, and the archive must keep 12345678901234567890.10 as it was.
 * An analyst still queries them: payload->>'$.order.id' works on VARCHAR.
 * position is the event's place in the verifiable log, so npm run verify
 * can check archived events against the signed checkpoints (format /2;
 * files of format /1, written before, have no positions and still read).
 * Format /3 adds what a v2 leaf and an erasure need: content_salt and
 * content_commitment (hex VARCHAR; null for events recorded before salted
 * leaves, and the salt null once erased), erased_at and erasure__id.
 *
 * Each file also carries, in its footer's key-value metadata
 * (lib_event.archive), its row count, first and last id and a content check:
 * every value of every row, hashed. describeArchive recomputes it from the
 * data, so a file damaged anywhere is refused, also where Parquet itself
 * would decode the damage silently (zstd leaves incompressible ids raw, and
 * DuckDB writes no page checksums). The manifest's SHA-256 of the whole file
 * remains the check that it is the file that was archived.
 *
 * Nothing is fetched at run time: Parquet, JSON and ICU (time zones) are
 * linked into @duckdb/node-bindings, and extension autoloading and
 * autoinstalling are off, so a missing extension fails instead of downloading.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** One row of lib_event.event, every value as PostgreSQL's text output (with TimeZone UTC). */
export interface ArchiveRow {
  event__id: string;
  event_type: string;
  /** e.g. '2026-01-05 10:00:00.123456+00'. */
  occurred_at: string;
  created_at: string;
  source: string | null;
  partition_key: string | null;
  consumer: string;
  /** jsonb text, exactly as PostgreSQL prints it. */
  headers: string;
  payload: string | null;
  xact_id: string;
  /** Its position in the verifiable log; null in files of format /1. */
  position: string | null;
  /** hex; null for v1 events, erased events and files before format /3. */
  content_salt: string | null;
  /** hex; null for v1 events and files before format /3. */
  content_commitment: string | null;
  erased_at: string | null;
  erasure__id: string | null;
}

export interface ArchiveSummary {
  rows: number;
  firstId: string | null;
  lastId: string | null;
}

export interface WrittenArchive extends ArchiveSummary {
  sha256: string;
  bytes: number;
}

export interface WriteArchiveOptions {
  /** DuckDB's memory_limit, e.g. '256MB' (the default); past it, staged rows spill to disk. */
  memoryLimit?: string;
}

/** A file that is not a complete, undamaged archive. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

const columns = ['event__id', 'event_type', 'occurred_at', 'created_at', 'source', 'partition_key', 'consumer', 'headers', 'payload', 'xact_id', 'position',
  'content_salt', 'content_commitment', 'erased_at', 'erasure__id'] as const;
const metadataKey = 'lib_event.archive';
const formatName = 'lib_event.event/3';
/** Formats this code reads: /1 had no position column, /2 no salt, commitment or erasure. */
const readableFormats = ['lib_event.event/1', 'lib_event.event/2', formatName];
const hasPositions = (format: string) => format !== 'lib_event.event/1';
const hasCommitments = (format: string) => format === formatName;
const defaultMemoryLimit = '256MB';
/** Uncompressed bytes per row group: the Parquet writer holds one row group in memory. */
const rowGroupBytes = 32 * 2 ** 20;

/** What the footer's lib_event.archive metadata holds. */
interface RecordedArchive extends ArchiveSummary {
  format: string;
  contentCheck: string;
}

/**
 * The summary of a table or Parquet file, from one scan of every value. Its
 * content check is an xor over rows of md5(every value of the row), as 32
 * hex digits: any changed value changes it, whatever the row order. md5
 * only detects damage here (the manifest's SHA-256 is the integrity check).
 * The text hashed does not depend on DuckDB's version or time zone
 * (epoch_us, the canonical uuid text), so archives check out under later
 * DuckDBs too.
 */
function summarySql(source: string, format = formatName): string {
  return `
    with digested as (
      select event__id, md5(concat_ws(chr(30),
        event__id::varchar, event_type, epoch_us(occurred_at)::varchar, epoch_us(created_at)::varchar,
        coalesce(source::varchar, ''), coalesce(partition_key, ''), consumer, headers, coalesce(payload, ''), xact_id::varchar,
        ${hasPositions(format) ? 'position::varchar,' : ''}
        ${hasCommitments(format) ? `coalesce(content_salt, ''), coalesce(content_commitment, ''), coalesce(epoch_us(erased_at)::varchar, ''),
          coalesce(erasure__id::varchar, ''), (content_salt is null)::int::varchar || (content_commitment is null)::int::varchar ||` : ''}
        (source is null)::int::varchar || (partition_key is null)::int::varchar || (payload is null)::int::varchar
      )) as digest
      from ${source}
    )
    select count(*)::bigint, min(event__id)::varchar, max(event__id)::varchar,
           printf('%016x%016x', coalesce(bit_xor(('0x' || digest[1:16])::ubigint), 0::ubigint),
                                coalesce(bit_xor(('0x' || digest[17:32])::ubigint), 0::ubigint))
      from digested`;
}

/** A SQL string literal (COPY's target and options take no parameters). */
function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** DuckDB's Parquet functions take globs: a name with glob characters would read other files. */
function checkFileName(file: string): void {
  if (/[*?[\]{}]/.test(file)) throw new Error(`archive file name ${file} has glob characters (*?[]{}): rename it`);
}

function parquetSource(file: string): string {
  checkFileName(file);
  return `read_parquet(${sqlString(file)})`;
}

/**
 * An in-process DuckDB on its own: one thread (lowest memory, and the
 * order-preserving COPY is single-threaded anyway), times in UTC, no
 * extension downloads. `tempDirectory` is where it spills past memoryLimit;
 * without one it never spills and fails at the limit instead.
 */
async function openDuckDB(memoryLimit: string, tempDirectory = ''): Promise<{ connection: DuckDBConnection; close(): void }> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '1',
    memory_limit: memoryLimit,
    temp_directory: tempDirectory,
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
  });
  const connection = await instance.connect();
  // Set here, not in the options above: ICU, which owns TimeZone, is loaded after them.
  await connection.run(`set TimeZone = 'UTC'`);
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** The content check and summary of a table or Parquet file. */
async function summarize(connection: DuckDBConnection, source: string, format = formatName): Promise<ArchiveSummary & { contentCheck: string }> {
  const reader = await connection.runAndReadAll(summarySql(source, format));
  const [rows, firstId, lastId, contentCheck] = reader.getRows()[0] as [bigint, string | null, string | null, string];
  return { rows: Number(rows), firstId, lastId, contentCheck };
}

/** The footer's lib_event.archive metadata, or an ArchiveError naming what is missing. */
async function recordedMetadata(connection: DuckDBConnection, file: string): Promise<RecordedArchive> {
  const reader = await connection.runAndReadAll(
    `select decode(value) from parquet_kv_metadata(${sqlString(file)}) where decode(key) = ${sqlString(metadataKey)}`,
  );
  const text = reader.getRows()[0]?.[0];
  if (typeof text !== 'string') throw new ArchiveError(`${file} is a Parquet file but not a lib_event archive: its footer has no ${metadataKey}`);
  const recorded = JSON.parse(text) as RecordedArchive;
  if (!readableFormats.includes(recorded.format)) {
    throw new ArchiveError(`${file} is an archive of format ${String(recorded.format)}; this code reads ${readableFormats.join(' and ')}`);
  }
  return recorded;
}

/** Where the data and the footer disagree, as one line; '' when they agree. */
function mismatch(recorded: RecordedArchive, found: ArchiveSummary & { contentCheck: string }): string {
  const fields = ['rows', 'firstId', 'lastId', 'contentCheck'] as const;
  return fields
    .filter((field) => recorded[field] !== found[field])
    .map((field) => `${field} ${String(found[field])} in the data, ${String(recorded[field])} recorded`)
    .join('; ');
}

/** describeArchive with an open DuckDB. */
async function verifiedSummary(connection: DuckDBConnection, file: string): Promise<ArchiveSummary & { format: string }> {
  checkFileName(file);
  let recorded: RecordedArchive;
  let found: ArchiveSummary & { contentCheck: string };
  try {
    recorded = await recordedMetadata(connection, file);
    found = await summarize(connection, parquetSource(file), recorded.format);
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(`${file} cannot be read as an archive (damaged or incomplete): ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  const differences = mismatch(recorded, found);
  if (differences) throw new ArchiveError(`${file} is damaged: ${differences}`);
  return { rows: found.rows, firstId: found.firstId, lastId: found.lastId, format: recorded.format };
}

/**
 * Row count and first and last event__id of an archive file, after reading
 * every value of it and checking them against what its footer recorded.
 * Throws ArchiveError for a truncated, damaged or foreign file.
 */
export async function describeArchive(file: string): Promise<ArchiveSummary> {
  await stat(file);
  const duck = await openDuckDB(defaultMemoryLimit);
  try {
    const { format: _, ...summary } = await verifiedSummary(duck.connection, file);
    return summary;
  } finally {
    duck.close();
  }
}

/** The SHA-256 of a file, read as a stream, in hex. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const stagingSql = `
  create temp table incoming (${columns.map((column) => `${column} varchar`).join(', ')});
  create temp table staged (
    event__id uuid not null, event_type varchar not null, occurred_at timestamptz not null, created_at timestamptz not null,
    source uuid, partition_key varchar, consumer varchar not null, headers varchar not null, payload varchar,
    xact_id ubigint not null, position ubigint not null,
    content_salt varchar, content_commitment varchar, erased_at timestamptz, erasure__id uuid)`;

/**
 * One chunk into the staged table: appended as text, then converted by SQL
 * casts. Not by the appender: it converts text to TIMESTAMPTZ ignoring the
 * UTC offset ('10:00+05:30' became 10:00 UTC), where the cast honours it.
 */
async function stageChunk(connection: DuckDBConnection, rows: ArchiveRow[]): Promise<void> {
  const appender = await connection.createAppender('incoming');
  for (const row of rows) {
    for (const column of columns) {
      const value = row[column];
      // A missing required value becomes null, which staged's NOT NULL then names.
      if (value == null) appender.appendNull();
      else appender.appendVarchar(value);
    }
    appender.endRow();
  }
  appender.closeSync();
  await connection.run(
    `insert into staged
     select event__id::uuid, event_type, occurred_at::timestamptz, created_at::timestamptz, source::uuid,
            partition_key, consumer, headers, payload, xact_id::ubigint, position::ubigint,
            content_salt, content_commitment, erased_at::timestamptz, erasure__id::uuid
       from incoming;
     truncate incoming`,
  );
}

/** Rows per row group so that one holds about rowGroupBytes (DuckDB's bounds: 2,048 to its default 122,880). */
async function rowGroupRows(connection: DuckDBConnection): Promise<number> {
  const reader = await connection.runAndReadAll(
    `select coalesce(avg(100 + strlen(event_type) + strlen(consumer) + strlen(headers)
                         + coalesce(strlen(partition_key), 0) + coalesce(strlen(payload), 0)), 100)::double
       from staged`,
  );
  const averageBytes = reader.getRows()[0]?.[0] as number;
  return Math.min(122_880, Math.max(2_048, Math.floor(rowGroupBytes / averageBytes)));
}

/** The staged rows to `target` as zstd Parquet, sorted unless they came in order. Returns the summary it recorded. */
async function copyToParquet(connection: DuckDBConnection, target: string, inOrder: boolean): Promise<RecordedArchive> {
  const summary = await summarize(connection, 'staged');
  const recorded: RecordedArchive = { format: formatName, ...summary };
  const rowGroupSize = await rowGroupRows(connection);
  // Rows that arrived in event__id order (a partition read by its primary
  // key) are copied as they are: a table scan keeps insertion order. Others
  // go through DuckDB's sort, which spills too but needs more memory.
  await connection.run(
    `copy (select * from staged ${inOrder ? '' : 'order by event__id'})
       to ${sqlString(target)}
       (format parquet, compression zstd, row_group_size ${rowGroupSize}, use_tmp_file false,
        kv_metadata {${sqlString(metadataKey)}: ${sqlString(JSON.stringify(recorded))}})`,
  );
  return recorded;
}

/** Flush a file's data, then its directory entry, to disk. */
async function syncToDisk(file: string): Promise<void> {
  for (const path of [file, dirname(file)]) {
    const handle = await open(path, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

/** Every chunk into the staged table; whether the rows came in event__id order. */
async function stageAll(connection: DuckDBConnection, rows: AsyncIterable<ArchiveRow[]>): Promise<boolean> {
  await connection.run(stagingSql);
  let previousId = '';
  let inOrder = true;
  for await (const chunk of rows) {
    for (const row of chunk) {
      inOrder &&= row.event__id > previousId;
      previousId = row.event__id;
    }
    await stageChunk(connection, chunk);
  }
  return inOrder;
}

/** The staged rows to `partial`, then read back: the partition may be dropped on the strength of this file. */
async function writeChecked(connection: DuckDBConnection, partial: string, inOrder: boolean): Promise<ArchiveSummary> {
  await rm(partial, { force: true });
  const recorded = await copyToParquet(connection, partial, inOrder);
  // Its spilled data is no longer needed while the file is read back.
  await connection.run('drop table staged');
  // This checks every value in the file against the footer, which holds the staged rows' summary.
  await verifiedSummary(connection, partial);
  return { rows: recorded.rows, firstId: recorded.firstId, lastId: recorded.lastId };
}

/** `partial` onto the disk and then under the archive's name; its SHA-256 and size. */
async function publish(partial: string, file: string): Promise<{ sha256: string; bytes: number }> {
  await syncToDisk(partial);
  const sha256 = await fileSha256(partial);
  const { size } = await stat(partial);
  await rename(partial, file);
  await syncToDisk(file);
  return { sha256, bytes: size };
}

/**
 * Write the rows of one partition, in chunks, as one zstd Parquet file,
 * ordered by event__id, and return what it holds with the file's SHA-256.
 *
 * Bounded memory: each chunk goes into a DuckDB table at once, and DuckDB
 * spills that table to a directory beside `file` past memoryLimit; only
 * then, with every row staged, can one COPY write the whole file in order.
 * (A staging database file would do the same with a write-ahead log to
 * pay for; a temporary table spills without one, about twice as fast.)
 *
 * The file is written as `file`.partial, read back and checked, synced,
 * then renamed to `file`: a killed process leaves at most a .partial and a
 * .spill- directory beside it, both safe to delete.
 */
export async function writeArchive(rows: AsyncIterable<ArchiveRow[]>, file: string, options: WriteArchiveOptions = {}): Promise<WrittenArchive> {
  checkFileName(file);
  const partial = `${file}.partial`;
  const spill = await mkdtemp(join(dirname(file), `.${basename(file)}.spill-`));
  let duck: Awaited<ReturnType<typeof openDuckDB>> | undefined;
  try {
    duck = await openDuckDB(options.memoryLimit ?? defaultMemoryLimit, spill);
    const inOrder = await stageAll(duck.connection, rows);
    const summary = await writeChecked(duck.connection, partial, inOrder);
    return { ...summary, ...(await publish(partial, file)) };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    duck?.close();
    await rm(spill, { recursive: true, force: true });
  }
}

/** A value the archive never holds as null; a null means a foreign or broken file. */
function text(value: string | null | undefined, column: string, file: string): string {
  if (typeof value !== 'string') throw new ArchiveError(`${file} has no ${column} in a row`);
  return value;
}

/** One row as readArchive's SELECT gives it (all but the payload as one JSON array, then the payload) to an ArchiveRow. */
function archiveRow([fields, payload]: unknown[], file: string): ArchiveRow {
  const [id, type, occurred, created, source, partitionKey, consumer, headers, xactId, position, salt, commitment, erasedAt, erasureId] =
    JSON.parse(fields as string) as (string | null)[];
  return {
    event__id: text(id, 'event__id', file),
    event_type: text(type, 'event_type', file),
    occurred_at: text(occurred, 'occurred_at', file),
    created_at: text(created, 'created_at', file),
    source: source ?? null,
    partition_key: partitionKey ?? null,
    consumer: text(consumer, 'consumer', file),
    headers: text(headers, 'headers', file),
    payload: (payload ?? null) as string | null,
    xact_id: text(xactId, 'xact_id', file),
    position: position ?? null,
    content_salt: salt ?? null,
    content_commitment: commitment ?? null,
    erased_at: erasedAt ?? null,
    erasure__id: erasureId ?? null,
  };
}

/**
 * The rows of an archive file, in event__id order, in chunks of up to
 * `chunkRows`, as the ArchiveRow texts writeArchive took. The whole file is
 * checked first (describeArchive): a damaged file throws ArchiveError
 * before the first chunk, so a restore never inserts part of one.
 */
export async function* readArchive(file: string, chunkRows = 10_000): AsyncIterable<ArchiveRow[]> {
  if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new Error(`readArchive chunkRows ${chunkRows} is not a positive integer`);
  await stat(file);
  const duck = await openDuckDB(defaultMemoryLimit);
  try {
    const { rows: expected, format } = await verifiedSummary(duck.connection, file);
    // TIMESTAMPTZ as text under TimeZone UTC is PostgreSQL's form: '2026-01-05 10:00:00.12+00'.
    // All but the payload come as one JSON array: the Node API fetches each
    // string with a native call, and one JSON.parse costs less than nine.
    // Not the payload: to_json on long texts is slower than the call, and
    // held twice the memory (2 KB payloads: 800 MB of RSS, 450 without).
    const result = await duck.connection.stream(
      `select to_json([event__id::varchar, event_type, occurred_at::varchar, created_at::varchar, source::varchar,
                       partition_key, consumer, headers, xact_id::varchar,
                       ${hasPositions(format) ? 'position::varchar' : 'null'},
                       ${hasCommitments(format) ? 'content_salt, content_commitment, erased_at::varchar, erasure__id::varchar' : 'null, null, null, null'}]), payload
         from ${parquetSource(file)}`,
    );
    const batch: ArchiveRow[] = [];
    let previousId = '';
    let read = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      for (const values of chunk.getRows()) {
        const row = archiveRow(values, file);
        if (row.event__id <= previousId) throw new ArchiveError(`${file} is not in event__id order at ${row.event__id}`);
        previousId = row.event__id;
        batch.push(row);
      }
      read += chunk.rowCount;
      // Free its strings now: the Node API frees a chunk's native memory only
      // when V8 collects the small JS object holding it, which may be never
      // soon (reading 1M rows of 2 KB without this grew RSS past 2 GB).
      chunk.reset();
      while (batch.length >= chunkRows) yield batch.splice(0, chunkRows);
    }
    if (batch.length > 0) yield batch;
    if (read !== expected) throw new ArchiveError(`${file} gave ${read} rows, ${expected} recorded`);
  } finally {
    duck.close();
  }
}
