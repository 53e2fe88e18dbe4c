/**
 * npm run bench [-- --json FILE] [--seconds 3] [--producers 1,4,16] [--rows 1000000] [--sections a,b]
 *
 * Starts its own embedded PostgreSQL 17 (or uses DATABASE_URL's server),
 * migrates a fresh database with dbmate, runs each section, prints a table
 * per section and, with --json, writes the figures to FILE. A section is one
 * module exporting a function (context) => SectionResult; add new ones to
 * `sections` below.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import pg from 'pg';
import { liftBacklogBound } from '../database/backlog-bound.ts';
import { parseCommand, runCommand } from '../command.ts';
import { createScratchDatabase } from '../database/scratch-database.ts';
import { amqpSection } from './amqp.ts';
import { batchVsCopy, notifyCost } from './batch-vs-copy.ts';
import type { BenchContext, Section, SectionResult } from './context.ts';
import { createProfile } from './create-profile.ts';
import { createVsInsert } from './create-vs-insert.ts';
import { indexCost } from './index-cost.ts';
import { largeEvents } from './large-events.ts';
import { logSection } from './log.ts';
import { overloadSection } from './overload.ts';
import { partitionsSection } from './partitions.ts';
import { producerSection } from './producer.ts';
import { queryLatency } from './query-latency.ts';
import { relaySection } from './relay.ts';
import { scopedKeysSection } from './scoped-keys.ts';

const sections: Record<string, Section> = {
  create_vs_insert: createVsInsert,
  create_profile: createProfile,
  batch_vs_copy: batchVsCopy,
  notify: notifyCost,
  index_cost: indexCost,
  query_latency: queryLatency,
  relay: relaySection,
  large_events: largeEvents,
  producer: producerSection,
  amqp: amqpSection,
  partitions: partitionsSection,
  log: logSection,
  overload: overloadSection,
  scoped_keys: scopedKeysSection,
};

const { values: options } = parseCommand({
  usage: 'npm run bench [-- --json FILE] [--seconds 3] [--producers 1,4,16] [--rows 1000000] [--sections a,b]',
  description: `Measure lib_event on its own embedded PostgreSQL 17 (or DATABASE_URL's server), in a fresh database.
Sections: ${Object.keys(sections).join(', ')}. Each prints a table with its targets and whether they were met;
--json FILE also writes the figures.`,
  options: {
    json: { type: 'string' },
    seconds: { type: 'string', default: '3' },
    producers: { type: 'string', default: '1,4,16' },
    rows: { type: 'string', default: '1000000' },
    sections: { type: 'string', default: Object.keys(sections).join(',') },
  },
});

/** Everything printed, kept for the JSON (npm run bench:readme puts it in scripts/bench/README.md). */
const printed: string[] = [];
function print(line: string): void {
  console.log(line);
  printed.push(...line.split('\n'));
}

function printTable(result: SectionResult): void {
  const table = [result.columns, ...result.rows.map((row) => row.map(String))];
  const widths = result.columns.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  const render = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  print(`\n${result.title}`);
  print(render(table[0] as string[]));
  print(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table.slice(1)) print(render(row as string[]));
  for (const note of result.notes ?? []) print(`  ${note}`);
  for (const t of result.targets ?? []) print(`  target: ${t.what} ${t.target}: ${t.value}, ${t.met ? 'met' : 'MISSED'}`);
  if (!result.targets?.length) print('  target: none, these figures inform the choices described in the documentation');
}

async function main(): Promise<void> {
  const chosen = (options.sections ?? '').split(',').filter(Boolean);
  for (const name of chosen) {
    if (!(name in sections)) throw new Error(`unknown section ${name}; choose from ${Object.keys(sections).join(', ')}`);
  }
  const started = Date.now();
  const scratch = await createScratchDatabase(`lib_event_bench_${process.pid}`);
  try {
    const adminUrl = scratch.url;
    // Most sections record with no sequencer running: the backlog's bound
    // (lib_event.backlog_bound) would refuse them. Sections about it set their own.
    await liftBacklogBound(adminUrl);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const key = async (consumer: string, access: string) =>
      (await admin.query<{ api_key: string }>('select api_key from lib_event.api_key_create($1, $2)', [consumer, access])).rows[0]?.api_key ?? '';
    const producerKey = await key('billing', 'producer');
    const readerKey = await key('audit-desk', 'reader');
    const version = (await admin.query<{ server_version: string }>('show server_version')).rows[0]?.server_version;
    await admin.end();

    const context: BenchContext = {
      adminUrl,
      authenticatorUrl: scratch.authenticatorUrl,
      relayUrl: scratch.relayUrl,
      ingestUrl: scratch.ingestUrl,
      producerKey,
      readerKey,
      seconds: Number(options.seconds),
      producers: (options.producers ?? '').split(',').map(Number).filter((n) => n > 0),
      rows: Number(options.rows),
      log: (message) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`),
    };
    const report: Record<string, unknown> = {
      machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', postgres: version },
      settings: { seconds: context.seconds, producers: context.producers, rows: context.rows },
      producers: {} as Record<string, Record<string, number>>,
      targets: {} as Record<string, unknown>,
    };
    print(`lib_event benchmark: ${cpus().length} cores, PostgreSQL ${version}, ${context.seconds} s per run`);
    for (const name of chosen) {
      const result = await (sections[name] as Section)(context);
      printTable(result);
      const perProducer = report.producers as Record<string, Record<string, number>>;
      for (const [count, fields] of Object.entries(result.perProducers ?? {})) {
        perProducer[count] = { ...perProducer[count], ...fields };
      }
      if (result.fields) report[name] = result.fields;
      if (result.targets) (report.targets as Record<string, unknown>)[name] = result.targets;
    }
    report.total_seconds = Math.round((Date.now() - started) / 1000);
    report.output = printed;
    if (options.json) {
      writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`\nwrote ${options.json}`);
    }
  } finally {
    await scratch.drop();
  }
}

runCommand(main);
