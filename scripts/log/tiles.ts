/**
 * The log's Merkle tree as static files (c2sp.org/tlog-tiles): hash tiles
 * tile/<L>/<N>[.p/<W>] and the latest C2SP checkpoint, which any static web
 * server can publish for witnesses' feeders and monitors. Written
 * incrementally: a full tile is written once; partial tiles for each new
 * checkpoint size; the checkpoint file last, so every tile it needs is there.
 *
 * Entry bundles (tile/entries/...) are not written: they would publish every
 * event's content, which the log keeps behind API keys and may archive and
 * drop; the hash tiles alone let witnesses and monitors check consistency.
 *
 * CLI: npm run tiles -- --dir DIR, with DATABASE_URL or the database npm start runs.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { parseCheckpointBody, parseNote } from './checkpoint-note.ts';
import { parseCommand, runCommand, UsageError } from '../command.ts';

const width = 256;

/** tile/<L>/<N>[.p/<W>], N in 3-digit elements, all but the last prefixed with x. */
export function tilePath(level: number, index: number, tileWidth = width): string {
  let path = String(index % 1000).padStart(3, '0');
  for (let n = Math.floor(index / 1000); n > 0; n = Math.floor(n / 1000)) path = `x${String(n % 1000).padStart(3, '0')}/${path}`;
  return `tile/${level}/${path}${tileWidth < width ? `.p/${tileWidth}` : ''}`;
}

/** The tree size of the checkpoint already in `dir`, 0 when none. */
function publishedSize(dir: string): number {
  const file = join(dir, 'checkpoint');
  if (!existsSync(file)) return 0;
  return parseCheckpointBody(parseNote(readFileSync(file, 'utf8')).text).treeSize;
}

function writeAtomically(file: string, data: Buffer | string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
}

/**
 * Write the tiles the latest C2SP checkpoint needs that `dir` lacks, then
 * that checkpoint; returns its size and the files written.
 */
export async function writeTiles(db: pg.ClientBase, dir: string): Promise<{ treeSize: number; written: string[] }> {
  const { rows: [latest] } = await db.query<{ tree_size: string; note: string }>(
    `select c.tree_size::text, lib_event.checkpoint_note(c.tree_size) as note from lib_event.log_checkpoint c
      where c.origin is not null order by c.tree_size desc limit 1`);
  if (!latest) return { treeSize: 0, written: [] };
  const size = Number(latest.tree_size);
  const before = publishedSize(dir);
  if (before > size) throw new Error(`tiles: ${dir} already holds a checkpoint of ${before} events, more than this log's latest (${size}): another log's tiles?`);
  if (before === size) return { treeSize: size, written: [] };
  const written: string[] = [];
  for (let level = 0, scale = 1; Math.floor(size / scale) > 0; level += 1, scale *= width) {
    const count = Math.floor(size / scale);
    const done = Math.floor(Math.floor(before / scale) / width); // full tiles already written
    for (let tile = done; tile * width < count; tile += 1) {
      const tileWidth = Math.min(width, count - tile * width);
      const path = tilePath(level, tile, tileWidth);
      if (existsSync(join(dir, path))) continue;
      const { rows } = await db.query<{ hash: Buffer }>(
        'select lib_event.tree_node($1, i) as hash from generate_series($2::bigint, $3::bigint) i order by i',
        [8 * level, tile * width, tile * width + tileWidth - 1]);
      if (rows.length !== tileWidth || rows.some((row) => !row.hash)) throw new Error(`tiles: the log lacks hashes of ${path}`);
      writeAtomically(join(dir, path), Buffer.concat(rows.map((row) => row.hash)));
      written.push(path);
    }
  }
  writeAtomically(join(dir, 'checkpoint'), latest.note);
  written.push('checkpoint');
  return { treeSize: size, written };
}

async function main(): Promise<void> {
  const { values } = parseCommand({
    usage: 'npm run tiles -- --dir <directory>',
    description: `Write the log's Merkle tree as c2sp.org/tlog-tiles hash tiles (tile/<L>/<N>) and its latest C2SP
checkpoint (checkpoint) into a directory any static web server can publish; run again to add what is new.
Entry bundles are not written: they would publish the events' contents. Connects to DATABASE_URL, or to
the database npm start runs.`,
    options: { dir: { type: 'string' } },
  });
  if (!values.dir) throw new UsageError('tiles: --dir <directory> is required: where the tiles and the checkpoint go');
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL ?? (await import('../database/local-database.ts')).adminUrl() });
  await client.connect();
  try {
    const { treeSize, written } = await writeTiles(client, values.dir);
    console.log(`tiles: ${values.dir} holds the tree of ${treeSize} events (${written.length} files written)`);
  } finally {
    await client.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
