/**
 * Benchmark section `log`: what the verifiable log (sequencer, checkpoints,
 * verify, proofs) costs and how fast its parts go.
 *
 * 1. 16 producers calling create_many (100 events a call) as PostgREST runs
 *    it, with the sequencer stopped and running, alternated over several
 *    rounds: medians, and the median of each round's running / stopped.
 * 2. The sequencer: events/s it sequences while they run, and in a catch-up
 *    of a backlog of 200,000 events (does it keep up with the producers'
 *    rate?); the lag from a producer's commit to its event's position and to
 *    a signed checkpoint (one a second) covering it, polled.
 * 3. npm run verify's verifyLog over the whole log (at least 200,000 events).
 * 4. GET /rpc/inclusion_proof and GET /rpc/consistency_proof on that log.
 */
import pg from 'pg';
import { verifyConsistency, verifyInclusion } from '../log/log-hash.ts';
import { callQuery } from '../generate/postgrest-envelope.ts';
import { liftBacklogBound } from '../database/backlog-bound.ts';
import { createScratchDatabase } from '../database/scratch-database.ts';
import { startSequencer, type SequencerHandle } from '../log/sequencer.ts';
import { sleep } from '../database/sessions.ts';
import type { SigningKey } from '../log/signing-key.ts';
import { verifyLog } from '../log/verify.ts';
import { createManyCall } from './batch-vs-copy.ts';
import {
  asPostgrest, atLeast, benchSigningKey, createQuery, fmt, percentile, ratio, runProducers, samplePayload,
  type BenchContext, type Section, type SectionResult, type Target, type Throughput,
} from './context.ts';

const producerCount = 16;
const eventsPerCall = 100;
/** Rounds of (stopped, running) producer runs; medians over them beat this machine's noise. */
const rounds = 5;
const backlogEvents = 200_000;
const checkpointEveryMs = 1000;
/** The sequencer's pause when caught up: its default. */
const idleMs = 20;
/** The lag probe records one event this often, and polls for its position this often. */
const probeEveryMs = 20;
const pollEveryMs = 5;
/** How long after the probe stops its events may take to be signed. */
const lagGiveUpMs = 60_000;
const lagSeconds = 10;
const proofCalls = 200;
const aims = { runningVsStopped: 0.95, catchUpVsProducers: 3, serialMicrosPerEvent: 10, verifyPerSecond: 100_000 };

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;
const count = (n: number) => n.toLocaleString('en');

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The sequencer, stopped and started between runs; `sequenced` counts over all its runs. */
class SequencerSwitch {
  private handle: SequencerHandle | undefined;
  private earlier = 0;

  constructor(private readonly context: BenchContext, readonly key: SigningKey) {}

  get sequenced(): number {
    return this.earlier + (this.handle?.sequenced ?? 0);
  }

  /** Start it (if stopped) and wait until it has sequenced what is committed and signed that; the tree size. */
  async start(): Promise<number> {
    this.handle ??= startSequencer({
      databaseUrl: this.context.adminUrl, signingKey: this.key, idleMs, checkpointEveryMs,
      onError: (error) => this.context.log(`log: sequencer: ${error.message}`),
    });
    return this.handle.checkpoint();
  }

  async stop(): Promise<void> {
    if (!this.handle) return;
    await this.handle.stop();
    this.earlier += this.handle.sequenced;
    this.handle = undefined;
  }
}

const createMany = (context: BenchContext, seconds: number) =>
  runProducers(context.authenticatorUrl, producerCount, seconds, eventsPerCall, createManyCall(context, eventsPerCall));

/** How long a producer run lasted, from what it recorded and its rate. */
const runSeconds = (t: Throughput) => (t.calls * eventsPerCall) / t.eventsPerSecond;

// ---- 1. Producers with the sequencer stopped and running ----

interface RoundFigures {
  /** Producers' events/s, a figure per round. */
  stopped: number[];
  running: number[];
  /** Events/s the sequencer sequenced while the producers ran, and its share of what they recorded. */
  sequencedPerSecond: number[];
  sequencedShare: number[];
}

async function producerRun(context: BenchContext, sequencer: SequencerSwitch, running: boolean, figures: RoundFigures): Promise<void> {
  // Running: it starts caught up (the stopped run's events sequenced), so it sees only this run's.
  if (running) await sequencer.start();
  else await sequencer.stop();
  const before = sequencer.sequenced;
  const t = await createMany(context, context.seconds);
  if (!running) {
    figures.stopped.push(t.eventsPerSecond);
    return;
  }
  const sequenced = sequencer.sequenced - before;
  figures.running.push(t.eventsPerSecond);
  figures.sequencedPerSecond.push(sequenced / runSeconds(t));
  figures.sequencedShare.push(sequenced / (t.calls * eventsPerCall));
}

/** Stopped then running, in reverse order every other round, so that neither always goes first. */
async function producerRounds(context: BenchContext, sequencer: SequencerSwitch): Promise<RoundFigures> {
  const figures: RoundFigures = { stopped: [], running: [], sequencedPerSecond: [], sequencedShare: [] };
  for (let round = 0; round < rounds; round++) {
    context.log(`log: create_many x${eventsPerCall}, ${producerCount} producers, sequencer stopped and running, round ${round + 1} of ${rounds}`);
    for (const running of round % 2 === 0 ? [false, true] : [true, false]) {
      await producerRun(context, sequencer, running, figures);
    }
  }
  return figures;
}

// ---- 2. The sequencer: lag, and catch-up of a backlog ----

interface Probe {
  id: string;
  /** performance.now() when create returned (committed), when a poll first saw a position, and a checkpoint covering it. */
  committedAt: number;
  positionedAt?: number;
  signedAt?: number;
}

/** Single events recorded through POST /rpc/create, one every probeEveryMs until `deadline`. */
async function recordProbes(context: BenchContext, probes: Probe[], deadline: number): Promise<void> {
  const client = await connect(context.authenticatorUrl);
  try {
    for (let call = 0; performance.now() < deadline; call++) {
      const row = await asPostgrest(client, {
        method: 'POST', path: '/rpc/create', apiKey: context.producerKey, text: createQuery,
        values: [JSON.stringify({ event_type: 'billing.invoice.paid', payload: samplePayload(producerCount, call), headers: { actor: 'probe' } })],
      }) as { body: { event__id: string } };
      probes.push({ id: row.body.event__id, committedAt: performance.now() });
      await sleep(probeEveryMs);
    }
  } finally {
    await client.end();
  }
}

/** One look at the probes not yet signed: which have a position, which a checkpoint covering it. */
async function pollProbes(admin: pg.Client, probes: Probe[]): Promise<void> {
  const pending = probes.filter((probe) => probe.signedAt === undefined);
  if (pending.length === 0) return;
  // A row seen was committed before this poll's snapshot, taken as it was sent.
  const sentAt = performance.now();
  const { rows } = await admin.query<{ id: string; signed: boolean }>(
    `select l.event__id::text as id, l.position <= coalesce((select max(tree_size) from lib_event.log_checkpoint), 0) as signed
       from lib_event.log_entry l where l.event__id = any($1::uuid[])`, [pending.map((probe) => probe.id)]);
  const byId = new Map(pending.map((probe) => [probe.id, probe]));
  for (const row of rows) {
    const probe = byId.get(row.id) as Probe;
    probe.positionedAt ??= sentAt;
    if (row.signed) probe.signedAt = sentAt;
  }
}

interface LagFigures {
  probes: number;
  /** Sorted; a probe never seen positioned or signed counts as infinite. */
  positionMs: number[];
  signedMs: number[];
  /** The producers' run beside the probe, when they ran. */
  producers?: Throughput;
}

/** Poll while the probe records, then until every probe is signed or `giveUpAt` passes. */
async function pollUntilSigned(admin: pg.Client, probes: Probe[], state: { recording: boolean; giveUpAt: number }): Promise<void> {
  while (performance.now() < state.giveUpAt && (state.recording || probes.some((probe) => probe.signedAt === undefined))) {
    await pollProbes(admin, probes);
    await sleep(pollEveryMs);
  }
}

/** The probe for `seconds` with the sequencer running, alone or beside the 16 producers. */
async function measureLag(context: BenchContext, sequencer: SequencerSwitch, seconds: number, beside: boolean): Promise<LagFigures> {
  await sequencer.start();
  const admin = await connect(context.adminUrl);
  const probes: Probe[] = [];
  const state = { recording: true, giveUpAt: Number.POSITIVE_INFINITY };
  const polling = pollUntilSigned(admin, probes, state);
  // Awaited below; this only keeps a failure while the producers run from going unhandled.
  polling.catch(() => {});
  try {
    const [producers] = await Promise.all([
      beside ? createMany(context, seconds) : undefined, recordProbes(context, probes, performance.now() + seconds * 1000)]);
    Object.assign(state, { recording: false, giveUpAt: performance.now() + lagGiveUpMs });
    await polling;
    const lags = (at: 'positionedAt' | 'signedAt') =>
      probes.map((p) => (p[at] ?? Number.POSITIVE_INFINITY) - p.committedAt).sort((a, b) => a - b);
    return { probes: probes.length, positionMs: lags('positionedAt'), signedMs: lags('signedAt'), ...(producers ? { producers } : {}) };
  } finally {
    state.giveUpAt = 0;
    await polling.catch(() => {});
    await admin.end();
  }
}

interface CatchUp {
  events: number;
  perSecond: number;
}

/** A backlog of at least backlogEvents recorded with the sequencer stopped, then sequenced from a cold start. */
async function catchUp(context: BenchContext, sequencer: SequencerSwitch): Promise<CatchUp> {
  await sequencer.stop();
  context.log(`log: recording a backlog of ${count(backlogEvents)} events, sequencer stopped`);
  for (let recorded = 0; recorded < backlogEvents;) {
    const t = await createMany(context, context.seconds);
    recorded += t.calls * eventsPerCall;
  }
  context.log('log: sequencer catching up');
  const before = sequencer.sequenced;
  const t0 = performance.now();
  await sequencer.start();
  const events = sequencer.sequenced - before;
  return { events, perSecond: events / ((performance.now() - t0) / 1000) };
}

// ---- 3. verify, 4. proofs ----

interface VerifyFigures {
  ok: boolean;
  events: number;
  checkpoints: number;
  seconds: number;
  firstFailure?: string;
}

async function verifyThroughput(context: BenchContext, key: SigningKey): Promise<VerifyFigures> {
  const admin = await connect(context.adminUrl);
  try {
    const t0 = performance.now();
    const result = await verifyLog(admin, { publicKeys: [key.publicKeyPem] });
    return {
      ok: result.ok, events: result.events, checkpoints: result.checkpoints,
      seconds: (performance.now() - t0) / 1000, ...(result.failures[0] ? { firstFailure: result.failures[0] } : {}),
    };
  } finally {
    await admin.end();
  }
}

/** GET /rpc/<name>?<a>=...&<b>=... as PostgREST runs it: each query parameter cast to the function's type. */
const getRpc = (name: string, params: [string, string][]) =>
  callQuery(name, { kind: 'query', params: params.map(([param, type]) => ({ name: param, type })) }, { set: false, composite: false });
const inclusionQuery = getRpc('inclusion_proof', [['event__id', 'uuid'], ['tree_size', 'bigint']]);
const consistencyQuery = getRpc('consistency_proof', [['first_size', 'bigint'], ['second_size', 'bigint']]);

interface ProofTimes {
  ms: number[];
  /** How many of the proofs check out against the roots returned (scripts/log/log-hash.ts). */
  holding: number;
}

interface ProofFigures {
  treeSize: number;
  inclusion: ProofTimes;
  consistency: ProofTimes;
}

/** Each call's time through the envelope with the reader key, after one warm-up call; `holds` checks each body. */
async function timeProof<Body>(context: BenchContext, reader: pg.Client, path: string, text: string, calls: string[][],
  holds: (body: Body) => boolean): Promise<ProofTimes> {
  const call = async (values: string[]) => (await asPostgrest(reader, { method: 'GET', path, apiKey: context.readerKey, text, values }) as { body: Body }).body;
  await call(calls[0] as string[]);
  const times: ProofTimes = { ms: [], holding: 0 };
  for (const values of calls) {
    const t0 = performance.now();
    const body = await call(values);
    times.ms.push(performance.now() - t0);
    if (holds(body)) times.holding += 1;
  }
  times.ms.sort((a, b) => a - b);
  return times;
}

const fromHex = (hash: string) => Buffer.from(hash, 'hex');

interface InclusionBody { leaf_index: number; tree_size: number; leaf_hash: string; root_hash: string; path: string[] }
interface ConsistencyBody { first_size: number; second_size: number; first_root: string; second_root: string; path: string[] }

/** proofCalls inclusion proofs of random events and consistency proofs from random sizes, in the latest checkpoint's tree. */
async function proofTimes(context: BenchContext): Promise<ProofFigures> {
  const admin = await connect(context.adminUrl);
  const reader = await connect(context.authenticatorUrl);
  try {
    const { rows: [latest] } = await admin.query<{ size: string }>('select max(tree_size)::text as size from lib_event.log_checkpoint');
    const treeSize = Number(latest?.size ?? 0);
    const randomSize = () => String(1 + Math.floor(Math.random() * treeSize));
    const { rows: events } = await admin.query<{ id: string }>(
      'select event__id::text as id from lib_event.log_entry where position = any($1::bigint[])',
      [Array.from({ length: proofCalls }, randomSize)]);
    context.log(`log: ${proofCalls} inclusion and consistency proofs in the tree of ${count(treeSize)}`);
    const inclusion = await timeProof(context, reader, '/rpc/inclusion_proof', inclusionQuery, events.map((e) => [e.id, String(treeSize)]),
      (p: InclusionBody) => verifyInclusion(p.leaf_index, p.tree_size, fromHex(p.leaf_hash), p.path.map(fromHex), fromHex(p.root_hash)));
    const consistency = await timeProof(context, reader, '/rpc/consistency_proof', consistencyQuery,
      Array.from({ length: proofCalls }, () => [randomSize(), String(treeSize)]),
      (p: ConsistencyBody) => verifyConsistency(p.first_size, p.second_size, fromHex(p.first_root), fromHex(p.second_root), p.path.map(fromHex)));
    return { treeSize, inclusion, consistency };
  } finally {
    await reader.end();
    await admin.end();
  }
}

// ---- The table ----

interface Figures {
  rounds: RoundFigures;
  /** The probe alone, and beside the 16 producers. */
  lagAlone: LagFigures;
  lagBeside: LagFigures;
  catchUp: CatchUp;
  verify: VerifyFigures;
  proofs: ProofFigures;
}

/** A yes-or-no aim. */
const holds = (what: string, met: boolean, value: string): Target => ({ what, target: 'yes', value, met });
const p50p99 = (sorted: number[]) => `${fmt(percentile(sorted, 50), 1)} / ${fmt(percentile(sorted, 99), 1)}`;
/** p50 and p99 of sorted ms, for the JSON. */
const ms = (sorted: number[]) => ({ p50_ms: round1(percentile(sorted, 50)), p99_ms: round1(percentile(sorted, 99)) });
const unsigned = (lag: LagFigures) => lag.signedMs.filter((ms) => !Number.isFinite(ms)).length;
const lagLabel = (lag: LagFigures) => lag.producers ? `beside the ${producerCount} producers, ${lag.probes} probes` : `probe alone, ${lag.probes} probes`;

function lagLines(lag: LagFigures): (string | number)[][] {
  return [
    [`lag, commit to position, p50 / p99 ms (${lagLabel(lag)})`, p50p99(lag.positionMs)],
    [`lag, commit to a signed checkpoint (every ${count(checkpointEveryMs)} ms), p50 / p99 ms (${lagLabel(lag)})`, p50p99(lag.signedMs)],
  ];
}

function lagFields(lag: LagFigures): Record<string, unknown> {
  return {
    probes: lag.probes, to_position: ms(lag.positionMs), to_signed_checkpoint: ms(lag.signedMs), unsigned_probes: unsigned(lag),
    ...(lag.producers ? { producers_events_per_s: Math.round(lag.producers.eventsPerSecond) } : {}),
  };
}

function summary(f: Figures) {
  const stopped = median(f.rounds.stopped);
  return {
    stopped, running: median(f.rounds.running), runningVsStopped: round2(median(f.rounds.running.map((r, i) => r / (f.rounds.stopped[i] as number)))),
    sequencedPerSecond: median(f.rounds.sequencedPerSecond), sequencedShare: median(f.rounds.sequencedShare),
    catchUpVsProducers: ratio(f.catchUp.perSecond, stopped), verifyPerSecond: f.verify.events / f.verify.seconds,
    // The sequencer is one serial loop: its catch-up rate is the cost of the serial part (leaves are computed at record time).
    serialMicrosPerEvent: 1e6 / f.catchUp.perSecond,
  };
}

function lines(f: Figures): (string | number)[][] {
  const s = summary(f);
  const run = `create_many x${eventsPerCall}, ${producerCount} producers, events/s`;
  return [
    [`${run}, sequencer stopped (median of ${rounds})`, fmt(s.stopped)],
    [`${run}, sequencer running (median of ${rounds})`, fmt(s.running)],
    ['running / stopped (median of the rounds\' pairs)', fmt(s.runningVsStopped, 2)],
    ['sequencer while they run, events/s (share of what they recorded)', `${fmt(s.sequencedPerSecond)} (${fmt(s.sequencedShare * 100, 1)}%)`],
    [`sequencer catch-up of a ${count(f.catchUp.events)}-event backlog, events/s`, fmt(f.catchUp.perSecond)],
    ['catch-up vs the producers\' rate (sequencer stopped)', `${fmt(s.catchUpVsProducers, 2)}x`],
    ['serial part (sequencer catch-up), µs per event', fmt(s.serialMicrosPerEvent, 1)],
    ...lagLines(f.lagAlone),
    ...lagLines(f.lagBeside),
    [`verifyLog, ${count(f.verify.events)} events, ${count(f.verify.checkpoints)} checkpoints, events/s`, fmt(s.verifyPerSecond)],
    [`GET /rpc/inclusion_proof, ${proofCalls} random events, tree of ${count(f.proofs.treeSize)}, p50 / p99 ms`, p50p99(f.proofs.inclusion.ms)],
    [`GET /rpc/consistency_proof, ${proofCalls} random first sizes, p50 / p99 ms`, p50p99(f.proofs.consistency.ms)],
  ];
}

function targets(f: Figures): Target[] {
  const s = summary(f);
  const proofsHolding = f.proofs.inclusion.holding + f.proofs.consistency.holding;
  return [
    atLeast(`producers, sequencer running vs stopped (${producerCount}, create_many x${eventsPerCall})`, s.runningVsStopped, aims.runningVsStopped),
    atLeast('sequencer catch-up vs the producers\' rate', s.catchUpVsProducers, aims.catchUpVsProducers),
    { what: 'serial part of sequencing, µs per event', target: `≤ ${aims.serialMicrosPerEvent}`, value: fmt(s.serialMicrosPerEvent, 1),
      met: s.serialMicrosPerEvent <= aims.serialMicrosPerEvent },
    atLeast('verifyLog throughput', Math.round(s.verifyPerSecond), aims.verifyPerSecond, ' events/s'),
    holds('verifyLog finds the log intact', f.verify.ok, f.verify.ok ? 'intact' : `NOT intact: ${f.verify.firstFailure}`),
    holds('every proof checks out against the roots returned', proofsHolding === 2 * proofCalls, `${proofsHolding} of ${2 * proofCalls}`),
  ];
}

function fields(f: Figures): Record<string, unknown> {
  const s = summary(f);
  return {
    producers: producerCount, events_per_call: eventsPerCall, rounds,
    stopped_events_per_s: Math.round(s.stopped), running_events_per_s: Math.round(s.running), running_vs_stopped: s.runningVsStopped,
    rounds_stopped_events_per_s: f.rounds.stopped.map(Math.round), rounds_running_events_per_s: f.rounds.running.map(Math.round),
    sequenced_while_running_per_s: Math.round(s.sequencedPerSecond), sequenced_share: round2(s.sequencedShare),
    catch_up_events: f.catchUp.events, catch_up_events_per_s: Math.round(f.catchUp.perSecond),
    catch_up_vs_producers: s.catchUpVsProducers, keeps_up: s.catchUpVsProducers >= aims.catchUpVsProducers,
    serial_us_per_event: round1(s.serialMicrosPerEvent),
    serial_us_per_event_target: aims.serialMicrosPerEvent, serial_us_per_event_met: s.serialMicrosPerEvent <= aims.serialMicrosPerEvent,
    checkpoint_every_ms: checkpointEveryMs, lag_alone: lagFields(f.lagAlone), lag_beside_producers: lagFields(f.lagBeside),
    verify_events: f.verify.events, verify_checkpoints: f.verify.checkpoints, verify_seconds: round1(f.verify.seconds),
    verify_events_per_s: Math.round(s.verifyPerSecond), verify_ok: f.verify.ok,
    proof_tree_size: f.proofs.treeSize, inclusion_proof: ms(f.proofs.inclusion.ms), consistency_proof: ms(f.proofs.consistency.ms),
  };
}

/**
 * The section runs in a database of its own: the sections before it empty
 * lib_event.event (query_latency, large_events, partitions) after a
 * sequencer placed some of its events, which verify rightly calls events
 * gone. Its own database holds only what this section records.
 */
export const logSection: Section = async (context): Promise<SectionResult> => {
  const scratch = await createScratchDatabase(`lib_event_bench_${process.pid}_log`);
  try {
    // Its producers record with the sequencer stopped for longer than the
    // backlog bound allows: that bound is measured by the overload section.
    await liftBacklogBound(scratch.url);
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    const key = async (consumer: string, access: string) =>
      (await admin.query<{ api_key: string }>('select api_key from lib_event.api_key_create($1, $2)', [consumer, access])).rows[0]?.api_key ?? '';
    const own: BenchContext = {
      ...context,
      adminUrl: scratch.url, authenticatorUrl: scratch.authenticatorUrl, relayUrl: scratch.relayUrl, ingestUrl: scratch.ingestUrl,
      producerKey: await key('billing', 'producer'), readerKey: await key('audit-desk', 'reader'),
    };
    await admin.end();
    return await measureLog(own);
  } finally {
    await scratch.drop();
  }
};

async function measureLog(context: BenchContext): Promise<SectionResult> {
  const sequencer = new SequencerSwitch(context, benchSigningKey());
  let figures: Figures;
  try {
    const roundFigures = await producerRounds(context, sequencer);
    context.log('log: lag from commit to position and to a signed checkpoint, the probe alone');
    const lagAlone = await measureLag(context, sequencer, lagSeconds, false);
    context.log(`log: the same beside ${producerCount} producers`);
    const lagBeside = await measureLag(context, sequencer, lagSeconds, true);
    const backlog = await catchUp(context, sequencer);
    await sequencer.stop();
    context.log('log: verifyLog over the whole log');
    const verify = await verifyThroughput(context, sequencer.key);
    figures = { rounds: roundFigures, lagAlone, lagBeside, catchUp: backlog, verify, proofs: await proofTimes(context) };
  } finally {
    await sequencer.stop();
  }
  const late = unsigned(figures.lagAlone) + unsigned(figures.lagBeside);
  return {
    title: 'Verifiable log: producers with and without the sequencer, sequencer rate and lag, verify, proofs',
    columns: ['what', 'figure'],
    rows: lines(figures),
    targets: targets(figures),
    fields: fields(figures),
    notes: [
      `the sequencer (batches of 1000, ${idleMs} ms pause when caught up) and the producers share this machine's cores with PostgreSQL`,
      `lag: a probe records one event every ${probeEveryMs} ms through POST /rpc/create (${lagSeconds} s); log_entry is polled every ${pollEveryMs} ms`,
      'beside the producers, a sequencer that falls behind them (a share below 100% above) makes the lag grow with the length of the run',
      ...(late > 0 ? [`${late} probe(s) not covered by a signed checkpoint within ${lagGiveUpMs / 1000} s of the probe's end: counted as infinite ("-")`] : []),
      'verifyLog recomputes every leaf from the events and every checkpoint\'s root (npm run verify, one connection)',
    ],
  };
}
