/**
 * Erasure in the archive files (npm run erase --archive-dir): find the
 * selected events in each partition's Parquet file, and rewrite the file
 * without their content once lib_event.erase has recorded the erasure.
 *
 * Who does what, so that nothing is ever half-erased:
 * 1. under the partition's advisory lock (the one npm run archive takes),
 *    the files are read and the events matching the selector found;
 * 2. in one database transaction, lib_event.erase erases the rows the
 *    database holds and records the erasure, naming each file and its
 *    SHA-256; the new file is written under a new name, read back and
 *    checked (rows, and every leaf recomputed equal to the old file's), its
 *    manifest written beside the old one as `<manifest>.erasure-<id>`, and
 *    lib_event.erased_archive records it in lib_event.partition_archive;
 * 3. the transaction commits: that is the erasure;
 * 4. the pending manifest is renamed over the manifest (one atomic rename:
 *    readers see the old file or the new, each matching its manifest), and
 *    the old file removed.
 * Killed before 3, the database is as it was and the pending files are
 * discarded by the next run; killed after, the next run finds the erasure
 * recorded (lib_event.erasure_recorded) and does 4.
 *
 * The new file is of the current format whatever the old one's: a file of
 * format /1, without positions, gets each event's position from the log.
 */
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import pg from 'pg';
import { manifestPath, type Manifest } from '../lifecycle/archive.ts';
import { eventLeaf } from '../log/log-hash.ts';
import { readArchive, writeArchive, type ArchiveRow } from '../lifecycle/parquet-archive.ts';
import { checkedArchive } from '../lifecycle/restore.ts';
import { archivedLeafFields } from '../log/verify-archive.ts';

/** One selector of lib_event.erase, as the command line gave it. */
export interface Selector {
  eventIds?: string[] | null;
  partitionKey?: string | null;
  header?: unknown;
}

/** An archive file holding selected events: what lib_event.erase's archive_files takes, and where it is. */
export interface ArchivedMatch {
  partition: string;
  file: string;
  sha256: string;
  events: string[];
  /** Those of `events` recorded before salted leaves (no commitment). */
  unprovable: string[];
  manifestFile: string;
  manifest: Manifest;
}

/** A rewritten file and its manifest, ready to replace the old ones. */
export interface PreparedRewrite {
  partition: string;
  pendingManifest: string;
  newFile: string;
  manifest: Manifest;
}

const pendingSuffix = /\.manifest\.json\.erasure-([0-9a-f-]{36})$/;
const pendingManifestPath = (dir: string, partition: string, erasure: string) => `${manifestPath(dir, partition)}.erasure-${erasure}`;

/** jsonb's @> for parsed JSON: objects by key, arrays by any element, scalars equal (PostgreSQL 17, 8.14.3). */
export function jsonContains(haystack: unknown, needle: unknown): boolean {
  if (Array.isArray(haystack)) {
    if (Array.isArray(needle)) return needle.every((n) => haystack.some((h) => jsonContains(h, n)));
    // A top-level array contains a primitive it holds.
    return needle === null || typeof needle !== 'object' ? haystack.some((h) => h === needle) : false;
  }
  if (haystack !== null && typeof haystack === 'object') {
    if (needle === null || typeof needle !== 'object' || Array.isArray(needle)) return false;
    const h = haystack as Record<string, unknown>;
    return Object.entries(needle as Record<string, unknown>).every(([key, value]) => key in h && jsonContainsNested(h[key], value));
  }
  return haystack === needle;
}

/** Below the top level an array contains only arrays. */
function jsonContainsNested(haystack: unknown, needle: unknown): boolean {
  if (Array.isArray(haystack) !== Array.isArray(needle)) return false;
  return jsonContains(haystack, needle);
}

function selects(row: ArchiveRow, selector: Selector): boolean {
  if (row.erased_at !== null || row.event_type.startsWith('lib_event.')) return false;
  if (selector.eventIds) return selector.eventIds.includes(row.event__id);
  if (selector.partitionKey) return row.partition_key === selector.partitionKey;
  if (selector.header !== undefined && selector.header !== null) return jsonContains(JSON.parse(row.headers), selector.header);
  return false;
}

/** The manifests of `dir`, by partition. */
function manifests(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.manifest.json')).sort().map((name) => join(dir, name));
}

/** Every archive file of `dir` holding events the selector matches (each file checked against its manifest first). */
export async function findArchived(dir: string, selector: Selector): Promise<ArchivedMatch[]> {
  const found: ArchivedMatch[] = [];
  for (const manifestFile of manifests(dir)) {
    const { manifest, file } = await checkedArchive(manifestFile);
    const events: string[] = [];
    const unprovable: string[] = [];
    for await (const rows of readArchive(file)) {
      for (const row of rows) {
        if (!selects(row, selector)) continue;
        events.push(row.event__id);
        if (row.content_commitment === null) unprovable.push(row.event__id);
      }
    }
    if (events.length > 0) found.push({ partition: manifest.partition, file: manifest.file, sha256: manifest.sha256, events, unprovable, manifestFile, manifest });
  }
  return found;
}

/** lib_event.erase's archive_files for these matches. */
export const archiveFilesArgument = (matches: ArchivedMatch[]) =>
  JSON.stringify(matches.map(({ partition, file, sha256, events, unprovable }) => ({ partition, file, sha256, events, unprovable })));

/** Take the advisory lock npm run archive takes, for each partition; throws (holding none) when another run has one. */
export async function lockPartitions(client: pg.ClientBase, partitions: string[]): Promise<void> {
  const held: string[] = [];
  for (const partition of partitions) {
    const { rows: [lock] } = await client.query<{ locked: boolean }>(
      `select pg_try_advisory_lock(hashtext('lib_event.archive'), hashtext($1)) as locked`, [partition]);
    if (!lock?.locked) {
      await unlockPartitions(client, held);
      throw Object.assign(new Error(`erase: partition ${partition} is being archived, or its archive rewritten, by another run; nothing was erased: run erase again once it is done`), { code: 'LE096' });
    }
    held.push(partition);
  }
}

export async function unlockPartitions(client: pg.ClientBase, partitions: string[]): Promise<void> {
  for (const partition of partitions) {
    await client.query(`select pg_advisory_unlock(hashtext('lib_event.archive'), hashtext($1))`, [partition]);
  }
}

/** '2026-12-03T13:59:00.120000Z' as PostgreSQL prints a timestamptz under TimeZone UTC: '2026-12-03 13:59:00.12+00'. */
function postgresUtcText(utc: string): string {
  const match = /^(\d{4,}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(utc);
  if (!match) throw new Error(`erase: ${utc} is not a UTC time`);
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  return `${match[1]} ${match[2]}${fraction ? `.${fraction}` : ''}+00`;
}

/** The headers an erased event keeps: the standard entries lib_event.stored_headers adds, none of the caller's. */
const standardHeaders = ['event_type', 'event__id', 'created_at', 'occurred_at', 'source', 'partition_key', 'consumer'];

async function erasedHeaders(client: pg.ClientBase, headers: string): Promise<string> {
  const all = JSON.parse(headers) as Record<string, unknown>;
  const kept = Object.fromEntries(standardHeaders.filter((key) => key in all).map((key) => [key, all[key]]));
  // As PostgreSQL prints jsonb, the text the database would hold.
  const { rows: [row] } = await client.query<{ text: string }>('select $1::jsonb::text as text', [JSON.stringify(kept)]);
  return row?.text as string;
}

/**
 * Write the file of `match` again with its selected events erased, under a
 * new name, checked, and its manifest beside the old one as pending; the
 * old file and manifest are untouched.
 */
export async function prepareRewrite(client: pg.ClientBase, dir: string, match: ArchivedMatch, erasure: string, erasedAt: string): Promise<PreparedRewrite> {
  const erased = new Set(match.events);
  const oldFile = join(dir, match.manifest.file);
  const newFile = join(dir, `${match.partition}.erasure-${erasure}.parquet`);
  const leaves = new Map<string, string>();
  const erasedAtText = postgresUtcText(erasedAt);
  async function* rewritten(): AsyncIterable<ArchiveRow[]> {
    for await (const rows of readArchive(oldFile, 1_000)) {
      const out: ArchiveRow[] = [];
      // A file of format /1 has no positions: the new file, of the current
      // format, takes them from the log.
      await placeInLog(client, oldFile, rows);
      for (const row of rows) {
        leaves.set(row.event__id, eventLeaf(archivedLeafFields(row)).leaf?.toString('hex') ?? 'none');
        if (!erased.has(row.event__id)) {
          out.push(row);
          continue;
        }
        out.push({ ...row, payload: null, headers: await erasedHeaders(client, row.headers), content_salt: null, erased_at: erasedAtText, erasure__id: erasure });
      }
      yield out;
    }
  }
  const written = await writeArchive(rewritten(), newFile);
  try {
    await checkRewrite(newFile, match, leaves, erased);
  } catch (error) {
    rmSync(newFile, { force: true });
    throw error;
  }
  const manifest: Manifest = { ...match.manifest, rows: written.rows, first_event__id: written.firstId, last_event__id: written.lastId,
    file: basename(newFile), sha256: written.sha256, bytes: written.bytes };
  const pendingManifest = pendingManifestPath(dir, match.partition, erasure);
  writeFileSync(`${pendingManifest}.partial`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${pendingManifest}.partial`, pendingManifest);
  return { partition: match.partition, pendingManifest, newFile, manifest };
}

/**
 * Give rows read from a file of format /1, written before archives carried
 * positions, their positions in the log (lib_event.log_positions). Throws,
 * erasing nothing, for an event the log does not place (archived before the
 * log existed): the file cannot be written again in the current format.
 */
async function placeInLog(client: pg.ClientBase, file: string, rows: ArchiveRow[]): Promise<void> {
  const unplaced = rows.filter((row) => row.position === null);
  if (unplaced.length === 0) return;
  const { rows: placed } = await client.query<{ event__id: string; position: string }>(
    'select event__id::text, position::text from lib_event.log_positions($1::uuid[])', [unplaced.map((row) => row.event__id)]);
  const positions = new Map(placed.map((entry) => [entry.event__id, entry.position]));
  for (const row of unplaced) {
    const position = positions.get(row.event__id);
    if (position === undefined) {
      throw new Error(`erase: ${file} is of format /1 (written before archives carried positions) and its event ${row.event__id} has no position in the log, which the rewritten file needs; nothing was erased`);
    }
    row.position = position;
  }
}

/** The new file read back: the same rows, every leaf recomputed as before, the selected ones erased and only those. */
async function checkRewrite(newFile: string, match: ArchivedMatch, leaves: Map<string, string>, erased: Set<string>): Promise<void> {
  let rows = 0;
  for await (const page of readArchive(newFile)) {
    for (const row of page) {
      rows += 1;
      const proved = eventLeaf(archivedLeafFields(row));
      const before = leaves.get(row.event__id);
      if (erased.has(row.event__id) && (proved.kind !== 'erased' && proved.kind !== 'erased-unprovable' || row.payload !== null)) {
        throw new Error(`erase: the rewritten ${newFile} still holds the content of ${row.event__id}; nothing was erased`);
      }
      if (proved.kind !== 'erased-unprovable' && (proved.leaf?.toString('hex') ?? 'none') !== before) {
        throw new Error(`erase: in the rewritten ${newFile}, event ${row.event__id} no longer hashes to its leaf; nothing was erased`);
      }
    }
  }
  if (rows !== match.manifest.rows) throw new Error(`erase: the rewritten ${newFile} holds ${rows} rows, the archive ${match.manifest.rows}; nothing was erased`);
}

/** Replace the manifest by the pending one (atomically), then remove the file it no longer names. */
export function installRewrite(dir: string, partition: string, pendingManifest: string): void {
  const current = manifestPath(dir, partition);
  const oldFile = existsSync(current) ? (JSON.parse(readText(current)) as Manifest).file : undefined;
  const newFile = (JSON.parse(readText(pendingManifest)) as Manifest).file;
  renameSync(pendingManifest, current);
  if (oldFile && oldFile !== newFile) rmSync(join(dir, oldFile), { force: true });
}

/** Remove what a rewrite that was not committed left. */
export function discardRewrite(dir: string, pendingManifest: string): void {
  if (existsSync(pendingManifest)) {
    const newFile = (JSON.parse(readText(pendingManifest)) as Manifest).file;
    rmSync(join(dir, newFile), { force: true });
    rmSync(pendingManifest, { force: true });
  }
}

const readText = (file: string) => readFileSync(file, 'utf8');

/**
 * Finish what a killed run left in `dir`: a pending rewrite whose erasure
 * committed is installed, one whose erasure did not is discarded (and a
 * file written before its manifest, without one, removed). A partition
 * another run holds is left to it. Returns one line for each.
 */
export async function completePending(client: pg.ClientBase, dir: string): Promise<string[]> {
  const done: string[] = [];
  for (const name of readdirSync(dir)) {
    const pending = pendingSuffix.exec(name);
    if (!pending) continue;
    const erasure = pending[1] as string;
    const partition = name.slice(0, name.length - '.manifest.json.erasure-'.length - erasure.length);
    try {
      await lockPartitions(client, [partition]);
    } catch {
      continue;
    }
    try {
      const { rows: [row] } = await client.query<{ recorded: boolean }>('select lib_event.erasure_recorded($1) as recorded', [erasure]);
      if (row?.recorded) {
        installRewrite(dir, partition, join(dir, name));
        done.push(`erase: ${partition}: completed the archive rewrite of erasure ${erasure} (a run stopped after recording it)`);
      } else {
        discardRewrite(dir, join(dir, name));
        done.push(`erase: ${partition}: discarded the archive rewrite of a run stopped before erasure ${erasure} was recorded`);
      }
    } finally {
      await unlockPartitions(client, [partition]);
    }
  }
  // A new file whose manifest was never written: its run died before the commit.
  for (const name of readdirSync(dir)) {
    const orphan = /^(.+)\.erasure-([0-9a-f-]{36})\.parquet(\.partial)?$/.exec(name);
    if (!orphan) continue;
    const [, partition, erasure] = orphan as unknown as [string, string, string];
    try {
      await lockPartitions(client, [partition]);
    } catch {
      continue;
    }
    try {
      const named = existsSync(manifestPath(dir, partition)) && (JSON.parse(readText(manifestPath(dir, partition))) as Manifest).file === name;
      if (!named && !existsSync(pendingManifestPath(dir, partition, erasure))) rmSync(join(dir, name), { force: true });
    } finally {
      await unlockPartitions(client, [partition]);
    }
  }
  return done;
}
