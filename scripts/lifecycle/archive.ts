/**
 * npm run archive: partitions past the retention period to Parquet files,
 * each checked and recorded, then dropped. Or one partition, archived only.
 *
 * For each partition: its rows are streamed from PostgreSQL in event__id
 * order, a cursor page at a time, into one zstd Parquet file
 * (scripts/lifecycle/parquet-archive.ts: bounded memory, written under a .partial name,
 * read back and checked, then renamed); a manifest
 * (bounds, row count, first and last event__id, SHA-256, schema version) is
 * written beside it; lib_event.partition_archived checks the manifest against
 * the partition and records a lib_event.partition.archived event; only then
 * does lib_event.drop_expired_partition drop it (a lib_event.partition.dropped event).
 * It runs as lib_event_maintenance (scripts/database/maintenance-login.ts): no superuser.
 * A run killed at any point drops nothing it has not archived; a rerun
 * writes the file again and goes on.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { parseCommand, runCommand } from '../command.ts';
import { projectRoot } from '../database/dbmate.ts';
import { maintenanceUrl } from '../database/maintenance-login.ts';
import { writeArchive, type ArchiveRow } from './parquet-archive.ts';
import { startProgress, type Progress } from '../progress.ts';

/** What npm run restore checks an archive file against. */
export interface Manifest {
  format: 'lib_event.partition-archive/1';
  partition: string;
  starts_at: string;
  ends_at: string;
  rows: number;
  first_event__id: string | null;
  last_event__id: string | null;
  /** The Parquet file's name, beside the manifest. */
  file: string;
  sha256: string;
  bytes: number;
  /** The latest migration applied: the shape of the rows. */
  schema_version: string;
  archived_at: string;
}

/** Where archives go: LIB_EVENT_ARCHIVE_DIR, else .data/archive. */
export function archiveDir(): string {
  return process.env.LIB_EVENT_ARCHIVE_DIR ?? join(projectRoot, '.data', 'archive');
}

/** What lib_event.partition_to_archive says of a closed partition. */
interface PartitionToArchive {
  starts_at: string;
  ends_at: string;
  lower_id: string;
  upper_id: string;
  unplaced: number;
}

export const manifestPath = (dir: string, partition: string) => join(dir, `${partition}.manifest.json`);

// Every column as PostgreSQL's text output, times in UTC (the session is set
// to UTC), so a restore inserts exactly what was read; and each event's
// position in the verifiable log.
const rowText = `e.event__id::text as event__id, event_type::text as event_type, occurred_at::text as occurred_at,
  created_at::text as created_at, source::text as source, partition_key::text as partition_key,
  consumer::text as consumer, headers::text as headers, payload::text as payload, xact_id::text as xact_id,
  l.position::text as position, encode(content_salt, 'hex') as content_salt,
  encode(content_commitment, 'hex') as content_commitment, erased_at::text as erased_at, erasure__id::text as erasure__id`;

/**
 * The partition's rows in event__id order from one snapshot, a page at a
 * time: 1,000 rows, fewer when rows are large, so a page stays near 16 MiB.
 * Read through lib_event.event between the partition's bounds (planned to
 * that partition alone): the maintenance login may read the log, not each
 * partition's table.
 */
async function* partitionRows(client: pg.ClientBase, bounds: PartitionToArchive): AsyncIterable<ArchiveRow[]> {
  await client.query('begin isolation level repeatable read read only');
  let done = false;
  try {
    await client.query(`set local timezone = 'UTC'`);
    await client.query(`declare archive_rows no scroll cursor for
      select ${rowText} from lib_event.event e
        left join lib_event.log_entry l on l.event__id = e.event__id
       where e.event__id >= ${pg.escapeLiteral(bounds.lower_id)} and e.event__id < ${pg.escapeLiteral(bounds.upper_id)}
       order by e.event__id`);
    for (let pageRows = 1_000; ;) {
      const { rows } = await client.query<ArchiveRow>(`fetch forward ${pageRows} from archive_rows`);
      if (rows.length === 0) break;
      const largest = Math.max(...rows.map((row) => row.headers.length + (row.payload?.length ?? 0)));
      pageRows = Math.max(1, Math.min(1_000, Math.floor((16 * 1024 * 1024) / Math.max(largest, 1))));
      yield rows;
    }
    await client.query('commit');
    done = true;
  } finally {
    // Also when the writer stops reading part way: the session leaves the transaction.
    if (!done) await client.query('rollback').catch(() => {});
  }
}

function writeManifest(dir: string, manifest: Manifest): void {
  const file = manifestPath(dir, manifest.partition);
  writeFileSync(`${file}.partial`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${file}.partial`, file);
}

/** Archive one partition (refused unless its period is over): file, check, manifest, record. */
export async function archivePartition(client: pg.ClientBase, partition: string, dir = archiveDir()): Promise<Manifest> {
  // One archiver per partition: two would write the same file. npm run erase
  // takes the same lock while it rewrites a partition's file.
  const { rows: [lock] } = await client.query<{ locked: boolean }>(
    `select pg_try_advisory_lock(hashtext('lib_event.archive'), hashtext($1)) as locked`, [partition]);
  if (!lock?.locked) throw new Error(`archive: ${partition} is being archived, or its archive rewritten by npm run erase, by another run; nothing was done`);
  try {
    return await archiveLocked(client, partition, dir);
  } finally {
    await client.query(`select pg_advisory_unlock(hashtext('lib_event.archive'), hashtext($1))`, [partition]);
  }
}

/** The pages as they pass, counted into `progress`. */
async function* counted(pages: AsyncIterable<ArchiveRow[]>, progress: Progress): AsyncIterable<ArchiveRow[]> {
  for await (const rows of pages) {
    progress.advance(rows.length);
    yield rows;
  }
}

async function archiveLocked(client: pg.ClientBase, partition: string, dir: string): Promise<Manifest> {
  // Refused unless the partition's period is over (LE061).
  const { rows: [found] } = await client.query<PartitionToArchive>(
    `select starts_at::text, ends_at::text, lower_id::text, upper_id::text, unplaced::int from lib_event.partition_to_archive($1)`, [partition]);
  const bounds = found as PartitionToArchive;
  const { rows: [schema] } = await client.query<{ version: string }>('select max(version) as version from public.schema_migrations');
  // An event the sequencer has not placed would leave the log unseen once its partition is dropped.
  if (bounds.unplaced) {
    throw new Error(`archive: ${partition} holds ${bounds.unplaced} events not in the verifiable log yet: is the sequencer running (npm run sequencer)? Nothing was done`);
  }
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${partition}.parquet`);
  // writeArchive reads the file back and checks every value before it
  // renames it into place: a file that is there is a file that was checked.
  const progress = startProgress({ label: `archive ${partition}`, unit: 'events' });
  const written = await writeArchive(counted(partitionRows(client, bounds), progress), file).finally(() => progress.finish());
  const manifest: Manifest = {
    format: 'lib_event.partition-archive/1',
    partition,
    starts_at: bounds.starts_at,
    ends_at: bounds.ends_at,
    rows: written.rows,
    first_event__id: written.firstId,
    last_event__id: written.lastId,
    file: basename(file),
    sha256: written.sha256,
    bytes: written.bytes,
    schema_version: schema?.version as string,
    archived_at: new Date().toISOString(),
  };
  // A partition archived again after npm run erase rewrote its file: that file goes once replaced.
  const previous = existsSync(manifestPath(dir, partition))
    ? (JSON.parse(readFileSync(manifestPath(dir, partition), 'utf8')) as Manifest).file : undefined;
  writeManifest(dir, manifest);
  await client.query('select lib_event.partition_archived($1::jsonb)', [JSON.stringify({ ...manifest, file })]);
  if (previous && previous !== manifest.file) rmSync(join(dir, previous), { force: true });
  return manifest;
}

/** Archive and drop every partition past the retention period, oldest first. */
export async function applyRetention(client: pg.ClientBase, dir = archiveDir(), log = console.log): Promise<number> {
  const { rows } = await client.query<{ partition: string }>('select partition from lib_event.partitions_past_retention()');
  for (const { partition } of rows) {
    const manifest = await archivePartition(client, partition, dir);
    log(`archive: ${partition}: ${manifest.rows} events to ${join(dir, manifest.file)} (sha256 ${manifest.sha256})`);
    // Past the retention and archived as it is now, or refused (LE065, LE063).
    await client.query('select lib_event.drop_expired_partition($1)', [partition]);
    log(`archive: ${partition}: dropped`);
  }
  return rows.length;
}

async function main(): Promise<void> {
  const { values } = parseCommand({
    usage: 'npm run archive [-- --partition <name>] [--dir <directory>]',
    description: `Archive to Parquet, then drop, every partition of lib_event.event older than the retention
(lib_event.set_retention('400 days')); with --partition, archive that one partition only (its period
must be over), without dropping it. Files and manifests go to --dir, LIB_EVENT_ARCHIVE_DIR or
.data/archive. Connects to DATABASE_URL (as lib_event_maintenance), or to the database npm start runs as
lib_event_maintenance, with the password npm start keeps (or MAINTENANCE_PASSWORD).`,
    options: { partition: { type: 'string' }, dir: { type: 'string' } },
  });
  const dir = values.dir ?? archiveDir();
  const client = new pg.Client({ connectionString: maintenanceUrl() });
  await client.connect();
  try {
    if (values.partition) {
      const manifest = await archivePartition(client, values.partition, dir);
      console.log(`archive: ${manifest.partition}: ${manifest.rows} events to ${join(dir, manifest.file)} (sha256 ${manifest.sha256})`);
      await noteArchiveRun(true, `archived ${manifest.partition}: ${manifest.rows} events`);
    } else {
      const done = await applyRetention(client, dir);
      if (done === 0) console.log('archive: no partition is past the retention period');
      await noteArchiveRun(true, `${done} partitions past the retention archived and dropped`);
    }
  } catch (error) {
    await noteArchiveRun(false, (error as Error).message);
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * How this run ended, for GET /rpc/health and the metrics (archive_failed),
 * on a connection of its own: the run's may be what failed. Best effort: a
 * database that cannot be reached is reported by the run itself.
 */
async function noteArchiveRun(succeeded: boolean, detail: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl() });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(`select lib_event.note_job('archive', $1, $2)`, [succeeded, detail]);
  } catch {
    // Nothing more to tell: the run's own outcome is printed.
  } finally {
    await client.end().catch(() => {});
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
