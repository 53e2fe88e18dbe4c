import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention, archivePartition, manifestPath, type Manifest } from '../../scripts/lifecycle/archive.ts';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { jsonContains } from '../../scripts/erasure/erase-archive.ts';
import { fileSha256, readArchive, writeArchive, type ArchiveRow } from '../../scripts/lifecycle/parquet-archive.ts';
import { restorePartition } from '../../scripts/lifecycle/restore.ts';
import { signCheckpoint } from '../../scripts/log/sequencer.ts';
import { createTestDatabase, testSigningKey, type TestDatabase } from '../support/database.ts';
import { createEraserLogin } from '../support/eraser-login.ts';

// Erasure reaching the archives: npm run erase over the live table, a
// deferred payload, a partition archived and dropped and one restored from
// its file; verify in both modes; and the faults (a concurrent archive,
// kill -9 on either side of the commit, bad selectors).
let db: TestDatabase;
let client: pg.Client;
let maintenance: pg.Client;
let dir: string;
let eraserUrl: string;
const officer = `privacy_officer_${randomBytes(4).toString('hex')}`;
const months = { dropped: ['2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z'], restored: ['2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z'] };
const partitions: Record<keyof typeof months, string> = { dropped: '', restored: '' };

interface Run { code: number | null; stdout: string; output: string }

/** A command as a privacy officer (or an auditor) runs it, against the test database. */
function command(script: string, args: string[], env: Record<string, string> = {}, url = eraserUrl): { child: ReturnType<typeof spawn>; done: Promise<Run> } {
  const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: projectRoot, env: { ...process.env, DATABASE_URL: url, LIB_EVENT_ARCHIVE_DIR: dir, ...env },
  });
  let stdout = '';
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), (output += chunk.toString())));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, output }));
  return { child, done };
}
const erase = (args: string[], env: Record<string, string> = {}) => command('erasure/erase', ['--reason', 'GDPR request 2026-118', '--archive-dir', dir, ...args], env).done;
const verify = (args: string[] = []) => command('log/verify', args, {}, db.url).done;

/** Events of a month, inserted as the owner (their times in the past), `subject` in their headers. */
async function insertMonth(starts: string, subjects: string[]): Promise<void> {
  await client.query(
    `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers, payload)
     select lib_event.uuid_v7(t), 'crm.customer.updated', t, t, 'crm', jsonb_build_object('subject', s, 'actor', 'ada@example.com'),
            jsonb_build_object('email', s || '-' || n || '@example.com', 'n', n)
       from unnest($2::text[]) with ordinality u (s, n), lateral (select $1::timestamptz + interval '2 days' + n * interval '1 minute' as t) x`,
    [starts, subjects]);
}

const manifestOf = (partition: string) => JSON.parse(readFileSync(manifestPath(dir, partition), 'utf8')) as Manifest;

async function archivedRows(partition: string): Promise<ArchiveRow[]> {
  const rows: ArchiveRow[] = [];
  for await (const page of readArchive(join(dir, manifestOf(partition).file))) rows.push(...page);
  return rows;
}

const subjectOf = (row: ArchiveRow) => (JSON.parse(row.headers) as { subject?: string }).subject;

const erasures = async () => (await client.query<{ event__id: string; payload: { events: string[]; archive_files: { partition: string; sha256: string; events: number }[] } }>(
  `select event__id::text, payload from lib_event.event where event_type = 'lib_event.event.erased' order by event__id`)).rows;

beforeAll(async () => {
  db = await createTestDatabase({ sequencer: true });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  maintenance = new pg.Client({ connectionString: db.loginUrl('lib_event_maintenance') });
  await maintenance.connect();
  dir = mkdtempSync(join(tmpdir(), 'lib_event-archive-erase-'));
  eraserUrl = await createEraserLogin(client, db.url, officer);
  for (const [name, [starts, ends]] of Object.entries(months)) {
    const { rows: [made] } = await client.query<{ partition: string }>('select partition from lib_event.make_partitions($1, $2)', [starts, ends]);
    partitions[name as keyof typeof months] = made?.partition as string;
  }
  await insertMonth(months.dropped[0] as string, ['user:42', 'user:42', 'user:7', 'user:7', 'user:8', 'user:1', ...Array<string>(101).fill('user:many')]);
  await insertMonth(months.restored[0] as string, ['user:42', 'user:9', 'user:1']);
  // Live: two events of the subject, one with a payload large enough to be deferred.
  await client.query('select from lib_events.create_many($1::jsonb)', [JSON.stringify([
    { event_type: 'crm.customer.updated', headers: { subject: 'user:42' }, payload: { email: 'person@example.com' }, idempotency_key: 'k-42' },
    { event_type: 'crm.customer.updated', headers: { subject: 'user:42' }, payload: { blob: 'y'.repeat(300 * 1024) } },
    { event_type: 'crm.customer.updated', headers: { subject: 'user:1' }, payload: { email: 'other@example.com' } },
  ])]);
  await client.query(`select lib_event.set_retention('400 days')`);
  await db.placed();
  // Both months archived and dropped; the second restored from its file.
  expect(await applyRetention(maintenance, dir, () => {})).toBe(2);
  await restorePartition(maintenance, manifestPath(dir, partitions.restored));
  await signCheckpoint(client, testSigningKey);
}, 300_000);
afterAll(async () => {
  await maintenance?.end();
  await client?.query(`revoke connect on database ${new URL(db.url).pathname.slice(1)} from ${officer}; drop owned by ${officer}; drop role ${officer}`).catch(() => {});
  await client?.end();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('jsonContains', () => {
  it('is jsonb @> for the selectors a privacy officer gives', () => {
    expect(jsonContains({ subject: 'user:42', actor: 'a' }, { subject: 'user:42' })).toBe(true);
    expect(jsonContains({ subject: 'user:42' }, { subject: 'user:4' })).toBe(false);
    expect(jsonContains({ ids: ['a', 'b'] }, { ids: ['b'] })).toBe(true);
    expect(jsonContains({ ids: 'a' }, { ids: ['a'] })).toBe(false);
    expect(jsonContains({ nested: { a: 1, b: 2 } }, { nested: { a: 1 } })).toBe(true);
  });
});

describe('npm run erase with archive files', () => {
  it('refuses bad input, erasing nothing and leaving every file as it was', async () => {
    const before = { dropped: manifestOf(partitions.dropped).sha256, restored: manifestOf(partitions.restored).sha256, erasures: (await erasures()).length };
    const cases: [string[], RegExp][] = [
      [['--event', '01a20b76-c616-756f-abc9-caea3bd67582'], /LE092|no event 01a20b76/],
      [[], /LE091|exactly one non-empty selector/],
      [['--header', '{}'], /LE091|exactly one non-empty selector/],
      [['--header', '{"subject": "nobody"}'], /LE092|matches no event/],
      // 101 events, all in the dropped partition's file.
      [['--header', '{"subject": "user:many"}'], /LE093|matches 101 events, more than 100/],
    ];
    for (const [args, message] of cases) {
      const run = await erase(args);
      expect(run.code, run.output).toBe(1);
      expect(run.output).toMatch(message);
    }
    expect({ dropped: manifestOf(partitions.dropped).sha256, restored: manifestOf(partitions.restored).sha256, erasures: (await erasures()).length }).toEqual(before);
    expect(readdirSync(dir).filter((name) => name.includes('erasure-'))).toEqual([]);
  });

  it('refuses while the partition is being archived, and an archive is refused while erase rewrites it', async () => {
    const archiving = new pg.Client({ connectionString: db.loginUrl('lib_event_maintenance') });
    await archiving.connect();
    try {
      // What npm run archive holds while it writes the partition's file.
      await archiving.query(`select pg_advisory_lock(hashtext('lib_event.archive'), hashtext($1))`, [partitions.restored]);
      const run = await erase(['--header', '{"subject": "user:9"}']);
      expect(run.code, run.output).toBe(1);
      expect(run.output).toMatch(/partition \S+ is being archived, or its archive rewritten, by another run; nothing was erased/);
    } finally {
      await archiving.end();
    }
    const { rows } = await client.query(`select 1 from lib_event.event where headers @> '{"subject": "user:9"}' and erased_at is not null`);
    expect(rows).toHaveLength(0);

    const paused = command('erasure/erase', ['--reason', 'r', '--archive-dir', dir, '--header', '{"subject": "user:9"}'], { LIB_EVENT_ERASE_PAUSE_AT: 'before-commit' });
    await waitFor(paused, 'paused at before-commit');
    await expect(archivePartition(maintenance, partitions.restored, dir)).rejects.toThrow(/being archived, or its archive rewritten by npm run erase, by another run/);
    paused.child.kill('SIGKILL');
    await paused.done;
    await sessionsGone();
  });

  it('killed with -9 before its commit, leaves the old state; run again, erases', async () => {
    const before = manifestOf(partitions.dropped);
    const paused = command('erasure/erase', ['--reason', 'r', '--archive-dir', dir, '--header', '{"subject": "user:8"}'], { LIB_EVENT_ERASE_PAUSE_AT: 'before-commit' });
    await waitFor(paused, 'paused at before-commit');
    paused.child.kill('SIGKILL');
    await paused.done;
    await sessionsGone();
    expect(manifestOf(partitions.dropped)).toEqual(before);
    expect(await fileSha256(join(dir, before.file))).toBe(before.sha256);
    expect((await erasures()).filter((e) => e.payload.archive_files.length > 0)).toHaveLength(0);

    const run = await erase(['--header', '{"subject": "user:8"}']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/discarded the archive rewrite of a run stopped before erasure/);
    expect((await archivedRows(partitions.dropped)).filter((row) => subjectOf(row) === undefined)).toHaveLength(1);
    expect(readdirSync(dir).filter((name) => name.includes('.manifest.json.erasure-') || name.endsWith('.partial'))).toEqual([]);
  });

  it('killed with -9 after its commit, has the erasure recorded; run again, completes the rewrite', async () => {
    const before = manifestOf(partitions.dropped);
    const paused = command('erasure/erase', ['--reason', 'r', '--archive-dir', dir, '--header', '{"subject": "user:7"}'], { LIB_EVENT_ERASE_PAUSE_AT: 'after-commit' });
    await waitFor(paused, 'paused at after-commit');
    paused.child.kill('SIGKILL');
    await paused.done;
    await sessionsGone();
    const recorded = (await erasures()).at(-1);
    expect(recorded?.payload.archive_files).toEqual([{ partition: partitions.dropped, file: before.file, sha256: before.sha256, events: 2 }]);
    // The manifest still names the old file, which still matches it.
    expect(manifestOf(partitions.dropped)).toEqual(before);

    const run = await erase(['--header', '{"subject": "user:7"}']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`completed the archive rewrite of erasure ${recorded?.event__id}`);
    const after = manifestOf(partitions.dropped);
    expect(after.sha256).not.toBe(before.sha256);
    expect(after.sha256).toBe(await fileSha256(join(dir, after.file)));
    expect(existsSync(join(dir, before.file))).toBe(false);
    const erased = (await archivedRows(partitions.dropped)).filter((row) => row.erasure__id === recorded?.event__id);
    expect(erased).toHaveLength(2);
    for (const row of erased) expect({ payload: row.payload, salt: row.content_salt, subject: subjectOf(row) }).toEqual({ payload: null, salt: null, subject: undefined });
    const { rows: [archive] } = await client.query<{ sha256: string; file: string }>('select sha256, file from lib_event.partition_archive where partition = $1', [partitions.dropped]);
    expect(archive).toEqual({ sha256: after.sha256, file: after.file });
  });

  it('erases a subject across the live table, a deferred payload, a dropped and a restored partition; verify passes in both modes and still catches a payload removed by hand', async () => {
    const before = { dropped: manifestOf(partitions.dropped), restored: manifestOf(partitions.restored) };
    const run = await erase(['--header', '{"subject": "user:42"}']);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/5 events erased \(2 of them only in archive files, 0 recorded before salted leaves\), 1 deferred payloads, 1 idempotency records/);
    const recorded = (await erasures()).at(-1);
    expect(recorded?.payload.archive_files).toEqual([
      { partition: partitions.dropped, file: before.dropped.file, sha256: before.dropped.sha256, events: 2 },
      { partition: partitions.restored, file: before.restored.file, sha256: before.restored.sha256, events: 1 },
    ].sort((a, b) => a.partition.localeCompare(b.partition)));
    const { rows: live } = await client.query<{ payload: unknown; erased: boolean; deferred: boolean }>(
      `select payload, erased_at is not null as erased, exists (select from lib_event.deferred_payload d where d.event__id = e.event__id) as deferred
         from lib_event.event e where event__id = any ($1::uuid[])`, [recorded?.payload.events]);
    expect(live).toHaveLength(3);
    expect(live.every((row) => row.payload === null && row.erased && !row.deferred)).toBe(true);
    for (const partition of [partitions.dropped, partitions.restored]) {
      const rows = await archivedRows(partition);
      expect(rows.filter((row) => row.payload?.includes('user:42'))).toEqual([]);
      expect(rows.filter((row) => row.erasure__id === recorded?.event__id).length).toBeGreaterThan(0);
    }

    const database = await verify();
    expect(database.code, database.output).toBe(0);
    expect(database.stdout).toMatch(/verify: \d+ erased, proofs intact/);
    const archived = await verify(['--archive', dir]);
    expect(archived.code, archived.output).toBe(0);
    expect(archived.stdout).toMatch(/verify: 8 erased, proofs intact/);

    // A payload removed by hand in the database, without erase: tampering.
    const { rows: [victim] } = await client.query<{ id: string }>(
      `select event__id::text as id from lib_event.event where headers @> '{"subject": "user:1"}' and payload is not null limit 1`);
    await client.query('set session_replication_role = replica');
    await client.query(`update lib_event.event set payload = null where event__id = $1`, [victim?.id]);
    await client.query('set session_replication_role = origin');
    const tampered = await verify();
    expect(tampered.code).toBe(1);
    expect(tampered.output).toContain(`event ${victim?.id}): altered`);
  });

  it('verify --archive reports content removed by hand from an archive file as tampering', async () => {
    const manifest = manifestOf(partitions.dropped);
    const rows = await archivedRows(partitions.dropped);
    const victim = rows.find((row) => subjectOf(row) === 'user:1') as ArchiveRow;
    const forged = rows.map((row) => row === victim ? { ...row, payload: null, content_salt: null, erased_at: '2026-01-01 00:00:00+00', erasure__id: null } : row);
    const copy = mkdtempSync(join(tmpdir(), 'lib_event-archive-forged-'));
    try {
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.manifest.json') || n.endsWith('.parquet'))) {
        writeFileSync(join(copy, name), readFileSync(join(dir, name)));
      }
      // Rewritten by hand with its manifest to match: only the log tells.
      async function* pages() { yield forged; }
      const written = await writeArchive(pages(), join(copy, manifest.file));
      writeFileSync(manifestPath(copy, partitions.dropped), JSON.stringify({ ...manifest, sha256: written.sha256, bytes: written.bytes }));
      const run = await verify(['--archive', copy]);
      expect(run.code).toBe(1);
      expect(run.output).toContain(`event ${victim.event__id}): altered in its archive file: content removed without an erasure recorded in the log`);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

/** Until the killed command's database sessions have ended (and their locks with them). */
async function sessionsGone(): Promise<void> {
  for (;;) {
    const { rows: [left] } = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where usename = $1', [officer]);
    if (left?.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Until the command prints `text` (it then waits to be killed). */
async function waitFor(run: ReturnType<typeof command>, text: string): Promise<void> {
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    run.child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
    void run.done.then((result) => reject(new Error(`the command ended (${result.code}) before "${text}": ${result.output}`)));
  });
}
