import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention, archivePartition, manifestPath, type Manifest } from '../../scripts/lifecycle/archive.ts';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { fileSha256, readArchive, writeArchive, type ArchiveRow } from '../../scripts/lifecycle/parquet-archive.ts';
import { restorePartition } from '../../scripts/lifecycle/restore.ts';
import { verifyArchive, verifyLog, type Checkpoint } from '../../scripts/log/verify.ts';
import { createTestDatabase, testSigningKey, type TestDatabase } from '../support/database.ts';

// A month of 2025 recorded with 100,000 varied events, past a 400-day
// retention: archived to Parquet, dropped, read with DuckDB, restored.
const rows = 100_000;
const month = { starts: '2025-01-01T00:00:00Z', ends: '2025-02-01T00:00:00Z' };
let db: TestDatabase;
let client: pg.Client;
// Archive, retention and restore run as the maintenance login, never a superuser.
let maintenance: pg.Client;
let dir: string;
let partition: string;
let before: { digest: string; deferred: number };
let recordedCounts: { event_type: string; n: number }[];
let recordedSample: Record<string, string | null>;

/** Every column of the month's events as text, hashed in id order; and its deferred payloads. */
async function snapshot(): Promise<{ digest: string; deferred: number }> {
  const { rows: [row] } = await client.query<{ digest: string; deferred: number }>(
    `select md5(string_agg(concat_ws('|', event__id, event_type, occurred_at, created_at, source, partition_key, consumer,
                                    headers, payload, xact_id), E'\\n' order by event__id)) as digest,
            (select count(*)::int from lib_event.deferred_payload d
              where d.event__id >= lib_event.uuid_floor($1) and d.event__id < lib_event.uuid_floor($2)) as deferred
       from lib_event.event where created_at >= $1 and created_at < $2`, [month.starts, month.ends]);
  return row as { digest: string; deferred: number };
}

beforeAll(async () => {
  db = await createTestDatabase({ sequencer: true });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  maintenance = new pg.Client({ connectionString: db.loginUrl('lib_event_maintenance') });
  await maintenance.connect();
  dir = mkdtempSync(join(tmpdir(), 'lib_event-archive-'));
  const { rows: [made] } = await client.query<{ partition: string }>('select partition from lib_event.make_partitions($1, $2)', [month.starts, month.ends]);
  partition = made?.partition as string;
  // Varied payloads: unicode, nesting, JSON nulls, exact numbers, no payload, one of 5 MB.
  await client.query(
    `insert into lib_event.event (event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload)
     select lib_event.uuid_v7(t), (array['billing.invoice.paid', 'iam.user.created', 'orders.order.placed'])[1 + n % 3],
            t - interval '3 seconds', t, case when n % 7 = 0 then md5(n::text)::uuid end,
            case when n % 2 = 0 then 'tenant-' || (n % 13) end, 'consumer' || (n % 5),
            jsonb_build_object('trace', 't' || n, 'note', 'naïve ✓ 𝄞'),
            case when n = 4242 then jsonb_build_object('blob', repeat('ü', 2500000))
                 when n % 11 = 0 then null
                 when n % 11 = 1 then 'null'::jsonb
                 else jsonb_build_object('n', n, 'amount', 12345678901234567890.10, 'small', 1e-7,
                                         'text', 'Ünïcødé 😀 ' || n, 'deep', jsonb_build_object('a', jsonb_build_array(n, null, true, jsonb_build_object('b', 'c'))))
            end
       from (select n, timestamptz '2025-01-03T00:00:00Z' + n * interval '10 seconds' + (n % 1000) * interval '1 microsecond' as t
               from generate_series(0, $1 - 1) n) s`, [rows]);
  await client.query(`select lib_event.set_retention('400 days')`);
  // Archived events carry their log positions: the sequencer places them first.
  await db.placed();
  before = await snapshot();
  recordedCounts = (await client.query<{ event_type: string; n: number }>(
    `select event_type::text, count(*)::int as n from lib_event.event where created_at >= $1 and created_at < $2 group by 1 order by 1`,
    [month.starts, month.ends])).rows;
  await client.query(`set timezone = 'UTC'`);
  recordedSample = (await client.query<Record<string, string | null>>(
    `select event__id::text, event_type::text, created_at::text, source::text, partition_key::text, consumer::text, payload::text
       from lib_event.event where created_at >= $1 and created_at < $2 and payload ->> 'n' = '4243'`, [month.starts, month.ends])).rows[0] ?? {};
}, 300_000);
afterAll(async () => {
  await maintenance.end();
  await client.end();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
});

const lifecycle = async (eventType: string) =>
  (await client.query<{ payload: Record<string, unknown> }>(
    `select payload from lib_event.event where event_type = $1 and partition_key = 'lib_event.partitions' order by event__id`, [eventType])).rows;

describe('retention: archive, drop, restore', () => {
  it('refuses a retention under a day, and a partition still being written', async () => {
    await expect(client.query(`select lib_event.set_retention('23 hours')`)).rejects.toMatchObject({ code: 'LE064' });
    const { rows: [current] } = await client.query<{ partition: string }>(
      `select partition from lib_event.partitions where starts_at <= now() and now() < ends_at`);
    await expect(archivePartition(maintenance, current?.partition as string, dir)).rejects.toMatchObject({ code: 'LE061' });
    await expect(client.query('select lib_event.drop_partition($1)', [current?.partition])).rejects.toMatchObject({ code: 'LE061' });
    await expect(client.query('select lib_event.drop_partition($1)', [partition])).rejects.toMatchObject({ code: 'LE063' });
    // The maintenance login drops only an archived partition past the retention, never by force.
    await expect(maintenance.query('select lib_event.drop_expired_partition($1)', [current?.partition])).rejects.toMatchObject({ code: 'LE065' });
    await expect(maintenance.query('select lib_event.drop_expired_partition($1)', [partition])).rejects.toMatchObject({ code: 'LE063' });
    await expect(maintenance.query('select lib_event.drop_partition($1, force => true)', [partition])).rejects.toMatchObject({ code: '42501' });
    expect(await snapshot()).toEqual(before);
  });

  it('killed with -9 half-way through an archive, drops nothing; run again, archives and drops the partition', async () => {
    const archive = spawn(process.execPath, ['--import', 'tsx', 'scripts/lifecycle/archive.ts'], {
      cwd: projectRoot, env: { ...process.env, DATABASE_URL: db.loginUrl('lib_event_maintenance'), LIB_EVENT_ARCHIVE_DIR: dir }, stdio: 'ignore',
    });
    // Mid-stream: once the file being written appears.
    const partial = join(dir, `${partition}.parquet.partial`);
    for (let waited = 0; waited < 120_000 && !existsSync(partial); waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(archive.exitCode).toBeNull();
    archive.kill('SIGKILL');
    await once(archive, 'exit');
    expect(existsSync(manifestPath(dir, partition))).toBe(false);
    expect(await snapshot()).toEqual(before);
    expect(await lifecycle('lib_event.partition.archived')).toHaveLength(0);

    const lines: string[] = [];
    expect(await applyRetention(maintenance, dir, (line) => lines.push(line))).toBe(1);
    expect(lines.join('\n')).toMatch(new RegExp(`${partition}: ${rows} events to .*dropped`, 's'));
    const { rows: left } = await client.query('select 1 from lib_event.partitions where partition = $1', [partition]);
    expect(left).toHaveLength(0);
    const manifest = JSON.parse(readFileSync(manifestPath(dir, partition), 'utf8')) as Manifest;
    expect(manifest).toMatchObject({ partition, rows, file: `${partition}.parquet` });
    expect(manifest.sha256).toBe(await fileSha256(join(dir, manifest.file)));
    const [archived] = await lifecycle('lib_event.partition.archived');
    expect(archived?.payload).toMatchObject({ partition, rows, sha256: manifest.sha256, first_event__id: manifest.first_event__id });
    const [dropped] = await lifecycle('lib_event.partition.dropped');
    expect(dropped?.payload).toMatchObject({ partition, rows, archived: true, forced: false, sha256: manifest.sha256, deferred_payloads: 1 });
  });

  it('leaves files DuckDB reads as they are, counts and rows equal to what was recorded', async () => {
    const file = join(dir, `${partition}.parquet`);
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const counts = (await duck.runAndReadAll(
      `select event_type, count(*)::integer as n from read_parquet('${file}') group by 1 order by 1`)).getRowObjectsJson();
    expect(counts).toEqual(recordedCounts);
    expect(counts.reduce((sum, row) => sum + Number(row.n), 0)).toBe(rows);
    const sampled = (await duck.runAndReadAll(
      `select event__id::varchar as event__id, event_type, strftime(created_at at time zone 'UTC', '%Y-%m-%d %H:%M:%S.%f') as created_at,
              source::varchar as source, partition_key, consumer, payload
         from read_parquet('${file}') where payload->>'$.n' = '4243'`)).getRowObjectsJson();
    expect(sampled).toHaveLength(1);
    const { created_at: recordedAt, ...recordedRest } = recordedSample;
    const { created_at: archivedAt, ...archivedRest } = sampled[0] as Record<string, unknown>;
    expect(archivedRest).toEqual(recordedRest);
    expect(String(recordedAt)).toContain(String(archivedAt));
    expect(JSON.parse(sampled[0]?.payload as string)).toMatchObject({ n: 4243, deep: { a: [4243, null, true, { b: 'c' }] } });
    expect(sampled[0]?.payload).toContain('12345678901234567890.10');
    // Each event with its position in the verifiable log.
    const positions = (await duck.runAndReadAll(
      `select md5(string_agg(event__id::varchar || ':' || position::varchar, ',' order by event__id)) from read_parquet('${file}')`)).getRows()[0]?.[0];
    const { rows: [logged] } = await client.query<{ digest: string }>(
      `select md5(string_agg(event__id::text || ':' || position, ',' order by event__id)) as digest from lib_event.log_entry
        where event__id >= lib_event.uuid_floor($1) and event__id < lib_event.uuid_floor($2)`, [month.starts, month.ends]);
    expect(positions).toBe(logged?.digest);
    duck.closeSync();
  });

  it('verify recomputes the dropped events from the archive files, with or without the database, and finds one altered in a rewritten file', async () => {
    const publicKeys = [testSigningKey.publicKeyPem];
    const { rows: checkpoints } = await client.query<Checkpoint>(
      `select tree_size::text, root_hash, lib_event.utc_text(signed_at) as signed_at, key_id, signature, signed_text from lib_events.checkpoints`);
    expect(checkpoints.some((c) => Number(c.tree_size) === rows)).toBe(true);

    const intact = await verifyLog(client, { publicKeys, archiveDir: dir });
    expect(intact.failures).toEqual([]);
    expect(intact.warnings).toEqual([]);
    const trusting = await verifyLog(client, { publicKeys });
    expect(trusting.ok).toBe(true);
    expect(trusting.warnings).toContainEqual(expect.stringMatching(new RegExp(`^${rows} archived events were taken at the leaf hashes`)));
    const alone = await verifyArchive(dir, { publicKeys, checkpoints });
    expect(alone.failures).toEqual([]);
    expect(alone.events).toBe(rows);

    // The owner rewrites the archive and its manifest, one payload changed.
    const manifest = JSON.parse(readFileSync(manifestPath(dir, partition), 'utf8')) as Manifest;
    const forgedDir = mkdtempSync(join(tmpdir(), 'lib_event-forged-'));
    try {
      async function* altered(): AsyncIterable<ArchiveRow[]> {
        for await (const chunk of readArchive(join(dir, manifest.file))) {
          yield chunk.map((row) => (row.payload?.includes('"n": 4243,') ? { ...row, payload: row.payload.replace('"n": 4243,', '"n": 4244,') } : row));
        }
      }
      const written = await writeArchive(altered(), join(forgedDir, manifest.file));
      writeFileSync(manifestPath(forgedDir, partition), JSON.stringify({ ...manifest, sha256: written.sha256, bytes: written.bytes }));
      const forged = await verifyLog(client, { publicKeys, archiveDir: forgedDir });
      expect(forged.ok).toBe(false);
      expect(forged.failures[0]).toMatch(/^position \d+ \(event [0-9a-f-]{36}\): altered in its archive file/);
      const forgedAlone = await verifyArchive(forgedDir, { publicKeys, checkpoints });
      expect(forgedAlone.ok).toBe(false);
      expect(forgedAlone.failures[0]).toMatch(/do not hash to its signed root/);
    } finally {
      rmSync(forgedDir, { recursive: true, force: true });
    }
  });

  it('restores the partition with every row identical, and refuses to restore it twice', async () => {
    expect(await restorePartition(maintenance, manifestPath(dir, partition))).toBe(rows);
    expect(await snapshot()).toEqual(before);
    const [restored] = await lifecycle('lib_event.partition.restored');
    expect(restored?.payload).toMatchObject({ partition, rows });
    // Its times written as the archive's and the drop's are.
    const [archived] = await lifecycle('lib_event.partition.archived');
    const [dropped] = await lifecycle('lib_event.partition.dropped');
    for (const bound of ['starts_at', 'ends_at']) {
      expect(restored?.payload[bound], bound).toBe(archived?.payload[bound]);
      expect(dropped?.payload[bound], bound).toBe(archived?.payload[bound]);
    }
    await expect(restorePartition(maintenance, manifestPath(dir, partition))).rejects.toThrow(/would overlap partition .*nothing was restored/);
    expect(await snapshot()).toEqual(before);
  });

  it('writes the times of its lifecycle events alike, as RFC 3339 timestamps in UTC, whatever the session\'s time zone', async () => {
    const other = await createTestDatabase();
    const session = new pg.Client({ connectionString: other.url });
    await session.connect();
    try {
      await session.query(`set timezone = 'Asia/Kolkata'`);
      const { rows: [made] } = await session.query<{ partition: string }>(
        `select partition from lib_event.make_partitions('2024-03-01T00:00:00Z', '2024-04-01T00:00:00Z')`);
      const name = made?.partition as string;
      // An empty month, archived, dropped and restored as the commands record them.
      const manifest = { format: 'lib_event.partition-archive/1', partition: name, starts_at: '2024-03-01 00:00:00+00', ends_at: '2024-04-01 00:00:00+00',
        rows: 0, first_event__id: null, last_event__id: null, file: `${name}.parquet`, sha256: '0'.repeat(64), bytes: 0, schema_version: 'test' };
      await session.query('select lib_event.partition_archived($1::jsonb)', [JSON.stringify(manifest)]);
      await session.query('select lib_event.drop_partition($1)', [name]);
      await session.query('select lib_event.partition_restored($1::jsonb)', [JSON.stringify(manifest)]);
      const { rows } = await session.query<{ event_type: string; payload: Record<string, string> }>(
        `select event_type, payload from lib_event.event where partition_key = 'lib_event.partitions' order by event__id`);
      expect(rows.map((row) => row.event_type)).toEqual(['lib_event.partition.archived', 'lib_event.partition.dropped', 'lib_event.partition.restored']);
      for (const { event_type: type, payload } of rows) {
        expect([type, payload.starts_at, payload.ends_at]).toEqual([type, '2024-03-01T00:00:00+00:00', '2024-04-01T00:00:00+00:00']);
      }
    } finally {
      await session.end();
      await other.drop();
    }
  });

  it('refuses to archive a partition holding events the sequencer has not placed', async () => {
    const unsequenced = await createTestDatabase();
    const other = new pg.Client({ connectionString: unsequenced.url });
    await other.connect();
    try {
      const { rows: [made] } = await other.query<{ partition: string }>('select partition from lib_event.make_partitions($1, $2)', [month.starts, month.ends]);
      await other.query(`insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers)
                         values (lib_event.uuid_v7('2025-01-09T00:00:00Z'), 'billing.invoice.paid', '2025-01-09T00:00:00Z', '2025-01-09T00:00:00Z', 'ops', '{}')`);
      const otherDir = mkdtempSync(join(tmpdir(), 'lib_event-unplaced-'));
      try {
        await expect(archivePartition(other, made?.partition as string, otherDir))
          .rejects.toThrow(/holds 1 events not in the verifiable log yet: is the sequencer running.*Nothing was done/);
        expect(existsSync(manifestPath(otherDir, made?.partition as string))).toBe(false);
      } finally {
        rmSync(otherDir, { recursive: true, force: true });
      }
    } finally {
      await other.end();
      await unsequenced.drop();
    }
  });

  it('refuses a truncated or corrupted file before writing anything', async () => {
    await client.query('select lib_event.drop_partition($1)', [partition]);
    const damaged = mkdtempSync(join(tmpdir(), 'lib_event-damaged-'));
    const manifest = JSON.parse(readFileSync(manifestPath(dir, partition), 'utf8')) as Manifest;
    const copy = () => {
      copyFileSync(join(dir, manifest.file), join(damaged, manifest.file));
      writeFileSync(manifestPath(damaged, partition), JSON.stringify(manifest));
    };
    try {
      copy();
      truncateSync(join(damaged, manifest.file), Math.floor(manifest.bytes / 2));
      await expect(restorePartition(maintenance, manifestPath(damaged, partition))).rejects.toThrow(/not the file archived.*nothing was restored/);
      // Damage the manifest cannot see: bytes flipped mid-file, the manifest told of the new SHA-256.
      copy();
      const bytes = readFileSync(join(damaged, manifest.file));
      for (let i = 0; i < 64; i += 1) bytes.writeUInt8(bytes.readUInt8(Math.floor(bytes.length / 3) + i) ^ 0xff, Math.floor(bytes.length / 3) + i);
      writeFileSync(join(damaged, manifest.file), bytes);
      writeFileSync(manifestPath(damaged, partition), JSON.stringify({ ...manifest, sha256: await fileSha256(join(damaged, manifest.file)) }));
      await expect(restorePartition(maintenance, manifestPath(damaged, partition))).rejects.toThrow(/damaged|corrupt|not a valid|does not match|checksum/i);
      const { rows: none } = await client.query('select 1 from lib_event.partitions where partition = $1', [partition]);
      expect(none).toHaveLength(0);
    } finally {
      rmSync(damaged, { recursive: true, force: true });
    }
  });
});
