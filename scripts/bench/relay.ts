/**
 * Benchmark section: the notification relay.
 *
 * On a fresh migrated database, at N producers (16 by default), for the same
 * number of seconds each:
 *   - raw single-row INSERT of an event row into lib_event.event (the
 *     baseline; the notify triggers are off, as in relay mode);
 *   - lib_events.create called as PostgREST calls it (transaction, role,
 *     request settings, pre-request, main query, commit) with no NOTIFY at
 *     all (relay mode, relay stopped): what the call itself costs;
 *   - the same in relay mode, with the relay running and a listener on
 *     lib_event.created: what the relay adds;
 *   - lib_events.create as one SQL statement in relay mode, relay running:
 *     the function without the PostgREST round trips;
 *   - the PostgREST-style call in inline mode (producers NOTIFY as they commit), for
 *     comparison;
 * and reports events/s, the ratios to the raw INSERT, the lag from a
 * producer's COMMIT returning to the listener receiving the id (p50/p99),
 * and whether the listener received every id. With the CLI (or
 * measureIndexCost) it also compares the raw INSERT with and without the
 * (xact_id, event__id) index the catch-up read needs.
 *
 * Each phase runs in `rounds` slices interleaved with the others, so load
 * from elsewhere on the machine weighs on all of them alike.
 *
 * The sequencer runs throughout the rounds, as npm start runs it beside the
 * relay: the relay announces only events the sequencer has placed in the
 * log (lib_event.relay_positions reads lib_event.log_entry), so the lag
 * includes sequencing. Before each relay phase both are caught up with what
 * the earlier phases recorded, the steady state npm start keeps.
 *
 * Run alone: `tsx scripts/bench/relay.ts [--producers 16] [--seconds 6] [--rounds 3] [--json FILE]`
 * starts its own embedded PostgreSQL 17, migrates, measures, prints.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { liftBacklogBound } from '../database/backlog-bound.ts';
import { createScratchDatabase } from '../database/scratch-database.ts';
import { startRelay, type RelayHandle } from '../relay/relay.ts';
import type { SequencerHandle } from '../log/sequencer.ts';
import { sleep } from '../database/sessions.ts';
import { asPostgrest, atLeast, createQuery, startBenchSequencer, type SectionResult } from './context.ts';

export interface RelayBenchOptions {
  /** Superuser connection string to a fresh, migrated database (createScratchDatabase). */
  databaseUrl: string;
  /** The same database as lib_event_authenticator and as lib_event_relay. */
  authenticatorUrl: string;
  relayUrl: string;
  /** Concurrent producers; default 16. */
  producers?: number;
  /** Seconds per measured phase, in total; default 6. */
  seconds?: number;
  /** Each phase runs this many times, interleaved with the others; default 3. */
  rounds?: number;
  /** Also measure the raw INSERT without the follow index (drops it: use a throwaway database). */
  measureIndexCost?: boolean;
  /** Progress lines; default: none. */
  log?: (line: string) => void;
}

export interface RelayBenchResult {
  producers: number;
  seconds: number;
  rounds: number;
  insert_events_per_s: number;
  /** create as PostgREST calls it, nobody notifying: the call's own cost against the INSERT. */
  create_without_notify_events_per_s: number;
  create_without_notify_vs_insert: number;
  relay_create_events_per_s: number;
  /** relay_create_events_per_s / create_without_notify_events_per_s: what running the relay costs the producers. */
  relay_vs_create_without_notify: number;
  /** relay_create_events_per_s / insert_events_per_s; target at least 0.8. */
  relay_vs_insert: number;
  /** lib_events.create as one SQL statement (no PostgREST round trips), relay running. */
  relay_sql_create_events_per_s: number;
  relay_sql_create_vs_insert: number;
  relay_lag_p50_ms: number;
  relay_lag_p99_ms: number;
  inline_create_events_per_s: number;
  inline_vs_insert: number;
  inline_lag_p50_ms: number;
  inline_lag_p99_ms: number;
  /** The listener received every id created in both create phases, each exactly once. */
  all_received: boolean;
  /** Raw INSERT rate with and without the (xact_id, event__id) index, when measured, and their ratio. */
  insert_with_follow_index_events_per_s?: number;
  insert_without_follow_index_events_per_s?: number;
  follow_index_insert_ratio?: number;
}

// The same event in every phase: a 300-byte payload, a few headers.
const eventType = 'bench.event.recorded';
const payload = { text: 'x'.repeat(280), n: 1 };
const headers = { actor: 'bench', trace: 'abcdef0123456789' };

const rawInsert = `
  insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers, payload)
  values (lib_event.uuid_v7(now()), $1, now(), now(), 'bench', $2, $3)`;

/** One call of lib_events.create exactly as PostgREST runs POST /rpc/create. */
async function createAsPostgrest(client: pg.ClientBase, apiKey: string): Promise<string> {
  const row = (await asPostgrest(client, {
    method: 'POST', path: '/rpc/create', apiKey, text: createQuery, values: [JSON.stringify({ event_type: eventType, payload, headers })],
  })) as { body: { event__id: string } };
  return row.body.event__id;
}

/** Run `work` on each of `clients` in a loop for `seconds`; returns the total count and rate. */
async function hammer(
  clients: pg.Client[],
  seconds: number,
  work: (client: pg.Client) => Promise<void>,
): Promise<{ count: number; seconds: number; perSecond: number }> {
  let count = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        await work(client);
        count += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { count, seconds: elapsed, perSecond: count / elapsed };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

async function connectAll(connectionString: string, count: number): Promise<pg.Client[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const client = new pg.Client({ connectionString });
      await client.connect();
      return client;
    }),
  );
}

/** A listener on lib_event.created that stamps every id with its arrival time. */
async function listenForIds(connectionString: string) {
  const client = new pg.Client({ connectionString });
  const arrivals = new Map<string, number>();
  let duplicates = 0;
  client.on('notification', (message) => {
    const at = performance.now();
    if (message.channel !== 'lib_event.created' || !message.payload) return;
    for (const id of message.payload.split(',')) {
      if (arrivals.has(id)) duplicates += 1;
      else arrivals.set(id, at);
    }
  });
  await client.connect();
  await client.query('listen "lib_event.created"');
  return {
    arrivals,
    get duplicates() {
      return duplicates;
    },
    close: () => client.end(),
  };
}

/** Create events for `seconds`, stamping each id with the moment its COMMIT returned; then wait for the listener. */
async function createPhase(
  authenticatorUrl: string,
  listenerUrl: string,
  producers: number,
  seconds: number,
  apiKey: string,
) {
  const listener = await listenForIds(listenerUrl);
  const clients = await connectAll(authenticatorUrl, producers);
  const committedAt = new Map<string, number>();
  try {
    const { count, seconds: elapsed } = await hammer(clients, seconds, async (client) => {
      const id = await createAsPostgrest(client, apiKey);
      committedAt.set(id, performance.now());
    });
    // Every id must arrive; give the listener up to 30 s after the last commit.
    const waitUntil = performance.now() + 30_000;
    while (performance.now() < waitUntil && [...committedAt.keys()].some((id) => !listener.arrivals.has(id))) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const lags = [...committedAt].flatMap(([id, at]) => {
      const arrived = listener.arrivals.get(id);
      return arrived === undefined ? [] : [arrived - at];
    });
    const received = lags.length === committedAt.size && listener.duplicates === 0;
    return { count, seconds: elapsed, lags, received };
  } finally {
    await Promise.all(clients.map((client) => client.end()));
    await listener.close();
  }
}

interface Tally {
  count: number;
  seconds: number;
  lags: number[];
  received: boolean;
}

const emptyTally = (): Tally => ({ count: 0, seconds: 0, lags: [], received: true });

function add(tally: Tally, phase: { count: number; seconds: number; lags?: number[]; received?: boolean }): void {
  tally.count += phase.count;
  tally.seconds += phase.seconds;
  if (phase.lags) tally.lags.push(...phase.lags);
  if (phase.received === false) tally.received = false;
}

const rate = (tally: Tally) => tally.count / tally.seconds;

/** Run `work` on `producers` fresh connections for `seconds`, then close them. */
async function runOn(
  connectionString: string,
  producers: number,
  seconds: number,
  work: (client: pg.Client) => Promise<unknown>,
): Promise<{ count: number; seconds: number }> {
  const clients = await connectAll(connectionString, producers);
  try {
    return await hammer(clients, seconds, async (client) => {
      await work(client);
    });
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

/** The phases benchRelay measures, each summed over its rounds. */
interface PhaseTallies {
  insert: Tally;
  bare: Tally;
  relayed: Tally;
  sqlRelayed: Tally;
  inline: Tally;
}

interface Phases {
  options: RelayBenchOptions;
  producers: number;
  /** Seconds each phase runs per round. */
  slice: number;
  apiKey: string;
  /** The sequencer, running through every round. */
  sequencer: SequencerHandle;
  setMode(mode: 'inline' | 'relay'): Promise<unknown>;
  insertOnce(client: pg.Client): Promise<unknown>;
}

/**
 * Wait until the sequencer has placed every event committed so far and the
 * relay has announced them all, so a relay phase starts with no backlog.
 */
async function catchUp(sequencer: SequencerHandle, relay: RelayHandle): Promise<void> {
  const size = await sequencer.checkpoint();
  const deadline = performance.now() + 30_000;
  while (Number(relay.cursor) < size) {
    if (performance.now() > deadline) {
      throw new Error(`the relay is at position ${relay.cursor} after 30 s, the log at ${size}: see the relay's errors above`);
    }
    await sleep(10);
  }
}

/** One round: every phase once, in the same order. */
async function measureRound(phases: Phases, tallies: PhaseTallies): Promise<void> {
  const { options, producers, slice, apiKey, sequencer, setMode, insertOnce } = phases;
  const authenticatorUrl = options.authenticatorUrl;
  await setMode('relay');
  // Raw INSERT, notify triggers off: the baseline.
  add(tallies.insert, await runOn(options.databaseUrl, producers, slice, insertOnce));
  // create as PostgREST calls it, nobody notifying: the call's own cost.
  add(tallies.bare, await runOn(authenticatorUrl, producers, slice, (client) => createAsPostgrest(client, apiKey)));
  const relay = await startRelay({ connectionString: options.relayUrl, name: 'bench' });
  try {
    await catchUp(sequencer, relay);
    // create as PostgREST calls it, relay mode, the relay running.
    add(tallies.relayed, await createPhase(authenticatorUrl, options.databaseUrl, producers, slice, apiKey));
    // create as one SQL statement (no PostgREST round trips), relay running.
    add(tallies.sqlRelayed, await runOn(options.databaseUrl, producers, slice, (client) =>
      client.query('select lib_events.create($1, $2, $3)', [eventType, payload, headers])));
  } finally {
    await relay.stop();
  }
  // create as PostgREST calls it, inline mode.
  await setMode('inline');
  add(tallies.inline, await createPhase(authenticatorUrl, options.databaseUrl, producers, slice, apiKey));
}

/** The raw INSERT with and without the follow index (dropped and created again each round). */
async function measureIndexCost(admin: pg.Client, phases: Phases, rounds: number, log: (line: string) => void) {
  const { options, producers, slice, setMode, insertOnce } = phases;
  await setMode('relay');
  const withIndex = emptyTally();
  const withoutIndex = emptyTally();
  for (let round = 1; round <= rounds; round += 1) {
    log(`index cost, round ${round}/${rounds}`);
    await admin.query('drop index lib_event.event_xact_id_event__id_idx');
    add(withoutIndex, await runOn(options.databaseUrl, producers, slice, insertOnce));
    await admin.query('create index event_xact_id_event__id_idx on lib_event.event (xact_id, event__id)');
    add(withIndex, await runOn(options.databaseUrl, producers, slice, insertOnce));
  }
  return {
    insert_with_follow_index_events_per_s: round(rate(withIndex), 0),
    insert_without_follow_index_events_per_s: round(rate(withoutIndex), 0),
    follow_index_insert_ratio: round(rate(withIndex) / rate(withoutIndex)),
  };
}

/** The rates, ratios and lags of the tallied phases (their lags sorted). */
function relayResult(producers: number, seconds: number, rounds: number, tallies: PhaseTallies): RelayBenchResult {
  const { insert, bare, relayed, sqlRelayed, inline } = tallies;
  return {
    producers,
    seconds,
    rounds,
    insert_events_per_s: round(rate(insert), 0),
    create_without_notify_events_per_s: round(rate(bare), 0),
    create_without_notify_vs_insert: round(rate(bare) / rate(insert)),
    relay_create_events_per_s: round(rate(relayed), 0),
    relay_vs_create_without_notify: round(rate(relayed) / rate(bare)),
    relay_vs_insert: round(rate(relayed) / rate(insert)),
    relay_sql_create_events_per_s: round(rate(sqlRelayed), 0),
    relay_sql_create_vs_insert: round(rate(sqlRelayed) / rate(insert)),
    relay_lag_p50_ms: round(percentile(relayed.lags, 50), 1),
    relay_lag_p99_ms: round(percentile(relayed.lags, 99), 1),
    inline_create_events_per_s: round(rate(inline), 0),
    inline_vs_insert: round(rate(inline) / rate(insert)),
    inline_lag_p50_ms: round(percentile(inline.lags, 50), 1),
    inline_lag_p99_ms: round(percentile(inline.lags, 99), 1),
    all_received: relayed.received && inline.received,
  };
}

export async function benchRelay(options: RelayBenchOptions): Promise<RelayBenchResult> {
  const producers = options.producers ?? 16;
  const seconds = options.seconds ?? 6;
  const rounds = Math.max(1, options.rounds ?? 3);
  // Each phase runs `rounds` times, interleaved with the others, so a burst
  // of load from elsewhere on the machine weighs on every phase alike.
  const slice = seconds / rounds;
  const log = options.log ?? (() => {});
  const admin = new pg.Client({ connectionString: options.databaseUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ api_key: string }>(`select api_key from lib_event.api_key_create('bench', 'producer')`);
    const sequencer = startBenchSequencer(options.databaseUrl);
    const phases: Phases = {
      options,
      producers,
      slice,
      apiKey: rows[0]?.api_key as string,
      sequencer,
      setMode: (mode) => admin.query('select lib_event.set_notify_mode($1)', [mode]),
      insertOnce: (client) => client.query(rawInsert, [eventType, headers, payload]),
    };

    let result: RelayBenchResult;
    try {
      log('sequencer: placing the events already recorded');
      await sequencer.checkpoint();

      await phases.setMode('relay');
      log('warming up');
      await runOn(options.databaseUrl, producers, 1, phases.insertOnce);

      const tallies: PhaseTallies = { insert: emptyTally(), bare: emptyTally(), relayed: emptyTally(), sqlRelayed: emptyTally(), inline: emptyTally() };
      for (let round = 1; round <= rounds; round += 1) {
        log(`round ${round}/${rounds}: ${producers} producers, ${slice.toFixed(1)} s per phase`);
        await measureRound(phases, tallies);
      }
      for (const tally of [tallies.relayed, tallies.inline]) tally.lags.sort((a, b) => a - b);
      result = relayResult(producers, seconds, rounds, tallies);
    } finally {
      await sequencer.stop();
    }
    // The raw INSERT alone: the sequencer, which walks the follow index, is stopped.
    if (options.measureIndexCost) Object.assign(result, await measureIndexCost(admin, phases, rounds, log));
    return result;
  } finally {
    // Leave the database as found: inline is the default mode.
    await admin.query(`select lib_event.set_notify_mode('inline')`).catch(() => {});
    await admin.end();
  }
}

/**
 * The same measurements as a section of the benchmark runner
 * (scripts/bench/run.ts): one run per producer count, relay_vs_insert and
 * relay_lag_p99_ms per producer count in the JSON.
 */
export async function relaySection(context: {
  adminUrl: string;
  authenticatorUrl: string;
  relayUrl: string;
  producers: number[];
  seconds: number;
  log(message: string): void;
}): Promise<SectionResult> {
  const rows: (string | number)[][] = [];
  const perProducers: Record<number, Record<string, number>> = {};
  let allReceived = true;
  for (const producers of context.producers) {
    const result = await benchRelay({
      databaseUrl: context.adminUrl,
      authenticatorUrl: context.authenticatorUrl,
      relayUrl: context.relayUrl,
      producers,
      seconds: context.seconds * 2,
      log: (line) => context.log(`relay, ${producers} producers: ${line}`),
    });
    allReceived &&= result.all_received;
    rows.push([
      producers,
      result.insert_events_per_s,
      result.relay_create_events_per_s,
      result.relay_vs_insert,
      result.relay_sql_create_vs_insert,
      result.inline_vs_insert,
      result.relay_lag_p50_ms,
      result.relay_lag_p99_ms,
      result.all_received ? 'yes' : 'NO',
    ]);
    perProducers[producers] = {
      relay_vs_insert: result.relay_vs_insert,
      relay_lag_p99_ms: result.relay_lag_p99_ms,
      relay_lag_p50_ms: result.relay_lag_p50_ms,
      relay_sql_create_vs_insert: result.relay_sql_create_vs_insert,
      inline_vs_insert: result.inline_vs_insert,
    };
  }
  return {
    title: 'Notification relay: create (as PostgREST calls it) in relay mode vs raw INSERT; lag from COMMIT to a listener',
    columns: ['producers', 'INSERT/s', 'relay create/s', 'relay/INSERT', 'SQL create/INSERT', 'inline/INSERT', 'lag p50 ms', 'lag p99 ms', 'all ids'],
    rows,
    perProducers,
    targets: [
      { what: 'every id received exactly once', target: 'all', value: allReceived ? 'all' : 'not all', met: allReceived },
      ...Object.entries(perProducers).map(([producers, f]) => atLeast(`relay create vs INSERT, ${producers} producer(s)`, f.relay_vs_insert as number, 0.8)),
    ],
    notes: [
      'SQL create: lib_events.create as one statement in relay mode, without the PostgREST round trips',
      'the sequencer runs in every phase, as npm start runs it; the relay announces an id once the sequencer has placed it, so the lag includes sequencing',
    ],
  };
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase(`lib_event_relay_bench_${process.pid}`);
  try {
    const databaseUrl = scratch.url;
    await liftBacklogBound(databaseUrl);
    const result = await benchRelay({
      databaseUrl,
      authenticatorUrl: scratch.authenticatorUrl,
      relayUrl: scratch.relayUrl,
      producers: Number(argument('producers') ?? 16),
      seconds: Number(argument('seconds') ?? 6),
      rounds: Number(argument('rounds') ?? 3),
      measureIndexCost: true,
      log: (line) => console.error(`relay bench: ${line}`),
    });
    const json = argument('json');
    if (json) writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await scratch.drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: Error) => {
    console.error(`relay bench: ${error.stack ?? error.message}`);
    process.exit(1);
  });
}
