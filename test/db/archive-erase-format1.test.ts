import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention, manifestPath, type Manifest } from '../../scripts/lifecycle/archive.ts';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { readArchive, type ArchiveRow } from '../../scripts/lifecycle/parquet-archive.ts';
import { signCheckpoint } from '../../scripts/log/sequencer.ts';
import { verifyArchive, verifyLog, type Checkpoint } from '../../scripts/log/verify.ts';
import { createTestDatabase, testSigningKey, type TestDatabase } from '../support/database.ts';
import { createEraserLogin } from '../support/eraser-login.ts';
import { writeFormat1Archive } from '../support/format1-archive.ts';
import { asOwner, publicKeys } from '../support/sequenced-log.ts';

// An archive file of the oldest format (lib_event.event/1: no positions),
// holding events recorded before salted leaves (leaf format v1), as a
// database archived before either existed has them: npm run erase refuses
// those events unless told to break their proofs, then rewrites the file in
// the current format, with each event's position taken from the log, and
// verify --archive checks every event of it, which it could not before.
let db: TestDatabase;
let client: pg.Client;
let dir: string;
let eraserUrl: string;
let partition: string;
const officer = `privacy_officer_${randomBytes(4).toString('hex')}`;
const run = promisify(execFile);

/** npm run erase as the privacy officer, against the test database: its exit code and output. */
async function erase(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/erasure/erase.ts', '--reason', 'GDPR request 2026-131', '--archive-dir', dir, ...args],
      { cwd: projectRoot, env: { ...process.env, DATABASE_URL: eraserUrl } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const manifest = () => JSON.parse(readFileSync(manifestPath(dir, partition), 'utf8')) as Manifest;

async function archived(): Promise<ArchiveRow[]> {
  const rows: ArchiveRow[] = [];
  for await (const page of readArchive(join(dir, manifest().file))) rows.push(...page);
  return rows;
}

const subjectOf = (row: ArchiveRow) => (JSON.parse(row.headers) as { subject?: string }).subject;

beforeAll(async () => {
  db = await createTestDatabase({ sequencer: true });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  dir = mkdtempSync(join(tmpdir(), 'lib_event-format1-'));
  eraserUrl = await createEraserLogin(client, db.url, officer);

  const { rows: [made] } = await client.query<{ partition: string }>(`select partition from lib_event.make_partitions('2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z')`);
  partition = made?.partition as string;
  // Events recorded before salted leaves: no salt, so no commitment, a v1 leaf.
  await asOwner(client, 'alter table lib_event.event alter column content_salt drop default');
  await client.query(
    `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers, payload)
     select lib_event.uuid_v7(t), 'crm.customer.updated', t, t, 'crm', jsonb_build_object('subject', s, 'actor', 'ada@example.com'),
            jsonb_build_object('email', s || '-' || n || '@example.com', 'n', n)
       from unnest(array['user:42', 'user:7', 'user:42', 'user:8']) with ordinality u (s, n),
            lateral (select timestamptz '2025-01-03T00:00:00Z' + n * interval '1 minute' as t) x`);
  await asOwner(client, 'alter table lib_event.event alter column content_salt set default lib_event.new_salt()');
  await client.query(`select lib_event.set_retention('400 days')`);
  await db.placed();
  const maintenance = new pg.Client({ connectionString: db.loginUrl('lib_event_maintenance') });
  await maintenance.connect();
  try {
    expect(await applyRetention(maintenance, dir, () => {})).toBe(1);
  } finally {
    await maintenance.end();
  }
  // The file as the first archive writer left it, and the database's record of it.
  const rows = await archived();
  const written = await writeFormat1Archive(rows, join(dir, manifest().file));
  writeFileSync(manifestPath(dir, partition), `${JSON.stringify({ ...manifest(), sha256: written.sha256, bytes: written.bytes }, null, 2)}\n`);
  await client.query('update lib_event.partition_archive set sha256 = $2, bytes = $3 where partition = $1', [partition, written.sha256, written.bytes]);
  await signCheckpoint(client, testSigningKey);
}, 300_000);
afterAll(async () => {
  await client?.query(`revoke connect on database ${new URL(db.url).pathname.slice(1)} from ${officer}; drop owned by ${officer}; drop role ${officer}`).catch(() => {});
  await client?.end();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('an archive file of format /1 holding v1 events', () => {
  it('reads without positions, salts or commitments; verify --archive checks its events where the log placed their ids, and finds one altered', async () => {
    const rows = await archived();
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toMatchObject({ position: null, content_salt: null, content_commitment: null, erased_at: null });
    const intact = await verifyLog(client, { publicKeys, archiveDir: dir });
    expect(intact).toMatchObject({ ok: true, failures: [] });
    expect(intact.warnings.filter((warning) => warning.includes('taken at the leaf hashes'))).toEqual([]);
    // Without the database, positions come from the files alone: this one is named and skipped.
    const { rows: checkpoints } = await client.query<Checkpoint>(
      `select tree_size::text, root_hash, lib_event.utc_text(signed_at) as signed_at, key_id, signature, signed_text from lib_events.checkpoints`);
    expect((await verifyArchive(dir, { publicKeys, checkpoints })).warnings)
      .toContainEqual(expect.stringMatching(/is of format \/1, written before archives carried positions: its events are not checked/));

    // A payload changed in a /1 file written again with it: verify names the event.
    const forgedDir = mkdtempSync(join(tmpdir(), 'lib_event-format1-forged-'));
    try {
      const forged = rows.map((row, n) => (n === 1 ? { ...row, payload: (row.payload as string).replace('@example.com', '@forged.example') } : row));
      const written = await writeFormat1Archive(forged, join(forgedDir, manifest().file));
      writeFileSync(manifestPath(forgedDir, partition), JSON.stringify({ ...manifest(), sha256: written.sha256, bytes: written.bytes }));
      const result = await verifyLog(client, { publicKeys, archiveDir: forgedDir });
      expect(result.ok).toBe(false);
      expect(result.failures[0]).toMatch(new RegExp(`event ${rows[1]?.event__id}\\): altered in its archive file`));
    } finally {
      rmSync(forgedDir, { recursive: true, force: true });
    }
  });

  it('npm run erase refuses its v1 events without --break-v1-proofs, leaving the file as it was', async () => {
    const before = manifest().sha256;
    const refused = await erase('--header', '{"subject": "user:42"}');
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toMatch(/LE094|recorded before salted leaves/);
    expect(manifest().sha256).toBe(before);
    expect(readdirSync(dir).filter((name) => name.includes('erasure-'))).toEqual([]);
  });

  it('with --break-v1-proofs rewrites the file in the current format, positions from the log, and verify --archive checks every event', async () => {
    const before = manifest();
    const erased = await erase('--header', '{"subject": "user:42"}', '--break-v1-proofs');
    expect(erased.code, erased.output).toBe(0);
    expect(erased.output).toMatch(/erase: 2 events erased \(2 of them only in archive files, 2 recorded before salted leaves\)/);

    const rows = await archived();
    expect(rows).toHaveLength(4);
    const { rows: logged } = await client.query<{ id: string; position: string }>(
      'select event__id::text as id, position::text from lib_event.log_entry where event__id = any($1::uuid[])', [rows.map((row) => row.event__id)]);
    expect(Object.fromEntries(rows.map((row) => [row.event__id, row.position]))).toEqual(Object.fromEntries(logged.map((row) => [row.id, row.position])));
    const { rows: [record] } = await client.query<{ id: string; payload: { unprovable: string[]; archive_files: { partition: string; sha256: string; events: number }[] } }>(
      `select event__id::text as id, payload from lib_event.event where event_type = 'lib_event.event.erased'`);
    expect(record?.payload.archive_files).toEqual([{ partition, file: before.file, sha256: before.sha256, events: 2 }]);
    for (const row of rows) {
      if (row.erasure__id === null) {
        expect(subjectOf(row)).not.toBe('user:42');
        expect(row.payload).toContain('@example.com');
        continue;
      }
      expect(row).toMatchObject({ payload: null, content_salt: null, content_commitment: null, erasure__id: record?.id });
      expect(row.erased_at).not.toBeNull();
      expect(row.headers).not.toContain('user:42');
      expect(row.headers).not.toContain('ada@example.com');
    }
    expect(record?.payload.unprovable).toEqual(rows.filter((row) => row.erasure__id !== null).map((row) => row.event__id));

    await db.placed();
    await signCheckpoint(client, testSigningKey);
    const result = await verifyLog(client, { publicKeys, archiveDir: dir });
    expect(result).toMatchObject({ ok: true, failures: [], unprovable: 2 });
    // Without the database the rewritten file is read by its positions now; its
    // first event erased before salted leaves stops the check there, as in any
    // file (only the log holds such a leaf).
    const { rows: checkpoints } = await client.query<Checkpoint>(
      `select tree_size::text, root_hash, lib_event.utc_text(signed_at) as signed_at, key_id, signature, signed_text from lib_events.checkpoints`);
    const alone = await verifyArchive(dir, { publicKeys, checkpoints });
    expect(alone.warnings.filter((warning) => warning.includes('format /1'))).toEqual([]);
    expect(alone.failures).toEqual([expect.stringMatching(/^position \d+ \(event [0-9a-f-]{36}\): no leaf can be recomputed from .* \(erased before salted leaves\)/)]);
  });
});
