/**
 * npm run restore: bring an archived partition back from its Parquet file.
 *
 * The file is checked first: its SHA-256 against the manifest, then its row
 * count and first and last ids as read from the data (a truncated or
 * corrupted file is refused before anything is written). A partition of the
 * same name or overlapping the same times is refused. The partition is then
 * made, filled and attached in one transaction: either every archived row is
 * back, identical, or nothing is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { archiveDir, manifestPath, type Manifest } from './archive.ts';
import { parseCommand, runCommand, UsageError } from '../command.ts';
import { maintenanceUrl } from '../database/maintenance-login.ts';
import { startProgress } from '../progress.ts';
import { describeArchive, fileSha256, readArchive, type ArchiveRow } from './parquet-archive.ts';

const expectedManifest = 'the <partition>.manifest.json npm run archive writes beside its Parquet file';

/**
 * The manifest and the path of the Parquet file it names, both there; throws
 * one line naming the file that is missing or unreadable and what was
 * expected, before anything connects or is written.
 */
export function readManifest(manifestFile: string): { manifest: Manifest; file: string } {
  if (!existsSync(manifestFile)) {
    throw new Error(`restore: ${manifestFile} does not exist: expected ${expectedManifest} (--partition <name> looks in --dir, LIB_EVENT_ARCHIVE_DIR or .data/archive); nothing was restored`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(`restore: ${manifestFile} is not ${expectedManifest} (${(error as Error).message.split('\n')[0]}); nothing was restored`);
  }
  if (manifest?.format !== 'lib_event.partition-archive/1' || typeof manifest.file !== 'string') {
    throw new Error(`restore: ${manifestFile} is not a lib_event partition manifest (format ${String(manifest?.format)}): expected ${expectedManifest}; nothing was restored`);
  }
  const file = join(dirname(manifestFile), manifest.file);
  if (!existsSync(file)) {
    throw new Error(`restore: ${file} does not exist: ${manifestFile} names it as the archive's Parquet file, expected beside the manifest; nothing was restored`);
  }
  return { manifest, file };
}

/** The manifest and its file, checked against each other; throws saying what does not match. */
export async function checkedArchive(manifestFile: string): Promise<{ manifest: Manifest; file: string }> {
  const { manifest, file } = readManifest(manifestFile);
  const sha256 = await fileSha256(file);
  if (sha256 !== manifest.sha256) {
    throw new Error(`${file} is not the file archived: its SHA-256 is ${sha256}, the manifest says ${manifest.sha256}; nothing was restored`);
  }
  const found = await describeArchive(file);
  if (found.rows !== manifest.rows || found.firstId !== manifest.first_event__id || found.lastId !== manifest.last_event__id) {
    throw new Error(`${file} holds ${found.rows} rows from ${found.firstId} to ${found.lastId}, the manifest says ${manifest.rows} from ${manifest.first_event__id} to ${manifest.last_event__id}; nothing was restored`);
  }
  return { manifest, file };
}

/** Rows in batches of at most `budget` bytes of headers and payloads (at least one row each): one statement's parameters. */
function* byBytes(rows: ArchiveRow[], budget: number): Iterable<ArchiveRow[]> {
  let batch: ArchiveRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = row.headers.length + (row.payload?.length ?? 0);
    if (batch.length > 0 && bytes + size > budget) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(row);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

const columnsOf = (rows: ArchiveRow[]) =>
  (['event__id', 'event_type', 'occurred_at', 'created_at', 'source', 'partition_key', 'consumer', 'headers', 'payload', 'xact_id',
    'content_salt', 'content_commitment', 'erased_at', 'erasure__id'] as const)
    .map((column) => rows.map((row) => row[column]));

/**
 * Make, fill and attach the partition, all or nothing; returns the rows
 * restored. The definer functions lib_event.restore_partition_begin, _rows
 * and _attach do what needs the owner, so this runs as lib_event_maintenance;
 * _begin refuses an archive this database recorded from another file (LE066)
 * and a partition that would overlap one that exists (LE067).
 */
export async function restorePartition(client: pg.ClientBase, manifestFile: string): Promise<number> {
  const { manifest, file } = await checkedArchive(manifestFile);
  await client.query('begin');
  try {
    await client.query('select lib_event.restore_partition_begin($1::jsonb)', [JSON.stringify(manifest)]);
    let restored = 0;
    const progress = startProgress({ label: `restore ${manifest.partition}`, unit: 'events', total: manifest.rows });
    try {
      for await (const rows of readArchive(file, 1_000)) {
        for (const batch of byBytes(rows, 16 * 1024 * 1024)) {
          await client.query('select lib_event.restore_partition_rows($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)',
            [manifest.partition, ...columnsOf(batch)]);
        }
        restored += rows.length;
        progress.advance(rows.length);
      }
    } finally {
      progress.finish();
    }
    if (restored !== manifest.rows) throw new Error(`${file} gave ${restored} rows, the manifest says ${manifest.rows}; nothing was restored`);
    await client.query('select lib_event.restore_partition_attach($1::jsonb)', [JSON.stringify(manifest)]);
    await client.query('commit');
    return restored;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

async function main(): Promise<void> {
  const { values } = parseCommand({
    usage: 'npm run restore -- --partition <name> [--dir <directory>] | --manifest <file>',
    description: `Bring an archived partition of lib_event.event back from its Parquet file, checked against its
manifest first; refused when a partition of that name or those times exists. Archives are read from
--dir, LIB_EVENT_ARCHIVE_DIR or .data/archive. Connects to DATABASE_URL (as lib_event_maintenance),
or to the database npm start runs as lib_event_maintenance (the password npm start keeps, or
MAINTENANCE_PASSWORD).`,
    options: { partition: { type: 'string' }, dir: { type: 'string' }, manifest: { type: 'string' } },
  });
  const manifestFile = values.manifest ?? (values.partition ? manifestPath(values.dir ?? archiveDir(), values.partition) : undefined);
  if (!manifestFile) throw new UsageError('restore: name the archive with --partition <name> (or --manifest <file>).');
  // A wrong name is said before the database is needed.
  readManifest(manifestFile);
  const client = new pg.Client({ connectionString: maintenanceUrl() });
  await client.connect();
  try {
    const restored = await restorePartition(client, manifestFile);
    console.log(`restore: ${restored} events back in lib_event.event from ${manifestFile}`);
  } finally {
    await client.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
