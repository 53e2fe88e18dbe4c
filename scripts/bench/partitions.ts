/**
 * Benchmark section `partitions`: what partitioning lib_event.event by
 * event__id costs and what it buys.
 *
 * 1. Insert rate into lib_event.event vs an unpartitioned copy of it (same
 *    columns, constraints, indexes and triggers): single rows and batches
 *    of 100, runs alternated over several rounds, medians; plus create and
 *    create_many as PostgREST calls them, on the partitioned table.
 * 2. The common filters' p50 latency (GET /events) at `--rows` events
 *    (1,000,000) vs ten times as many over at least 24 weekly partitions,
 *    and how many partitions the plan of find's time-bounded query reads.
 * 3. npm run archive's archivePartition on one closed partition: rows/s,
 *    MB/s, and bytes per event in Parquet vs in PostgreSQL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { archivePartition } from '../lifecycle/archive.ts';
import { liftBacklogBound } from '../database/backlog-bound.ts';
import { createScratchDatabase } from '../database/scratch-database.ts';
import { batchBody, createManyCall } from './batch-vs-copy.ts';
import {
  asPostgrest, atLeast, below, createQuery, fmt, percentile, ratio, runProducers, samplePayload, startBenchSequencer,
  type BenchContext, type Section, type SectionResult, type Throughput,
} from './context.ts';
import { viewFilters, type ViewFilter } from './filters.ts';
import { eventColumns, loadEvents, partitionsForSynthetic, type SyntheticSpacing } from './seed-events.ts';

/** Producers of every insert run: one fixed count, so both tables see the same load. */
const producers = 4;
/** Rounds of insert runs; medians over them beat this machine's noise. */
const rounds = 7;
/** The large stage's events span 25 weeks from 2026-01-01: 26 weekly partitions. */
const largeSpanSeconds = 25 * 7 * 86_400;
/** The window of the find query whose plan is counted: the hour the latency filters use. */
const findWindow = { from: '2026-01-05T00:00:00Z', to: '2026-01-05T01:00:00Z' };
/** Latency samples: passes over all the filters, calls per filter in each. */
const latencyPasses = 5;
const latencyRepeats = 20;
const copyTable = 'bench_unpartitioned.event';

type Operation = (client: pg.Client, producer: number, call: number) => Promise<void>;

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
const round2 = (value: number) => Math.round(value * 100) / 100;
const count = (n: number) => n.toLocaleString('en');

function mapValues<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

// ---- 1. Insert rate, partitioned vs unpartitioned ----

/**
 * An unpartitioned copy of lib_event.event: LIKE ... INCLUDING ALL gives it
 * the columns, defaults, constraints and indexes; its triggers (LIKE copies
 * none) are made from the originals', disabled where they are.
 */
async function createUnpartitionedCopy(admin: pg.Client): Promise<void> {
  await admin.query('drop schema if exists bench_unpartitioned cascade');
  await admin.query('create schema bench_unpartitioned');
  await admin.query(`create table ${copyTable} (like lib_event.event including all)`);
  const { rows } = await admin.query<{ name: string; definition: string; disabled: boolean }>(
    `select tgname as name, pg_get_triggerdef(oid) as definition, tgenabled = 'D' as disabled
       from pg_trigger where tgrelid = 'lib_event.event'::regclass and not tgisinternal`);
  for (const trigger of rows) {
    const definition = trigger.definition.replace(' ON lib_event.event ', ` ON ${copyTable} `);
    if (definition === trigger.definition) throw new Error(`cannot copy trigger ${trigger.definition}`);
    await admin.query(definition);
    if (trigger.disabled) await admin.query(`alter table ${copyTable} disable trigger ${pg.escapeIdentifier(trigger.name)}`);
  }
}

/** One INSERT of the events of a create_many body (batchBody) into `table`, headers completed as create_many stores them. */
const insertSql = (table: string) => `insert into ${table} (${eventColumns})
  select lib_event.uuid_v7(c.at), r ->> 'event_type', c.at, c.at, null, r ->> 'partition_key', 'billing',
         (r -> 'headers') || jsonb_build_object('event_type', r ->> 'event_type', 'partition_key', r ->> 'partition_key',
                                                'consumer', 'billing'),
         r -> 'payload'
    from (select clock_timestamp() as at) c, jsonb_array_elements($1::jsonb) r`;

function insertCall(table: string, size: number): Operation {
  const text = insertSql(table);
  return async (client, producer, call) => {
    await client.query(text, [batchBody(size, producer, call)]);
  };
}

function createCall(context: BenchContext): Operation {
  return async (client, producer, call) => {
    const body = { event_type: 'billing.invoice.paid', payload: samplePayload(producer, call), headers: { actor: 'ada' } };
    await asPostgrest(client, {
      method: 'POST', path: '/rpc/create', apiKey: context.producerKey, text: createQuery, values: [JSON.stringify(body)],
    });
  };
}

interface InsertRun {
  key: string;
  url: string;
  eventsPerCall: number;
  operation: Operation;
}

function insertRuns(context: BenchContext): InsertRun[] {
  const raw = (size: number, side: string, table: string): InsertRun =>
    ({ key: `insert_x${size}_${side}`, url: context.adminUrl, eventsPerCall: size, operation: insertCall(table, size) });
  return [
    raw(1, 'partitioned', 'lib_event.event'), raw(1, 'unpartitioned', copyTable),
    raw(100, 'partitioned', 'lib_event.event'), raw(100, 'unpartitioned', copyTable),
    { key: 'create_x1', url: context.authenticatorUrl, eventsPerCall: 1, operation: createCall(context) },
    { key: 'create_many_x100', url: context.authenticatorUrl, eventsPerCall: 100, operation: createManyCall(context, 100) },
  ];
}

/** Every run once a round, in reverse order every other round so that neither table always goes first. */
async function runRounds(context: BenchContext, runs: InsertRun[]): Promise<Record<string, Throughput[]>> {
  const results: Record<string, Throughput[]> = Object.fromEntries(runs.map((run) => [run.key, []]));
  for (let round = 0; round < rounds; round++) {
    context.log(`partitions: insert rates, round ${round + 1} of ${rounds}`);
    for (const run of round % 2 === 0 ? runs : [...runs].reverse()) {
      results[run.key]?.push(await runProducers(run.url, producers, context.seconds, run.eventsPerCall, run.operation));
    }
  }
  return results;
}

interface InsertFigures {
  /** Median events/s and p50 ms per call, by run key. */
  perSecond: Record<string, number>;
  p50Ms: Record<string, number>;
  /** Each round's partitioned / unpartitioned events/s (the pair ran back to back), and their median, by batch size. */
  roundRatios: Record<'x1' | 'x100', number[]>;
  vsUnpartitioned: Record<'x1' | 'x100', number>;
}

async function insertComparison(context: BenchContext, admin: pg.Client): Promise<InsertFigures> {
  await createUnpartitionedCopy(admin);
  try {
    const results = await runRounds(context, insertRuns(context));
    const paired = (size: 'x1' | 'x100') => {
      const unpartitioned = results[`insert_${size}_unpartitioned`] ?? [];
      return (results[`insert_${size}_partitioned`] ?? []).map((t, i) =>
        round2(t.eventsPerSecond / (unpartitioned[i] as Throughput).eventsPerSecond));
    };
    const roundRatios = { x1: paired('x1'), x100: paired('x100') };
    return {
      perSecond: mapValues(results, (runs) => median(runs.map((t) => t.eventsPerSecond))),
      p50Ms: mapValues(results, (runs) => median(runs.map((t) => t.p50Ms))),
      roundRatios,
      vsUnpartitioned: { x1: median(roundRatios.x1), x100: median(roundRatios.x100) },
    };
  } finally {
    await admin.query('drop schema if exists bench_unpartitioned cascade');
  }
}

// ---- Loading ----

/**
 * A clean slate: lib_event.event emptied, its past partitions (the
 * synthetic events') dropped, and partitions a `period` each from now on.
 * The current and coming partitions stay.
 */
async function resetPartitions(admin: pg.Client, period: string): Promise<void> {
  await admin.query('truncate lib_event.event');
  const { rows } = await admin.query<{ partition: string }>('select partition from lib_event.partitions where ends_at <= now()');
  for (const { partition } of rows) await admin.query(`drop table lib_event.${pg.escapeIdentifier(partition)}`);
  await admin.query('update lib_event.partition_policy set period = $1, updated_at = now()', [period]);
}

/** Load `events` synthetic events on `period` partitions; the seconds the load took. */
async function loadSettled(context: BenchContext, admin: pg.Client, period: string, events: number, spacing: SyntheticSpacing = {}): Promise<number> {
  await resetPartitions(admin, period);
  context.log(`partitions: loading ${count(events)} events on ${period}ly partitions`);
  const t0 = performance.now();
  await loadEvents(admin, events, spacing);
  const seconds = (performance.now() - t0) / 1000;
  // Vacuum (visibility map, hint bits) and write the load out now, so that
  // neither autovacuum nor the checkpointer works through the measurements.
  await admin.query('vacuum lib_event.event');
  await admin.query('checkpoint');
  return seconds;
}

// ---- 2. Filter latency at 1M vs 10M events, and find's partitions ----

/** A database a filter stage is measured in: its superuser and PostgREST connections and a reader key. */
interface StageDatabase {
  adminUrl: string;
  authenticatorUrl: string;
  readerKey: string;
}

/**
 * A second migrated database (scripts/database/scratch-database.ts: on DATABASE_URL's
 * server, else its own embedded one) with a reader key, so that both sizes
 * are loaded at once and measured in turns.
 */
async function secondDatabase(): Promise<{ database: StageDatabase; drop(): Promise<void> }> {
  const scratch = await createScratchDatabase(`lib_event_bench_${process.pid}_large`);
  try {
    await liftBacklogBound(scratch.url);
    const admin = await connect(scratch.url);
    const { rows: [key] } = await admin.query<{ api_key: string }>(`select api_key from lib_event.api_key_create('audit-desk', 'reader')`);
    await admin.end();
    return {
      database: { adminUrl: scratch.url, authenticatorUrl: scratch.authenticatorUrl, readerKey: key?.api_key ?? '' },
      drop: () => scratch.drop(),
    };
  } catch (error) {
    await scratch.drop();
    throw error;
  }
}

/** GET /events?<filter>&limit=100 as PostgREST runs it, as query-latency.ts measures it. */
async function getEvents(reader: pg.Client, readerKey: string, filter: ViewFilter): Promise<unknown[]> {
  const response = await asPostgrest(reader, {
    method: 'GET', path: '/events', apiKey: readerKey, values: filter.values,
    text: `select coalesce(json_agg(pgrst_source), '[]') as body
             from (select * from lib_events.events where ${filter.where} limit 100) pgrst_source`,
  });
  return (response as { body: unknown[] }).body;
}

interface FilterLatencies {
  p50Ms: Record<string, number>;
  /** Events each filter returns (at most 100). */
  returned: Record<string, number>;
}

/**
 * Each filter's p50 ms in each database, after one warm-up call each. The
 * databases take turns call by call (the first one first in even passes,
 * last in odd ones), and passes go over all the filters, so that drift and
 * other load on the machine hit every figure alike.
 */
async function filterLatencies(databases: StageDatabase[]): Promise<FilterLatencies[]> {
  const readers = await Promise.all(databases.map((database) => connect(database.authenticatorUrl)));
  const turns = databases.map((database, i) => ({
    reader: readers[i] as pg.Client, key: database.readerKey, returned: {} as Record<string, number>,
    samples: Object.fromEntries(viewFilters.map((filter) => [filter.name, [] as number[]])),
  }));
  try {
    for (const turn of turns) {
      for (const filter of viewFilters) turn.returned[filter.name] = (await getEvents(turn.reader, turn.key, filter)).length;
    }
    for (let pass = 0; pass < latencyPasses; pass++) {
      for (const filter of viewFilters) {
        for (let i = 0; i < latencyRepeats; i++) {
          for (const turn of pass % 2 === 0 ? turns : [...turns].reverse()) {
            const t0 = performance.now();
            await getEvents(turn.reader, turn.key, filter);
            turn.samples[filter.name]?.push(performance.now() - t0);
          }
        }
      }
    }
  } finally {
    await Promise.all(readers.map((reader) => reader.end()));
  }
  return turns.map((turn) => ({ p50Ms: mapValues(turn.samples, median), returned: turn.returned }));
}

/** How long `admin`'s server takes to plan GET /events?<filter> (EXPLAIN (SUMMARY)). */
async function planningTime(admin: pg.Client, filter: ViewFilter): Promise<number> {
  const { rows } = await admin.query<{ 'QUERY PLAN': string }>(
    `explain (summary) select * from lib_events.events where ${filter.where} limit 100`, filter.values);
  const line = rows.map((row) => row['QUERY PLAN']).find((text) => text.startsWith('Planning Time:')) ?? '';
  return Number(/([0-9.]+) ms/.exec(line)?.[1]);
}

/** Each filter's median planning time in each database, the databases taking turns: what every partition it cannot skip costs a query. */
async function planningTimes(admins: pg.Client[], samples = 9): Promise<Record<string, number>[]> {
  const times = admins.map(() => Object.fromEntries(viewFilters.map((filter) => [filter.name, [] as number[]])));
  for (const filter of viewFilters) {
    for (let i = 0; i < samples; i++) {
      for (const [j, admin] of admins.entries()) times[j]?.[filter.name]?.push(await planningTime(admin, filter));
    }
  }
  return times.map((byFilter) => mapValues(byFilter, median));
}

/** The tables that hold lib_event.event's rows (hash sub-partitions and the default partition included). */
async function leafPartitions(admin: pg.Client): Promise<Set<string>> {
  const { rows } = await admin.query<{ name: string }>(
    `select c.relname as name from pg_partition_tree('lib_event.event') t join pg_class c on c.oid = t.relid where t.isleaf`);
  return new Set(rows.map((row) => row.name));
}

/** How many periods (partitions of lib_event.partitions) the loaded events span. */
async function partitionsHolding(admin: pg.Client): Promise<number> {
  const { rows: [row] } = await admin.query<{ n: number }>(
    `select count(*)::int as n
       from lib_event.partitions p, (select min(created_at) as first, max(created_at) as last from lib_event.event) e
      where p.starts_at <= e.last and p.ends_at > e.first`);
  return row?.n ?? 0;
}

/** Every "Relation Name" in an EXPLAIN (format json) plan. */
function relationNames(plan: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(plan)) {
    for (const item of plan) relationNames(item, names);
  } else if (plan !== null && typeof plan === 'object') {
    for (const [key, value] of Object.entries(plan)) {
      if (key === 'Relation Name' && typeof value === 'string') names.add(value);
      else relationNames(value, names);
    }
  }
  return names;
}

/**
 * The partitions in the plan of find's own query for findWindow: its WHERE
 * from lib_event.find_conditions, prepared with find's parameters and
 * executed with values, so the plan is a custom one as find's EXECUTE gets.
 */
async function findPlanPartitions(admin: pg.Client, leaves: Set<string>): Promise<number> {
  const { rows: [found] } = await admin.query<{ conditions: string[] }>(
    'select lib_event.find_conditions(null, null, $1, $2, false) as conditions', [findWindow.from, findWindow.to]);
  await admin.query(`prepare bench_find(text, text, timestamptz, timestamptz, timestamptz, uuid, integer) as
    select e.event__id from lib_event.event e left join lib_event.deferred_payload d on d.event__id = e.event__id
     where ${(found?.conditions ?? []).join(' and ')} order by e.created_at desc, e.event__id desc limit $7`);
  try {
    const { rows } = await admin.query<{ 'QUERY PLAN': unknown }>(`explain (format json) execute bench_find(null, null,
      ${pg.escapeLiteral(findWindow.from)}, ${pg.escapeLiteral(findWindow.to)}, null, null, 100)`);
    return [...relationNames(rows[0]?.['QUERY PLAN'])].filter((name) => leaves.has(name)).length;
  } finally {
    await admin.query('deallocate bench_find');
  }
}

interface FilterStage {
  events: number;
  loadSeconds: number;
  /** Periods the events span, and leaf partitions in all. */
  holding: number;
  leaves: number;
  findPlanPartitions: number;
  planningMs: Record<string, number>;
  latency: FilterLatencies;
}

/** What a loaded database's partitions are, and how many of them find plans to read. */
async function describeStage(admin: pg.Client, measured: Pick<FilterStage, 'events' | 'loadSeconds' | 'planningMs' | 'latency'>): Promise<FilterStage> {
  const leaves = await leafPartitions(admin);
  return {
    ...measured, holding: await partitionsHolding(admin), leaves: leaves.size,
    findPlanPartitions: await findPlanPartitions(admin, leaves),
  };
}

/**
 * The small size in the benchmark's database, the large one in a second
 * database, both on weekly partitions with the same spacing (the small
 * size's events are the large one's first), then measured in turns.
 */
async function filterStages(context: BenchContext, admin: pg.Client, sizes: [number, number], spacing: SyntheticSpacing): Promise<[FilterStage, FilterStage]> {
  const second = await secondDatabase();
  try {
    const secondAdmin = await connect(second.database.adminUrl);
    try {
      const loadSeconds = [
        await loadSettled(context, admin, 'week', sizes[0], spacing),
        await loadSettled(context, secondAdmin, 'week', sizes[1], spacing),
      ];
      context.log(`partitions: filter latency at ${count(sizes[0])} and ${count(sizes[1])} events, in turns`);
      const latency = await filterLatencies([
        { adminUrl: context.adminUrl, authenticatorUrl: context.authenticatorUrl, readerKey: context.readerKey }, second.database]);
      const planningMs = await planningTimes([admin, secondAdmin]);
      const measured = (i: 0 | 1) => ({
        events: sizes[i], loadSeconds: loadSeconds[i] as number, planningMs: planningMs[i] ?? {}, latency: latency[i] as FilterLatencies,
      });
      return [await describeStage(admin, measured(0)), await describeStage(secondAdmin, measured(1))];
    } finally {
      await secondAdmin.end();
    }
  } finally {
    await second.drop();
  }
}

// ---- 3. Archive throughput ----

interface ArchiveFigures {
  partition: string;
  rows: number;
  seconds: number;
  fileBytes: number;
  /** Heap and TOAST (pg_table_size): what the archive reads of the table. */
  tableBytes: number;
  /** Heap, indexes and TOAST (pg_total_relation_size). */
  totalBytes: number;
}

/** The largest partition whose period is over, with its sizes. */
async function largestClosedPartition(admin: pg.Client): Promise<Pick<ArchiveFigures, 'partition' | 'tableBytes' | 'totalBytes'>> {
  const { rows: [row] } = await admin.query<{ partition: string; table_bytes: string; total_bytes: string }>(
    `select p.partition, p.bytes::text as total_bytes,
            (select sum(pg_table_size(t.relid)) from pg_partition_tree(('lib_event.' || quote_ident(p.partition))::regclass) t)::text
              as table_bytes
       from lib_event.partitions p
      where p.ends_at <= now() - interval '1 hour'
      order by p.bytes desc limit 1`);
  if (!row) throw new Error('no closed partition to archive');
  return { partition: row.partition, tableBytes: Number(row.table_bytes), totalBytes: Number(row.total_bytes) };
}

/**
 * Place every loaded event in the verifiable log, as npm start's sequencer
 * would: an archive takes only sequenced events (npm run archive refuses the
 * others), so the bench archives what a running installation would.
 */
async function sequenceAll(context: BenchContext, admin: pg.Client): Promise<void> {
  const { rows: [state] } = await admin.query<{ loaded: string; placed: string }>(
    'select (select count(*) from lib_event.event)::text as loaded, lib_event.tree_size()::text as placed');
  const loaded = Number(state?.loaded);
  context.log(`partitions: sequencing ${count(loaded)} events before archiving`);
  const sequencer = startBenchSequencer(context.adminUrl);
  try {
    // Earlier sections' events may already be in the tree: wait for the loaded ones on top.
    await sequencer.checkpoint(Number(state?.placed) + loaded);
  } finally {
    await sequencer.stop();
  }
}

/** `--rows` events on monthly partitions (1,000,000 fill most of January 2026), the largest archived to a temporary directory. */
async function archiveThroughput(context: BenchContext, admin: pg.Client): Promise<ArchiveFigures> {
  await loadSettled(context, admin, 'month', context.rows);
  await sequenceAll(context, admin);
  const closed = await largestClosedPartition(admin);
  const dir = await mkdtemp(join(tmpdir(), 'lib_event-bench-archive-'));
  try {
    context.log(`partitions: archiving ${closed.partition}`);
    const t0 = performance.now();
    const manifest = await archivePartition(admin, closed.partition, dir);
    return { ...closed, rows: manifest.rows, fileBytes: manifest.bytes, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---- The table ----

type Line = (string | number)[];

function insertLines(figures: InsertFigures): Line[] {
  const perSecond = (key: string) => fmt(figures.perSecond[key] ?? Number.NaN);
  return [
    ...(['x1', 'x100'] as const).map((size): Line => [
      `INSERT ${size}, events/s: partitioned vs unpartitioned copy`,
      perSecond(`insert_${size}_partitioned`), perSecond(`insert_${size}_unpartitioned`), fmt(figures.vsUnpartitioned[size], 2)]),
    ['create (as PostgREST calls it), events/s, partitioned', perSecond('create_x1'), '', ''],
    ['create_many x100 (as PostgREST calls it), events/s, partitioned', perSecond('create_many_x100'), '', ''],
  ];
}

interface FilterComparison {
  small_p50_ms: number;
  large_p50_ms: number;
  ratio: number;
  small_returned: number;
  large_returned: number;
  small_planning_ms: number;
  large_planning_ms: number;
}

/** Per filter: p50 and events returned at either size, and the ratio of the p50s. */
function compareFilters(small: FilterStage, large: FilterStage): Record<string, FilterComparison> {
  return Object.fromEntries(viewFilters.map((filter): [string, FilterComparison] => {
    const [a, b] = [small.latency.p50Ms[filter.name] ?? Number.NaN, large.latency.p50Ms[filter.name] ?? Number.NaN];
    return [filter.name, {
      small_p50_ms: round2(a), large_p50_ms: round2(b), ratio: ratio(b, a),
      small_returned: small.latency.returned[filter.name] ?? 0, large_returned: large.latency.returned[filter.name] ?? 0,
      small_planning_ms: round2(small.planningMs[filter.name] ?? Number.NaN),
      large_planning_ms: round2(large.planningMs[filter.name] ?? Number.NaN),
    }];
  }));
}

/**
 * The filter whose p50 grew most, among those returning as many events at
 * either size: a filter that returns more at the large size (partition_key:
 * 20 then 100) pays for those rows, not for the growth.
 */
function worstFilter(small: FilterStage, large: FilterStage): { name: string; ratio: number } {
  const alike = Object.entries(compareFilters(small, large)).filter(([, c]) => c.small_returned === c.large_returned);
  const ranked = alike.map(([name, c]) => ({ name, ratio: c.ratio })).sort((a, b) => b.ratio - a.ratio);
  return ranked[0] ?? { name: 'none returns as many events at either size', ratio: Number.NaN };
}

function filterLines(small: FilterStage, large: FilterStage): Line[] {
  const comparisons = compareFilters(small, large);
  const sizes = `${count(large.events)} vs ${count(small.events)}`;
  return [
    ...viewFilters.map((filter): Line => {
      const c = comparisons[filter.name] as FilterComparison;
      const returned = c.small_returned === c.large_returned ? `${c.large_returned}` : `${c.large_returned} vs ${c.small_returned}`;
      return [`GET /events?${filter.query}&limit=100 (${returned} events), p50 ms: ${sizes}`,
        fmt(c.large_p50_ms, 2), fmt(c.small_p50_ms, 2), fmt(c.ratio, 2)];
    }),
    [`planning ms (EXPLAIN, median over the filters): ${sizes}`, fmt(median(Object.values(large.planningMs)), 2),
      fmt(median(Object.values(small.planningMs)), 2), ''],
    [`leaf partitions: ${sizes}`, large.leaves, small.leaves, ''],
    [`find created_from/created_to (1 hour): partitions in the plan vs all, at ${count(large.events)}`,
      large.findPlanPartitions, large.leaves, ''],
  ];
}

function archiveLines(archive: ArchiveFigures): Line[] {
  const megabytesPerSecond = (bytes: number) => fmt(bytes / 1e6 / archive.seconds, 1);
  return [
    [`archive ${archive.partition} (${count(archive.rows)} rows), rows/s`, fmt(archive.rows / archive.seconds), '', ''],
    ['archive MB/s: Parquet file written vs table (heap + TOAST) read', megabytesPerSecond(archive.fileBytes),
      megabytesPerSecond(archive.tableBytes), ''],
    ['bytes/event: Parquet vs PostgreSQL (heap + indexes + TOAST)', fmt(archive.fileBytes / archive.rows),
      fmt(archive.totalBytes / archive.rows), fmt(ratio(archive.fileBytes, archive.totalBytes), 2)],
  ];
}

function fields(inserts: InsertFigures, small: FilterStage, large: FilterStage, archive: ArchiveFigures, spacing: SyntheticSpacing) {
  const stage = (s: FilterStage) => ({
    events: s.events, load_seconds: round2(s.loadSeconds), partitions_holding_events: s.holding, leaf_partitions: s.leaves,
  });
  return {
    inserts: {
      producers, rounds,
      partitioned_vs_unpartitioned_x1: inserts.vsUnpartitioned.x1,
      partitioned_vs_unpartitioned_x100: inserts.vsUnpartitioned.x100,
      round_ratios: inserts.roundRatios,
      per_s: mapValues(inserts.perSecond, Math.round),
      p50_ms: mapValues(inserts.p50Ms, round2),
    },
    filters: {
      seconds_per_event: spacing.secondsPerEvent, small: stage(small), large: stage(large),
      latency: compareFilters(small, large), worst: worstFilter(small, large),
    },
    find_plan: { ...findWindow, events: large.events, partitions_in_plan: large.findPlanPartitions, leaf_partitions: large.leaves },
    archive: {
      partition: archive.partition, rows: archive.rows, seconds: round2(archive.seconds),
      rows_per_s: Math.round(archive.rows / archive.seconds),
      file_mb_per_s: round2(archive.fileBytes / 1e6 / archive.seconds),
      table_mb_per_s: round2(archive.tableBytes / 1e6 / archive.seconds),
      file_bytes: archive.fileBytes, table_bytes: archive.tableBytes, total_bytes: archive.totalBytes,
      parquet_bytes_per_event: Math.round(archive.fileBytes / archive.rows),
      postgres_bytes_per_event: Math.round(archive.totalBytes / archive.rows),
    },
  };
}

interface NoteFigures {
  seconds: number;
  insertLeaves: number;
  inserts: InsertFigures;
  small: FilterStage;
  large: FilterStage;
  archive: ArchiveFigures;
  spacing: SyntheticSpacing;
}

const spread = (values: number[]) => `${fmt(Math.min(...values), 2)} to ${fmt(Math.max(...values), 2)}`;

function notes({ seconds, insertLeaves, inserts, small, large, archive, spacing }: NoteFigures): string[] {
  return [
    `Inserts: ${producers} producers, ${rounds} rounds of the six runs above (${seconds} s each), partitioned and unpartitioned ` +
      'back to back, the order reversed every other round; events/s are medians, the ratio the median of the rounds\' ratios ' +
      `(x1: ${spread(inserts.roundRatios.x1)}; x100: ${spread(inserts.roundRatios.x100)}).`,
    `The unpartitioned copy (LIKE lib_event.event INCLUDING ALL, plus its triggers) has the same columns, constraints, indexes ` +
      `and triggers; what differs is the partitioning alone: routing each row to one of ${insertLeaves} partitions and ` +
      'the indexes being per partition. Raw INSERTs of create_many bodies, as the superuser; create and create_many add the envelope.',
    `Filters: synthetic events ${fmt(spacing.secondsPerEvent ?? 1, 3)} s apart from 2026-01-01 on weekly partitions; ` +
      `${count(small.events)} span ${small.holding} partitions, ${count(large.events)} (in a second database) span ${large.holding} ` +
      `(the first are the same events); loads took ${fmt(small.loadSeconds, 0)} s and ${fmt(large.loadSeconds, 0)} s, ` +
      `each followed by VACUUM and CHECKPOINT. p50 of ${latencyPasses * latencyRepeats} calls per filter and size, ` +
      'the two databases taking turns call by call. A filter returning more events at the larger size is left out of the target.',
    'GET /events cannot skip partitions (its filters, created_at too, do not bound event__id, the partition key): ' +
      'each request plans and opens every partition, hence the planning line.',
    `find ${findWindow.from} to ${findWindow.to} (its query as find builds it, EXPLAIN of a custom plan) reads ` +
      `${large.findPlanPartitions} of the ${large.leaves} partitions (default and current ones included); ` +
      'the others are pruned at planning by its event__id bounds.',
    `Archive: ${count(archive.rows)} events on monthly partitions; the time includes reading the file back and checking it, ` +
      'its SHA-256, the manifest and lib_event.partition_archived. Table bytes are heap + TOAST (pg_table_size); ' +
      `the partition with its indexes is ${fmt(archive.totalBytes / 1e6, 0)} MB, the file ${fmt(archive.fileBytes / 1e6, 1)} MB.`,
  ];
}

/** See the top of this file. */
export const partitionsSection: Section = async (context): Promise<SectionResult> => {
  const admin = await connect(context.adminUrl);
  const { rows: [policy] } = await admin.query<{ period: string }>('select period from lib_event.partition_policy');
  const [smallCount, largeCount] = [context.rows, context.rows * 10];
  const spacing: SyntheticSpacing = { secondsPerEvent: largeSpanSeconds / largeCount };
  try {
    // The large stage's partitions (empty) are there for the inserts: routing picks among as many.
    await resetPartitions(admin, 'week');
    await partitionsForSynthetic(admin, largeCount, spacing);
    const insertLeaves = (await leafPartitions(admin)).size;
    const inserts = await insertComparison(context, admin);
    const [small, large] = await filterStages(context, admin, [smallCount, largeCount], spacing);
    const archive = await archiveThroughput(context, admin);
    const worst = worstFilter(small, large);
    return {
      title: 'Partitions: insert cost, filter latency as the log grows, archive throughput',
      columns: ['what', 'measured', 'against', 'ratio'],
      rows: [...insertLines(inserts), ...filterLines(small, large), ...archiveLines(archive)],
      fields: fields(inserts, small, large, archive, spacing),
      notes: notes({ seconds: context.seconds, insertLeaves, inserts, small, large, archive, spacing }),
      targets: [
        atLeast(`INSERT x1, partitioned vs unpartitioned, ${producers} producers`, inserts.vsUnpartitioned.x1, 0.95),
        atLeast(`INSERT x100, partitioned vs unpartitioned, ${producers} producers`, inserts.vsUnpartitioned.x100, 0.95),
        below(`p50 at ${count(largeCount)} vs ${count(smallCount)} events, worst filter returning as many events at both (${worst.name})`,
          worst.ratio, 1.5, 'x'),
        atLeast('archive of one closed partition', Math.round(archive.rows / archive.seconds), 50_000, ' rows/s'),
      ],
    };
  } finally {
    await admin.query('update lib_event.partition_policy set period = $1, updated_at = now()', [policy?.period ?? 'month']);
    await admin.end();
  }
};
