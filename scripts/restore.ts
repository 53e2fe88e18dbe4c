/**
 * npm run restore: bring an archived partition back from its Parquet file.
 *
 * The file is checked first: its SHA-256 against the manifest, then its row
 * count and first and last ids as read from the data (a truncated or
 * corrupted file is refused before anything is written). A partition of the
 * same name or overlapping the same times is refused. The partition is then
 * made, attached and filled in one transaction: either every archived row is
 * back, identical, or nothing is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { archiveDir, manifestPath, type Manifest } from './archive.ts';
import { parseCommand, runCommand, UsageError } from './command.ts';
import { adminUrl } from './local-database.ts';
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

/** An archive this database recorded must be restored from the very file it recorded. */
async function refuseUnrecorded(client: pg.ClientBase, manifest: Manifest): Promise<void> {
  const { rows: [recorded] } = await client.query<{ sha256: string }>(
    'select sha256 from lib_event.partition_archive where partition = $1', [manifest.partition]);
  if (recorded && recorded.sha256 !== manifest.sha256) {
    throw new UsageError(`restore: ${manifest.partition} was archived here as a file with SHA-256 ${recorded.sha256}; this manifest names ${manifest.sha256}; nothing was restored.`);
  }
}

async function refuseOverlap(client: pg.ClientBase, manifest: Manifest): Promise<void> {
  const { rows } = await client.query<{ partition: string }>(
    `select partition from lib_event.partitions
      where partition = $1 or (starts_at < $3::timestamptz and $2::timestamptz < ends_at)`,
    [manifest.partition, manifest.starts_at, manifest.ends_at]);
  if (rows.length > 0) {
    throw new UsageError(`restore: ${manifest.partition} (${manifest.starts_at} to ${manifest.ends_at}) would overlap partition ${rows.map((r) => r.partition).join(', ')}, which exists; nothing was restored. Drop it first (lib_event.drop_partition) if the archive is to replace it.`);
  }
}

const insertRows = (partition: string) => `insert into lib_event.${pg.escapeIdentifier(partition)}
    (event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, xact_id,
     content_salt, content_commitment, erased_at, erasure__id)
  select r.event__id::uuid, r.event_type, r.occurred_at::timestamptz, r.created_at::timestamptz, r.source::uuid,
         r.partition_key, r.consumer, r.headers::jsonb, r.payload::jsonb, r.xact_id::xid8,
         decode(r.content_salt, 'hex'), decode(r.content_commitment, 'hex'), r.erased_at::timestamptz, r.erasure__id::uuid
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                $11::text[], $12::text[], $13::text[], $14::text[])
         as r(event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload, xact_id,
              content_salt, content_commitment, erased_at, erasure__id)`;

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

/** Make, attach and fill the partition, all or nothing; returns the rows restored. */
export async function restorePartition(client: pg.ClientBase, manifestFile: string): Promise<number> {
  const { manifest, file } = await checkedArchive(manifestFile);
  await refuseUnrecorded(client, manifest);
  await refuseOverlap(client, manifest);
  const name = pg.escapeIdentifier(manifest.partition);
  await client.query('begin');
  try {
    await client.query(`set local timezone = 'UTC'`);
    // Made by the owner, as every partition is: the owner may drop it again.
    await client.query('set local role lib_event_owner');
    const { rows: [bounds] } = await client.query<{ lower: string; upper: string }>(
      'select lib_event.uuid_floor($1::timestamptz)::text as lower, lib_event.uuid_floor($2::timestamptz)::text as upper',
      [manifest.starts_at, manifest.ends_at]);
    const [lower, upper] = [pg.escapeLiteral(bounds?.lower as string), pg.escapeLiteral(bounds?.upper as string)];
    // Filled apart and attached last: ATTACH locks the default partition
    // (readers that scan every partition wait), so only for a moment. The
    // constraint spares ATTACH a scan of the rows.
    await client.query(`create table lib_event.${name} (like lib_event.event including defaults including constraints,
      constraint restored_bounds check (event__id >= ${lower} and event__id < ${upper}))`);
    let restored = 0;
    for await (const rows of readArchive(file, 1_000)) {
      for (const batch of byBytes(rows, 16 * 1024 * 1024)) await client.query(insertRows(manifest.partition), columnsOf(batch));
      restored += rows.length;
    }
    if (restored !== manifest.rows) throw new Error(`${file} gave ${restored} rows, the manifest says ${manifest.rows}; nothing was restored`);
    // What the partition's trigger notes for large payloads, noted here.
    await client.query(`insert into lib_event.deferred_payload (event__id, payload_size, payload_sha256)
      select event__id, octet_length(payload::text), sha256(convert_to(payload::text, 'UTF8'))
        from lib_event.${name} where octet_length(payload::text) > lib_event.deferred_payload_bytes()`);
    await client.query(`alter table lib_event.event attach partition lib_event.${name} for values from (${lower}) to (${upper})`);
    await client.query(`alter table lib_event.${name} drop constraint restored_bounds`);
    await client.query(`comment on table lib_event.${name} is ${pg.escapeLiteral(`Restored from ${manifest.file} (sha256 ${manifest.sha256}).`)}`);
    await client.query('select lib_event.partition_restored($1::jsonb)', [JSON.stringify(manifest)]);
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
--dir, LIB_EVENT_ARCHIVE_DIR or .data/archive. Connects to DATABASE_URL (the owner or a superuser),
or to the database npm start runs.`,
    options: { partition: { type: 'string' }, dir: { type: 'string' }, manifest: { type: 'string' } },
  });
  const manifestFile = values.manifest ?? (values.partition ? manifestPath(values.dir ?? archiveDir(), values.partition) : undefined);
  if (!manifestFile) throw new UsageError('restore: name the archive with --partition <name> (or --manifest <file>).');
  // A wrong name is said before the database is needed.
  readManifest(manifestFile);
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    const restored = await restorePartition(client, manifestFile);
    console.log(`restore: ${restored} events back in lib_event.event from ${manifestFile}`);
  } finally {
    await client.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
