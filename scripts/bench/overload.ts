import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createProducer, sqlTransport } from '../client/producer.ts';
import { below, fmt, samplePayload, startBenchSequencer, type BenchContext, type Section, type SectionResult } from './context.ts';

/**
 * Bounded lag under overload: 16 producer clients record flat out for
 * 20 x --seconds (60 s by default; the short CI run passes 0.3, so 6 s)
 * with the sequencer running and the backlog bounded (lib_event.backlog_bound:
 * max_seconds 5, max_events 50,000, its default), then close. Figures: what
 * they recorded and what was acknowledged, how many batches were sent
 * again (refused by the bound, or failed), commit-to-position p50/p99 against the
 * bound's max_seconds, the sequencer's rate beside the producers, and
 * whether every acknowledged event is in the log exactly once.
 */
const producerCount = 16;
const bound = { maxSeconds: 5, maxEvents: 50_000 };

interface Positioned {
  events: number;
  distinct_n: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** The sequencer's rate over the run: events placed between the first and the last placing. */
  placed_per_s: number;
}

/** Invoices of the run's events in the log, each with how often it is there. */
async function invoicesInLog(admin: pg.Client, tag: string): Promise<Map<string, number>> {
  const { rows } = await admin.query<{ invoice: string; n: number }>(
    `select e.payload ->> 'invoice' as invoice, count(*)::int as n from lib_event.event e
      where e.payload ->> 'tag' = $1 group by 1`, [tag]);
  return new Map(rows.map((row) => [row.invoice, row.n]));
}

export const overloadSection: Section = async (context: BenchContext): Promise<SectionResult> => {
  const admin = new pg.Client({ connectionString: context.adminUrl });
  await admin.connect();
  const pool = new pg.Pool({ connectionString: context.adminUrl, max: producerCount });
  // Dropping the benchmark's database at the end ends a connection still closing: expected.
  pool.on('error', () => {});
  const sequencer = startBenchSequencer(context.adminUrl);
  const tag = `overload-${randomBytes(4).toString('hex')}`;
  const seconds = context.seconds * 20;
  try {
    await admin.query('update lib_event.backlog_bound set max_events = $1, max_seconds = $2, refresh_ms = 500', [bound.maxEvents, bound.maxSeconds]);
    context.log(`overload: ${producerCount} producer clients flat out for ${seconds} s, backlog bound ${bound.maxSeconds} s / ${fmt(bound.maxEvents)} events`);
    const producers = Array.from({ length: producerCount }, () => createProducer({ transport: sqlTransport(pool), overflow: 'wait' }));
    const acknowledged: string[] = [];
    let recorded = 0;
    let refused = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(producers.map(async (producer, p) => {
      for (let n = 0; performance.now() < deadline; n += 1) {
        const payload: Record<string, unknown> = { ...samplePayload(p, n), tag };
        const receipt = producer.record({ event_type: 'billing.invoice.paid', payload });
        recorded += 1;
        const settled = receipt.then(() => { acknowledged.push(payload['invoice'] as string); }, () => { refused += 1; });
        // Flat out, with at most 1,000 events of each producer not yet durable.
        if (n % 1000 === 999) await settled;
      }
      await producer.close({ timeoutMs: 120_000 });
    }));
    const elapsed = (performance.now() - started) / 1000;
    const retried = producers.reduce((sum, producer) => sum + producer.stats().retried, 0);
    // Everything sequenced, then: exactly once, and the time from commit to position.
    while ((await admin.query<{ n: string }>(`select count(*) as n from lib_event.event e
      where e.payload ->> 'tag' = $1 and not exists (select from lib_event.log_entry l where l.event__id = e.event__id)`, [tag])).rows[0]?.n !== '0') {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { rows: [figures] } = await admin.query<Positioned>(
      `select count(*)::int as events, count(distinct (e.payload ->> 'invoice'))::int as distinct_n,
              percentile_cont(0.5) within group (order by extract(epoch from l.sequenced_at - e.created_at) * 1000) as p50_ms,
              percentile_cont(0.99) within group (order by extract(epoch from l.sequenced_at - e.created_at) * 1000) as p99_ms,
              max(extract(epoch from l.sequenced_at - e.created_at) * 1000)::float8 as max_ms,
              (count(*) / greatest(extract(epoch from max(l.sequenced_at) - min(l.sequenced_at)), 0.001))::float8 as placed_per_s
         from lib_event.event e join lib_event.log_entry l on l.event__id = e.event__id where e.payload ->> 'tag' = $1`, [tag]);
    const inLog = await invoicesInLog(admin, tag);
    const missing = acknowledged.filter((invoice) => !inLog.has(invoice)).length;
    const twice = [...inLog.values()].filter((n) => n > 1).length;
    const once = missing === 0 && twice === 0;
    const p99 = figures?.p99_ms ?? Number.NaN;
    const placedPerSecond = figures?.placed_per_s ?? Number.NaN;
    // Admitted before the bound refuses, the backlog waits for the sequencer: lag can reach max_seconds plus max_events over its rate.
    const worstLagSeconds = bound.maxSeconds + bound.maxEvents / placedPerSecond;
    const eventsForBound = Math.round(placedPerSecond * bound.maxSeconds);
    const why = p99 < bound.maxSeconds * 1000
      ? `under the bound: the sequencer placed ${fmt(placedPerSecond)} events/s beside the producers and the backlog stayed below what ${bound.maxSeconds} s of placing clears (${fmt(eventsForBound)} events); by design lag could reach ${bound.maxSeconds} s + ${fmt(bound.maxEvents)} / ${fmt(placedPerSecond)} = ${fmt(worstLagSeconds, 1)} s`
      : `over the bound: the sequencer placed ${fmt(placedPerSecond)} events/s beside the producers; what was admitted before the bound refused waits for it, so lag can reach ${bound.maxSeconds} s + ${fmt(bound.maxEvents)} / ${fmt(placedPerSecond)} = ${fmt(worstLagSeconds, 1)} s; max_events near ${fmt(eventsForBound)} (rate x max_seconds) or a faster sequencer would keep p99 under ${bound.maxSeconds} s`;
    return {
      title: `Overload: ${producerCount} producer clients flat out for ${seconds} s, sequencer running, backlog bound ${bound.maxSeconds} s / ${fmt(bound.maxEvents)} events`,
      columns: ['what', 'value'],
      rows: [
        ['events recorded by the clients', fmt(recorded)],
        ['acknowledged (durable) / refused', `${fmt(acknowledged.length)} / ${fmt(refused)}`],
        ['events/s over the run (close included)', fmt(recorded / elapsed)],
        ['batches sent again (refused by the bound, or failed)', fmt(retried)],
        ['events in the log; acknowledged missing; in it twice', `${fmt(figures?.events ?? 0)}; ${fmt(missing)}; ${fmt(twice)}`],
        ['sequencer beside the producers, events/s', fmt(placedPerSecond)],
        ['commit to position p50 / p99 / max, ms', `${fmt(figures?.p50_ms ?? Number.NaN)} / ${fmt(p99)} / ${fmt(figures?.max_ms ?? Number.NaN)}`],
      ],
      fields: {
        seconds,
        producers: producerCount,
        bound_max_seconds: bound.maxSeconds,
        bound_max_events: bound.maxEvents,
        recorded,
        acknowledged: acknowledged.length,
        refused,
        retried,
        events_in_log: figures?.events,
        acknowledged_missing: missing,
        in_log_twice: twice,
        exactly_once: once,
        sequencer_events_per_s: Math.round(placedPerSecond),
        position_p50_ms: figures?.p50_ms,
        position_p99_ms: p99,
        position_max_ms: figures?.max_ms,
        worst_lag_s_by_design: Math.round(worstLagSeconds * 10) / 10,
        max_events_for_bound: eventsForBound,
        position_p99_reason: why,
      },
      notes: [
        'Batches are retried with the same idempotency keys; the bound is checked before anything is written.',
        `commit to position: an event's created_at (its recording transaction) to its log entry's sequenced_at; compared against the bound's max_seconds (${bound.maxSeconds} s)`,
        `p99 ${why}`,
      ],
      targets: [
        below(`commit to position p99, under the bound's max_seconds`, p99, bound.maxSeconds * 1000, 'ms'),
        { what: 'every acknowledged event in the log exactly once', target: 'yes', value: once ? 'yes' : 'no', met: once },
      ],
    };
  } finally {
    await sequencer.stop();
    await admin.query('update lib_event.backlog_bound set max_events = 1000000000000, max_seconds = 2000000000');
    await admin.end();
    await pool.end();
  }
};
