import pg from 'pg';
import { fmt, type Section, type SectionResult } from './context.ts';
import { eventColumns, syntheticEvents } from './seed-events.ts';

const base = [
  'create index on bench_index_cost (created_at)',
  'create index on bench_index_cost (consumer, created_at)',
  'create index on bench_index_cost (event_type, created_at)',
];
const added: Record<string, string> = {
  source: 'create index on bench_index_cost (source) where source is not null',
  partition_key: 'create index on bench_index_cost (partition_key) where partition_key is not null',
  occurred_at: 'create index on bench_index_cost (occurred_at)',
  'headers gin': 'create index on bench_index_cost using gin (headers jsonb_path_ops)',
};

/**
 * What each index of lib_event.event costs an insert: the same rows inserted
 * into a copy of the table (no triggers) with the first three indexes, then
 * with each index the filters migration added, then with all of them.
 */
export const indexCost: Section = async (context): Promise<SectionResult> => {
  const batch = 20_000;
  const admin = new pg.Client({ connectionString: context.adminUrl });
  await admin.connect();
  const rows: (string | number)[][] = [];
  const fields: Record<string, { micros_per_row: number; wal_bytes_per_row: number; index_bytes_per_row: number }> = {};
  try {
    await admin.query('drop table if exists public.bench_index_cost');
    await admin.query('create table public.bench_index_cost (like lib_event.event including defaults including constraints)');
    const variants: [string, string[]][] = [
      ['primary key only', []],
      ['+ created_at, consumer, event_type (first migration)', base],
      ...Object.entries(added).map(([name, sql]): [string, string[]] => [`first three + ${name}`, [...base, sql]]),
      ['all (as migrated)', [...base, ...Object.values(added)]],
    ];
    let reference = Number.NaN;
    for (const [label, indexes] of variants) {
      context.log(`index cost: ${label}`);
      let best = Number.POSITIVE_INFINITY;
      let walBytes = 0;
      let indexBytes = 0;
      for (let attempt = 0; attempt < 5; attempt++) {
        await admin.query('drop table public.bench_index_cost');
        await admin.query('create table public.bench_index_cost (like lib_event.event including defaults including constraints)');
        await admin.query('alter table public.bench_index_cost add primary key (event__id)');
        for (const sql of indexes) await admin.query(sql);
        const before = (await admin.query<{ lsn: string }>('select pg_current_wal_insert_lsn()::text as lsn')).rows[0]?.lsn;
        const t0 = performance.now();
        await admin.query(`insert into public.bench_index_cost (${eventColumns}) ${syntheticEvents(String(batch))}`);
        best = Math.min(best, performance.now() - t0);
        const { rows: sizes } = await admin.query<{ wal: string; indexes: string }>(
          `select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn)::bigint::text as wal,
                  pg_indexes_size('public.bench_index_cost')::text as indexes`,
          [before],
        );
        walBytes = Number(sizes[0]?.wal);
        indexBytes = Number(sizes[0]?.indexes);
      }
      const microsPerRow = (best * 1000) / batch;
      const walPerRow = walBytes / batch;
      if (indexes === base) reference = walPerRow;
      fields[label] = {
        micros_per_row: Math.round(microsPerRow * 100) / 100,
        wal_bytes_per_row: Math.round(walPerRow),
        index_bytes_per_row: Math.round(indexBytes / batch),
      };
      rows.push([label, fmt(microsPerRow, 2), fmt(walPerRow), fmt(indexBytes / batch),
        Number.isFinite(reference) && indexes !== base && indexes.length > 0 ? `${fmt(((walPerRow - reference) / reference) * 100, 0)}%` : '']);
    }
  } finally {
    await admin.query('drop table if exists public.bench_index_cost');
    await admin.end();
  }
  return {
    title: `Index cost: one INSERT ... SELECT of ${batch.toLocaleString('en')} events per index set (time: best of 5)`,
    columns: ['indexes', 'µs/row', 'WAL bytes/row', 'index bytes/row', 'WAL vs first three'],
    rows,
    fields: { by_index_set: fields },
    notes: ['WAL and index bytes do not depend on the machine\'s load; the time does (best of 5 runs).'],
  };
};
