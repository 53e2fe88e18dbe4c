import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveError, describeArchive, readArchive, writeArchive, type ArchiveRow } from '../../scripts/lifecycle/parquet-archive.ts';
import { createTestDatabase } from '../support/database.ts';

// Archive files of lib_event.event (scripts/lifecycle/parquet-archive.ts): exact round
// trips, damage refused, plain SQL on the file. Rows are generated from a
// seed, so every run writes the same bytes.

/** mulberry32: a small seeded generator, so files and failures repeat. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (value: number, digits: number) => Math.floor(value).toString(16).padStart(digits, '0').slice(-digits);

/** A UUIDv7 of millisecond `ms`, as PostgreSQL prints uuids. */
function uuidV7(ms: number, random: () => number): string {
  const time = hex(ms, 12);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(random() * 4096, 3)}-${hex(8 + random() * 4, 1)}${hex(random() * 4096, 3)}-${hex(random() * 2 ** 24, 6)}${hex(random() * 2 ** 24, 6)}`;
}

/** A timestamptz as PostgreSQL prints it with TimeZone UTC: trailing zeros of the fraction dropped. */
function pgTime(ms: number, micros: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = `${iso.slice(20, 23)}${String(micros).padStart(3, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''}+00`;
}

// Payloads as PostgreSQL's jsonb prints them: ", " and ": ", keys shortest
// first, numbers as written (1e-7 prints as 0.0000001), non-ASCII as is.
const payloads: ((n: number) => string | null)[] = [
  (n) => `{"n": ${n}, "sku": "SKU-${n % 1000}", "total": ${(n % 100000) / 100}}`,
  () => '{"big": 12345678901234567890.10, "huge": 100000000000000000000, "tiny": 0.0000001, "negative": -1.5}',
  () => 'null',
  () => null,
  () => '{"a": null, "list": [null, true, false, 0, "", []], "empty": {}}',
  (n) => `{"name": "Zoë 😀 𝄞 漢字 \u2028 ${n}", "escapes": "tab\\t quote\\" backslash\\\\ newline\\n control\\u0001"}`,
  (n) => `${'['.repeat(120)}${n}${']'.repeat(120)}`,
  (n) => `${'{"a": '.repeat(100)}"deep ${n}"${'}'.repeat(100)}`,
  (n) => `"just a string ${n}"`,
  (n) => String(-n),
];

const eventTypes = ['shop.order.created', 'shop.order.paid', 'billing.invoice.sent', 'shop.cart.abandoned'];

/** `count` rows, in event__id order, one payload of about 5 MB among them when `withLargePayload`. */
function generateRows(count: number, seed: number, withLargePayload = false): ArchiveRow[] {
  const random = seeded(seed);
  const start = Date.UTC(2026, 0, 5, 10);
  return Array.from({ length: count }, (_, n) => {
    const ms = start + n * 7;
    const payload = withLargePayload && n === Math.floor(count / 2)
      ? `{"blob": "${'five megabytes of text: ñ 😀 '.repeat(180_000)}"}`
      : (payloads[n % payloads.length] as (n: number) => string | null)(n);
    return {
      event__id: uuidV7(ms, random),
      event_type: eventTypes[n % eventTypes.length] as string,
      occurred_at: n === 0 ? '0001-01-01 00:00:00+00' : pgTime(ms - (n % 5000), (n * 37) % 1000),
      created_at: pgTime(ms, n % 3 === 0 ? 0 : (n * 11) % 1000),
      source: n % 3 === 0 ? null : uuidV7(ms - 1000, random),
      partition_key: n % 5 === 0 ? null : n % 5 === 1 ? `клиент-${n % 50}` : `customer-${n % 500}`,
      consumer: n % 2 ? 'orders-api' : 'billing',
      headers: n % 4 === 0 ? '{}' : `{"lang": "日本語", "trace_id": "${hex(random() * 2 ** 32, 8)}"}`,
      payload,
      xact_id: n === 1 ? '18446744073709551615' : String(800_000 + Math.floor(n / 10)),
      position: n === 2 ? '9223372036854775807' : String(1 + n * 3),
      // v1 events (no salt), v2 events, and v2 events erased.
      content_salt: n % 3 === 1 ? hex(random() * 2 ** 32, 64) : null,
      content_commitment: n % 3 === 0 ? null : hex(random() * 2 ** 32, 64),
      erased_at: n % 3 === 2 ? pgTime(ms + 5000, 0) : null,
      erasure__id: n % 3 === 2 ? uuidV7(ms + 5000, random) : null,
    };
  });
}

/** The rows as chunks of `size`, the way the archive script hands them over. */
async function* inChunks(rows: ArchiveRow[], size: number): AsyncIterable<ArchiveRow[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}

/** A seeded shuffle of a copy of `rows`. */
function shuffled(rows: ArchiveRow[], seed: number): ArchiveRow[] {
  const random = seeded(seed);
  const copy = [...rows];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as ArchiveRow, copy[i] as ArchiveRow];
  }
  return copy;
}

/** Every chunk readArchive yields. */
async function readAll(file: string, chunkRows?: number): Promise<ArchiveRow[][]> {
  const chunks: ArchiveRow[][] = [];
  for await (const chunk of readArchive(file, chunkRows)) chunks.push(chunk);
  return chunks;
}

const columns = ['event__id', 'event_type', 'occurred_at', 'created_at', 'source', 'partition_key', 'consumer', 'headers', 'payload', 'xact_id', 'position',
  'content_salt', 'content_commitment', 'erased_at', 'erasure__id'] as const;

/** Compare field by field, so a failure shows one row rather than a diff of 100,000. */
function expectSameRows(actual: ArchiveRow[], expected: ArchiveRow[]): void {
  expect(actual.length).toBe(expected.length);
  const first = actual.findIndex((row, n) => columns.some((column) => row[column] !== expected[n]?.[column]));
  if (first >= 0) expect({ row: first, ...actual[first] }).toEqual({ row: first, ...expected[first] });
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A DuckDB as an analyst opens one, without fetching extensions; closeSync() when done. */
async function analystConnection(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  return instance.connect();
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lib_event-archive-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeArchive and readArchive', () => {
  it('round-trip 100,000 varied rows handed over out of order, every field equal, ordered by event__id', async () => {
    const rows = generateRows(100_000, 1, true);
    const own = mkdtempSync(join(dir, 'round-trip-'));
    const file = join(own, 'round-trip.parquet');
    const written = await writeArchive(inChunks(shuffled(rows, 2), 10_000), file);

    expect(written).toEqual({
      rows: 100_000,
      firstId: rows[0]?.event__id,
      lastId: rows.at(-1)?.event__id,
      sha256: sha256(file),
      bytes: statSync(file).size,
    });
    expect(readdirSync(own)).toEqual(['round-trip.parquet']);
    await expect(describeArchive(file)).resolves.toEqual({ rows: 100_000, firstId: rows[0]?.event__id, lastId: rows.at(-1)?.event__id });

    const chunks = await readAll(file);
    expect(chunks.map((chunk) => chunk.length)).toEqual(Array(10).fill(10_000));
    expectSameRows(chunks.flat(), rows);
    expect(chunks.flat().find((row) => row.payload?.startsWith('{"blob"'))?.payload?.length).toBeGreaterThan(5_000_000);
  });

  it('take rows already in event__id order as they come, and read back in chunks of the size asked for', async () => {
    const rows = generateRows(20_000, 3);
    const file = join(dir, 'in-order.parquet');
    async function* unevenChunks() {
      yield rows.slice(0, 1);
      yield [];
      yield rows.slice(1, 1000);
      yield* inChunks(rows.slice(1000), 7_000);
    }
    await writeArchive(unevenChunks(), file);

    const chunks = await readAll(file, 777);
    expect(chunks.slice(0, -1).every((chunk) => chunk.length === 777)).toBe(true);
    expect(chunks.at(-1)?.length).toBe(20_000 % 777);
    expectSameRows(chunks.flat(), rows);
  });

  it('keep the instant of a time given with another offset, and print it in UTC', async () => {
    const [row] = generateRows(1, 4) as [ArchiveRow];
    const file = join(dir, 'offset.parquet');
    await writeArchive(inChunks([{ ...row, occurred_at: '2026-01-05 10:00:00.5+05:30' }], 1), file);
    const [[read]] = (await readAll(file)) as [[ArchiveRow]];
    expect(read.occurred_at).toBe('2026-01-05 04:30:00.5+00');
  });

  it('write an empty partition as a file of no rows', async () => {
    const file = join(dir, 'empty.parquet');
    const written = await writeArchive(inChunks([], 1), file);
    expect(written).toMatchObject({ rows: 0, firstId: null, lastId: null });
    await expect(describeArchive(file)).resolves.toEqual({ rows: 0, firstId: null, lastId: null });
    expect(await readAll(file)).toEqual([]);
  });

  it('leave neither the file nor a .partial nor spilled data when the rows fail midway', async () => {
    const failing = mkdtempSync(join(dir, 'failing-'));
    const target = join(failing, 'failed.parquet');
    const rows = generateRows(2_000, 5);
    async function* brokenSource() {
      yield rows.slice(0, 1_000);
      throw new Error('the database connection was lost');
    }
    await expect(writeArchive(brokenSource(), target)).rejects.toThrow('the database connection was lost');
    async function* badTime() {
      yield [{ ...(rows[0] as ArchiveRow), occurred_at: 'yesterday-ish' }];
    }
    await expect(writeArchive(badTime(), target)).rejects.toThrow(/yesterday-ish/);
    expect(readdirSync(failing)).toEqual([]);
  });
});

describe('a damaged archive', () => {
  let good: string;
  beforeAll(async () => {
    good = join(dir, 'good.parquet');
    await writeArchive(inChunks(generateRows(5_000, 6), 1_000), good);
  });

  /** Both ways in refuse `file` with an ArchiveError whose message matches `message`. */
  async function expectRefused(file: string, message: RegExp): Promise<void> {
    for (const attempt of [() => describeArchive(file), () => readAll(file)]) {
      const error = await attempt().then(() => 'accepted', (refusal: unknown) => refusal);
      expect(error).toBeInstanceOf(ArchiveError);
      expect((error as Error).message).toMatch(message);
    }
  }

  it('is refused when truncated', async () => {
    const bytes = readFileSync(good);
    for (const kept of [Math.floor(bytes.length / 2), bytes.length - 1, 100]) {
      const file = join(dir, `truncated-${kept}.parquet`);
      writeFileSync(file, bytes.subarray(0, kept));
      await expectRefused(file, /cannot be read as an archive \(damaged or incomplete\)/);
    }
  });

  it('is refused when bytes anywhere in the data are changed', async () => {
    const bytes = readFileSync(good);
    // Sixteen places from the first data page to the footer, each alone.
    for (let place = 1; place <= 16; place += 1) {
      const damaged = Buffer.from(bytes);
      const at = Math.floor((bytes.length * place) / 17);
      damaged.writeUInt32BE((damaged.readUInt32BE(at) ^ 0x5a5a5a5a) >>> 0, at);
      const file = join(dir, `flipped-${at}.parquet`);
      writeFileSync(file, damaged);
      await expectRefused(file, /damaged/);
    }
  });

  it('is refused when it is a Parquet file of something else', async () => {
    const file = join(dir, 'foreign.parquet');
    const connection = await analystConnection();
    await connection.run(`copy (select 1 as event__id) to '${file}' (format parquet)`);
    connection.closeSync();
    await expectRefused(file, /not a lib_event archive/);
  });

  it('is named when missing', async () => {
    await expect(describeArchive(join(dir, 'missing.parquet'))).rejects.toThrow(/ENOENT.*missing\.parquet/);
    await expect(readAll(join(dir, 'missing.parquet'))).rejects.toThrow(/ENOENT.*missing\.parquet/);
  });
});

describe('the file', () => {
  it('stores ids as UUID, times as UTC microseconds, JSON as text, every column zstd-compressed', async () => {
    const file = join(dir, 'types.parquet');
    await writeArchive(inChunks(generateRows(100, 9), 100), file);
    const connection = await analystConnection();
    const schema = await connection.runAndReadAll(
      `select name, type, logical_type from parquet_schema('${file}') where name <> 'duckdb_schema'`);
    expect(schema.getRows().map(([name, type, logical]) => [name, type, String(logical)])).toEqual([
      ['event__id', 'FIXED_LEN_BYTE_ARRAY', 'UUIDType()'],
      ['event_type', 'BYTE_ARRAY', 'null'],
      ...['occurred_at', 'created_at'].map((name) => [name, 'INT64', expect.stringMatching(/isAdjustedToUTC=1.*MICROS=MicroSeconds/)]),
      ['source', 'FIXED_LEN_BYTE_ARRAY', 'UUIDType()'],
      ...['partition_key', 'consumer', 'headers', 'payload'].map((name) => [name, 'BYTE_ARRAY', 'null']),
      ['xact_id', 'INT64', 'null'],
      ['position', 'INT64', 'null'],
      ...['content_salt', 'content_commitment'].map((name) => [name, 'BYTE_ARRAY', 'null']),
      ['erased_at', 'INT64', expect.stringMatching(/isAdjustedToUTC=1.*MICROS=MicroSeconds/)],
      ['erasure__id', 'FIXED_LEN_BYTE_ARRAY', 'UUIDType()'],
    ]);
    const compression = await connection.runAndReadAll(`select distinct compression from parquet_metadata('${file}')`);
    expect(compression.getRows()).toEqual([['ZSTD']]);
    connection.closeSync();
  });
});

describe('an analyst', () => {
  it('queries the file with plain DuckDB SQL, JSON functions included, nothing fetched', async () => {
    const rows = generateRows(10_000, 7);
    const file = join(dir, 'analyst.parquet');
    await writeArchive(inChunks(rows, 10_000), file);
    const connection = await analystConnection();

    // What the analyst relies on is compiled into the npm package.
    const extensions = await connection.runAndReadAll(
      `select extension_name, install_mode from duckdb_extensions() where extension_name in ('parquet', 'json', 'icu') order by 1`);
    expect(extensions.getRows()).toEqual([['icu', 'STATICALLY_LINKED'], ['json', 'STATICALLY_LINKED'], ['parquet', 'STATICALLY_LINKED']]);

    const byType = await connection.runAndReadAll(
      `select event_type, count(*)::integer from read_parquet('${file}') group by event_type order by event_type`);
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(row.event_type, (counts.get(row.event_type) ?? 0) + 1);
    expect(byType.getRows()).toEqual([...counts].sort());

    // payload is VARCHAR holding jsonb text: ->> and json_extract_string read it directly.
    const json = await connection.runAndReadAll(
      `select payload ->> '$.sku', json_extract_string(payload, '$.total'), headers ->> '$.lang'
         from read_parquet('${file}')
        where payload ->> '$.n' = '1010'`);
    expect(json.getRows()).toEqual([['SKU-10', '10.1', '日本語']]);

    const times = await connection.runAndReadAll(
      `select count(*)::integer from read_parquet('${file}') where created_at < timestamptz '2026-01-05 10:00:00.007+00'`);
    expect(times.getRows()).toEqual([[1]]);
    connection.closeSync();
  });
});

describe('a restore into PostgreSQL', () => {
  it('inserts rows equal to the archived ones, jsonb and times to the microsecond', async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`set timezone = 'UTC'`);
      await client.query('create table archived (like lib_event.event including defaults including constraints); create table restored (like lib_event.event)');
      const generated = generateRows(3_000, 8, true);
      await insertRows(client, 'archived', generated);
      // PostgreSQL's own text of what it stored is what the archive script reads.
      const { rows: stored } = await client.query<Omit<ArchiveRow, 'position'>>(
        `select event__id::text, event_type::text, occurred_at::text, created_at::text, source::text, partition_key,
                consumer, headers::text, payload::text, xact_id::text, encode(content_salt, 'hex') as content_salt,
                encode(content_commitment, 'hex') as content_commitment, erased_at::text, erasure__id::text
           from archived order by event__id`);
      // Positions come from the log (lib_event.log_entry), not the table.
      const source: ArchiveRow[] = stored.map((row, n) => ({ ...row, position: generated[n]?.position ?? null }));
      expectSameRows(source, generated);

      const file = join(dir, 'restore.parquet');
      await writeArchive(inChunks(source, 1_000), file);
      for await (const chunk of readArchive(file, 1_000)) await insertRows(client, 'restored', chunk);

      const { rows: [difference] } = await client.query<{ missing: number; extra: number }>(
        `select (select count(*) from (table archived except all table restored) d)::integer as missing,
                (select count(*) from (table restored except all table archived) d)::integer as extra`);
      expect(difference).toEqual({ missing: 0, extra: 0 });
      const { rows: [restoredCount] } = await client.query<{ count: number }>('select count(*)::integer from restored');
      expect(restoredCount?.count).toBe(3_000);
    } finally {
      await client.end();
      await db.drop();
    }
  });
});

/** Insert ArchiveRows the way a restore does: every value as text, cast by PostgreSQL. */
async function insertRows(client: pg.Client, table: string, rows: ArchiveRow[]): Promise<void> {
  const types = ['uuid', 'text', 'timestamptz', 'timestamptz', 'uuid', 'text', 'text', 'jsonb', 'jsonb', 'xid8', 'text', 'text', 'timestamptz', 'uuid'];
  // The table's columns: a position belongs to the log, not to lib_event.event.
  const tableColumns = columns.filter((column) => column !== 'position');
  const values = types.map((type, n) => `$${n + 1}::${type}[]`);
  await client.query(
    `insert into ${table} (${tableColumns.join(', ')})
     select u.c1, u.c2, u.c3, u.c4, u.c5, u.c6, u.c7, u.c8, u.c9, u.c10, decode(u.c11, 'hex'), decode(u.c12, 'hex'), u.c13, u.c14
       from unnest(${values.join(', ')}) u (${types.map((_, n) => `c${n + 1}`).join(', ')})`,
    tableColumns.map((column) => rows.map((row) => row[column])),
  );
}
