import { generateKeyPairSync } from 'node:crypto';
import pg from 'pg';
import { callQuery, runRequest } from '../generate/postgrest-envelope.ts';
import { startSequencer, type SequencerHandle } from '../log/sequencer.ts';
import { signingKeyFromPem, type SigningKey } from '../log/signing-key.ts';

/** What every benchmark section gets: one database, keys, and the run's settings. */
export interface BenchContext {
  /** Superuser connection string to the benchmark database. */
  adminUrl: string;
  /** The same database as lib_event_authenticator, as PostgREST connects. */
  authenticatorUrl: string;
  /** The same database as lib_event_relay. */
  relayUrl: string;
  /** The same database as lib_event_ingest, as the RabbitMQ ingest loader connects. */
  ingestUrl: string;
  producerKey: string;
  readerKey: string;
  /** Seconds each timed run lasts. */
  seconds: number;
  /** Producer (connection) counts, e.g. [1, 4, 16]. */
  producers: number[];
  /** Events loaded for the query-latency section. */
  rows: number;
  log(message: string): void;
}

/** What a section hands back: a table to print and fields for the JSON. */
export interface SectionResult {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** Fields merged into the JSON under producers.<count>, e.g. create_vs_insert. */
  perProducers?: Record<number, Record<string, number>>;
  /** Fields merged into the JSON at the top level, under the section's key. */
  fields?: Record<string, unknown>;
  /** Explanatory lines printed under the table. */
  notes?: string[];
  /** What the section aims at, and whether this run met it; printed and in the JSON. */
  targets?: Target[];
}

export interface Target {
  /** What is measured, e.g. "create vs INSERT, 1 producer". */
  what: string;
  /** The aim, e.g. ">= 0.8x". */
  target: string;
  /** This run's figure, with its unit. */
  value: string;
  met: boolean;
}

/** A ratio aim: value >= at-least. */
export function atLeast(what: string, value: number, least: number, unit = 'x'): Target {
  return { what, target: `>= ${least}${unit}`, value: `${value}${unit}`, met: value >= least };
}

/** A ceiling aim: value < at-most. */
export function below(what: string, value: number, most: number, unit: string): Target {
  return { what, target: `< ${most} ${unit}`, value: `${Math.round(value * 10) / 10} ${unit}`, met: value < most };
}

export type Section = (context: BenchContext) => Promise<SectionResult>;

export interface Throughput {
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  calls: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

/** Run `run` once to warm the cache, then `repeats` times: the p50 and p99 of those runs, in ms. */
export async function timeRepeated(repeats: number, run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  await run(); // warm the cache once
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/**
 * Run `producers` concurrent loops, each on its own connection, for
 * `seconds`; each call of `operation` records `eventsPerCall` events.
 */
export async function runProducers(
  connectionString: string,
  producers: number,
  seconds: number,
  eventsPerCall: number,
  operation: (client: pg.Client, producer: number, call: number) => Promise<void>,
): Promise<Throughput> {
  const clients = await Promise.all(
    Array.from({ length: producers }, async () => {
      const client = new pg.Client({ connectionString });
      await client.connect();
      return client;
    }),
  );
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  try {
    await Promise.all(
      clients.map(async (client, producer) => {
        for (let call = 0; performance.now() < deadline; call++) {
          const t0 = performance.now();
          await operation(client, producer, call);
          latencies.push(performance.now() - t0);
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    eventsPerSecond: (latencies.length * eventsPerCall) / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    calls: latencies.length,
  };
}

/**
 * One request the way PostgREST runs it (scripts/generate/postgrest-envelope.ts):
 * transaction, settings, pre-request, main query, commit.
 */
export async function asPostgrest(
  client: pg.ClientBase,
  request: { method: 'GET' | 'POST'; path: string; apiKey: string; headers?: Record<string, string>; text: string; values?: unknown[] },
): Promise<unknown> {
  return runRequest(client, {
    method: request.method,
    path: request.path,
    headers: { 'x-api-key': request.apiKey, ...request.headers },
    readOnly: request.method === 'GET',
  }, request);
}

/** POST /rpc/create with a body of event_type, payload and headers, as PostgREST binds it. */
export const createQuery = callQuery('create', {
  kind: 'json',
  array: false,
  params: [{ name: 'event_type', type: 'text' }, { name: 'payload', type: 'jsonb' }, { name: 'headers', type: 'jsonb' }],
}, { set: false, composite: true, alias: 'event_receipt' });

/** POST /rpc/create_many: its one unnamed jsonb parameter receives the whole body. */
export const createManyQuery = callQuery('create_many', { kind: 'whole body', type: 'jsonb' }, { set: true, composite: true, alias: 'event_receipt' });

/** A ~300-byte payload, like the calibration figures in the issue. */
export function samplePayload(producer: number, call: number): Record<string, unknown> {
  return {
    invoice: `INV-${producer}-${call}`,
    amount: 4200 + call,
    currency: 'EUR',
    customer: { id: `cus_${producer}_${call}`, name: 'Ada Lovelace', email: 'ada@example.com' },
    lines: [
      { sku: 'SKU-0001', quantity: 2, price: 1200 },
      { sku: 'SKU-0002', quantity: 1, price: 1800 },
    ],
    note: 'paid by card ending 4242',
  };
}

/**
 * The headers create stores for a sample event, as JSON: its standard entries
 * with placeholders of the same length, for rows written without create
 * (a direct INSERT, a COPY file).
 */
export const storedHeaders = (partitionKey: string) =>
  JSON.stringify({
    actor: 'ada',
    event_type: 'billing.invoice.paid',
    event__id: '01a20b74-d7c5-7c6a-a415-746317815e26',
    created_at: '2026-11-24T02:48:56.517212Z',
    occurred_at: '2026-11-24T02:48:56.517212Z',
    source: null,
    partition_key: partitionKey,
    consumer: 'billing',
  });

export const fmt = (value: number, digits = 0) =>
  Number.isFinite(value) ? value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-';

export const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** Switch the NOTIFY trigger: per statement (the migrations' default), per row (the old one), or none. */
export async function setNotify(adminUrl: string, mode: 'statement' | 'row' | 'off'): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('drop trigger if exists event_notify_created on lib_event.event');
    await client.query('drop trigger if exists event_notify_created_per_row on lib_event.event');
    if (mode === 'statement') {
      await client.query(`create trigger event_notify_created after insert on lib_event.event
        referencing new table as recorded for each statement execute function lib_event.notify_created_ids()`);
    } else if (mode === 'row') {
      await client.query(`create trigger event_notify_created_per_row after insert on lib_event.event
        for each row execute function lib_event.notify_created()`);
    }
  } finally {
    await client.end();
  }
}

let runSigningKey: SigningKey | undefined;

/**
 * The Ed25519 checkpoint key of this run (the benchmark's database is thrown
 * away with it): one key for every section's sequencer, so the log section's
 * verify trusts the checkpoints the sections before it signed.
 */
export function benchSigningKey(): SigningKey {
  if (!runSigningKey) {
    const { privateKey } = generateKeyPairSync('ed25519');
    runSigningKey = signingKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  }
  return runSigningKey;
}

/**
 * The sequencer as npm start runs it (scripts/server/start.ts), with a key for this
 * run only: follow and the relay hand out only the events it has placed.
 */
export function startBenchSequencer(databaseUrl: string): SequencerHandle {
  return startSequencer({ databaseUrl, signingKey: benchSigningKey() });
}
