import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { signCheckpoint } from '../../scripts/log/sequencer.ts';
import { tilePath, writeTiles } from '../../scripts/log/tiles.ts';
import { testSigningKey } from '../support/database.ts';
import { buildGoProgram, goCheck } from '../support/go-c2sp.ts';
import { dropSequencedLogs, sequencedLog, varied } from '../support/sequenced-log.ts';

// npm run tiles: c2sp.org/tlog-tiles hash tiles and the checkpoint, written
// as the log grows, read back by Go's tlog.TileHashReader (which checks each
// tile against the signed root) and compared with the database's root at
// every tree size.
afterAll(dropSequencedLogs);
const go = await buildGoProgram();
const run = promisify(execFile);

it('tile paths follow the spec: 3-digit elements, x-prefixed but the last, .p/<W> for partial tiles', () => {
  expect(tilePath(0, 0)).toBe('tile/0/000');
  expect(tilePath(1, 1234067, 17)).toBe('tile/1/x001/x234/067.p/17');
  expect(tilePath(2, 1000)).toBe('tile/2/x001/000');
});

(go.available ? describe : describe.skip)(`tiles read by Go's tlog.TileHashReader${go.available ? '' : `: skipped, needs Go (${go.missing})`}`, () => {
  let client: pg.Client;
  let url: string;
  let dir: string;
  beforeAll(async () => {
    let db: { url: string };
    ({ client, db } = await sequencedLog(0));
    url = db.url;
    dir = mkdtempSync(join(tmpdir(), 'lib_event-tiles-'));
  });
  afterAll(async () => {
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('agree with the database\'s root at every tree size, as the log grows across tile boundaries', async () => {
    const { rows: [key] } = await client.query<{ vkey: string }>('select lib_event.vkey(lib_event.log_origin(), $1) as vkey', [testSigningKey.publicKeyPem]);
    const writtenBefore = new Set<string>();
    let size = 0;
    for (const batch of [1, 2, 13, 240, 1, 255, 100]) {
      await client.query('select from lib_events.create_many($1::jsonb)', [JSON.stringify(Array.from({ length: batch }, (_, n) => varied(size + n)))]);
      size += batch;
      for (let tries = 0; tries < 500; tries += 1) {
        await client.query('select lib_event.sequence_events()');
        if ((await client.query<{ n: number }>('select lib_event.tree_size()::int as n')).rows[0]?.n === size) break;
      }
      expect(await signCheckpoint(client, testSigningKey)).toBe(size);
      const { treeSize, written } = await writeTiles(client, dir);
      expect(treeSize).toBe(size);
      // Incremental: a full tile is written once.
      for (const path of written.filter((p) => !p.includes('.p/') && p !== 'checkpoint')) {
        expect(writtenBefore.has(path), `${path} written again`).toBe(false);
        writtenBefore.add(path);
      }
      const read = await goCheck<{ tree_size: number; roots: string[] }>(go.available ? go.bin : '', ['tiles', '-vkey', key?.vkey as string, '-dir', dir]);
      expect(read.stderr).toBe('');
      const { rows } = await client.query<{ root: string }>(
        `select encode(lib_event.tree_root(n), 'hex') as root from generate_series(1, $1::bigint) n order by n`, [size]);
      expect(read.result?.tree_size).toBe(size);
      expect(read.result?.roots).toEqual(rows.map((r) => r.root));
    }
    // 612 leaves: two full level-0 tiles and a partial one of 100 (and the partial tiles of earlier sizes); a partial level-1 tile of 2.
    expect(readdirSync(join(dir, 'tile/0')).sort()).toEqual(['000', '000.p', '001', '001.p', '002.p']);
    expect(readdirSync(join(dir, 'tile/0/002.p'))).toEqual(['100']);
    expect(readdirSync(join(dir, 'tile/1/000.p')).sort()).toEqual(['1', '2']);
    // Nothing new: nothing written.
    expect((await writeTiles(client, dir)).written).toEqual([]);
  });

  it('a tile changed on disk no longer gives the database\'s roots', async () => {
    const { rows: [key] } = await client.query<{ vkey: string }>('select lib_event.vkey(lib_event.log_origin(), $1) as vkey', [testSigningKey.publicKeyPem]);
    const { readFileSync, writeFileSync } = await import('node:fs');
    const file = join(dir, 'tile/0/001');
    const tile = readFileSync(file);
    tile[40] = (tile[40] as number) ^ 1;
    writeFileSync(file, tile);
    const read = await goCheck(go.available ? go.bin : '', ['tiles', '-vkey', key?.vkey as string, '-dir', dir]);
    // Go refuses a tile that does not hash to its signed parent; but the
    // TileHashReader of golang.org/x/mod 0.7.0 leaves some full tiles
    // unauthenticated (its loop starts at len(stx), past tiles shared by
    // several subtree indexes), so then the roots it computes are compared.
    const { rows } = await client.query<{ root: string }>(
      `select encode(lib_event.tree_root(n), 'hex') as root from generate_series(1, lib_event.tree_size()) n order by n`);
    const roots = (read.result as { roots?: string[] } | undefined)?.roots;
    expect(read.code === 1 ? read.stderr : roots).not.toEqual(rows.map((r) => r.root));
    if (read.code === 0) expect(roots?.filter((root, n) => root !== rows[n]?.root)).toHaveLength(511 - 258 + 1); // the trees of 258 to 511 leaves hold leaf 258 and not the whole tile
  });

  it('npm run tiles -- --dir writes them; without --dir it says what it needs', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lib_event-tiles-cli-'));
    try {
      const tsx = join(projectRoot, 'node_modules', '.bin', 'tsx');
      const env = { ...process.env, DATABASE_URL: url };
      const { stdout } = await run(tsx, [join(projectRoot, 'scripts/log/tiles.ts'), '--dir', out], { env });
      expect(stdout).toMatch(/tiles: .* holds the tree of 612 events \(\d+ files written\)/);
      expect(readdirSync(out).sort()).toEqual(['checkpoint', 'tile']);
      const missing = await run(tsx, [join(projectRoot, 'scripts/log/tiles.ts')], { env }).then(() => undefined, (error: { stderr: string }) => error.stderr);
      expect(missing).toMatch(/--dir <directory> is required/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

it('the sequencer keeps a tiles directory up to date after each checkpoint when given one (LIB_EVENT_TILES_DIR)', async () => {
  const { createTestDatabase } = await import('../support/database.ts');
  const { startSequencer } = await import('../../scripts/log/sequencer.ts');
  const { existsSync, readFileSync } = await import('node:fs');
  const db = await createTestDatabase();
  const kept = mkdtempSync(join(tmpdir(), 'lib_event-tiles-kept-'));
  const once = mkdtempSync(join(tmpdir(), 'lib_event-tiles-once-'));
  const errors: Error[] = [];
  const sequencer = startSequencer({
    databaseUrl: db.loginUrl('lib_event_sequencer'), signingKey: testSigningKey, tilesDir: kept, onError: (e) => errors.push(e),
  });
  const list = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1)).sort();
  try {
    for (const batch of [3, 300]) {
      await db.admin.query(`select lib_events.create('billing.invoice.paid', jsonb_build_object('n', n)) from generate_series(1, $1::int) n`, [batch]);
      const { rows: [recorded] } = await db.admin.query<{ n: number }>('select count(*)::int as n from lib_event.event');
      const size = await sequencer.checkpoint(recorded!.n);
      // The tiles follow the checkpoint in the same round of the sequencer.
      const published = () => existsSync(join(kept, 'checkpoint')) && readFileSync(join(kept, 'checkpoint'), 'utf8').includes(`\n${size}\n`);
      for (let tries = 0; tries < 100 && !published(); tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        await writeTiles(client, once);
        const { rows: [note] } = await client.query<{ note: string }>('select lib_event.checkpoint_note($1) as note', [size]);
        expect(readFileSync(join(kept, 'checkpoint'), 'utf8')).toBe(note!.note);
      } finally {
        await client.end();
      }
      expect(list(kept)).toEqual(list(once));
      for (const path of list(once)) expect(readFileSync(join(kept, path)).equals(readFileSync(join(once, path))), path).toBe(true);
    }
    expect(list(kept)).toContain('tile/0/001.p/47');
    expect(errors).toEqual([]);
  } finally {
    await sequencer.stop();
    await db.drop();
    rmSync(kept, { recursive: true, force: true });
    rmSync(once, { recursive: true, force: true });
  }
}, 120_000);
