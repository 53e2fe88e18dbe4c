import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { writeArchive, type ArchiveRow } from '../../scripts/lifecycle/parquet-archive.ts';

// db/partitions.md tells readers of the archive files (DuckDB, Spark,
// Trino) which columns they hold; this holds the text to a file the archive
// writes.

const document = readFileSync(join(projectRoot, 'db', 'partitions.md'), 'utf8');

/** The rows of the columns table: column, Parquet type, DuckDB type. */
function documentedColumns(): { name: string; parquet: string; duckdb: string }[] {
  const table = /^\| column \| Parquet type \| DuckDB type \| holds \|\n\|[-|]+\|\n((?:\|.*\|\n)+)/m.exec(document);
  if (!table) throw new Error('db/partitions.md has no table "| column | Parquet type | DuckDB type | holds |"');
  return (table[1] as string).trimEnd().split('\n').map((line) => {
    const [name = '', parquet = '', duckdb = ''] = line.split('|').slice(1).map((cell) => cell.trim().replaceAll('`', ''));
    return { name, parquet, duckdb };
  });
}

/** The columns of the Trino example's external table, in order. */
function trinoColumns(): string[] {
  const ddl = /create table hive\.audit\.lib_event_archive \(([\s\S]*?)\)\s*with \(/.exec(document);
  if (!ddl) throw new Error('db/partitions.md has no Trino "create table hive.audit.lib_event_archive (...)"');
  // Split on the commas between columns, not those inside timestamp(6).
  return (ddl[1] as string).split(/,(?![^(]*\))/).map((column) => column.trim().split(/\s+/)[0] as string);
}

describe('the archive columns db/partitions.md documents', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lib_event-archive-columns-'));
    file = join(dir, 'event_p20250101.parquet');
    const row: ArchiveRow = {
      event__id: '019452a9-1400-7823-914d-a37acad226c9', event_type: 'billing.invoice.paid',
      occurred_at: '2025-01-11 00:00:00+00', created_at: '2025-01-11 00:00:00+00', source: null, partition_key: null,
      consumer: 'billing', headers: '{}', payload: '{"invoice": "INV-1"}', xact_id: '1000', position: '1',
      content_salt: '07'.repeat(32), content_commitment: 'ab'.repeat(32), erased_at: null, erasure__id: null,
    };
    await writeArchive((async function* () { yield [row]; })(), file);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('are the columns of a file the archive writes, in order, with their Parquet and DuckDB types', async () => {
    const duck = await (await DuckDBInstance.create(':memory:')).connect();
    const described = (await duck.runAndReadAll(`describe select * from read_parquet('${file}')`)).getRowObjectsJson();
    const schema = (await duck.runAndReadAll(
      `select name, type, logical_type, converted_type from parquet_schema('${file}') where type is not null`)).getRowObjectsJson();
    const written = described.map((column, index) => {
      const parquet = schema[index] ?? {};
      // The annotation a Parquet reader sees: UUID's is a logical type only, the others have a converted type too.
      const annotation = String(parquet.logical_type ?? '').startsWith('UUIDType') ? 'UUID' : String(parquet.converted_type);
      return { name: String(column.column_name), parquet: `${String(parquet.type)} (${annotation})`, duckdb: String(column.column_type) };
    });
    expect(written.map((column) => column.name)).toContain('position');
    expect(documentedColumns()).toEqual(written);
  });

  it('are the columns of the Trino external table, in order', async () => {
    expect(trinoColumns()).toEqual(documentedColumns().map((column) => column.name));
  });
});
