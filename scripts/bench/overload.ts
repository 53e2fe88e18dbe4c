import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createProducer, sqlTransport } from '../client/producer.ts';
import { below, fmt, samplePayload, startBenchSequencer, type BenchContext, type Section, type SectionResult } from './context.ts';

/**
 * Bounded lag under overload: 16 producer clients record flat out for
 * 10 x --seconds (30 s by default) with the sequencer running and the
 * backlog bounded at 5 s, then close. Figures: what they recorded, how many
 * batches the bound refused (and were sent again), commit-to-position p99,
 * and whether every event is in the log exactly once.
 */
export const overloadSection: Section = async (context: BenchContext): Promise<SectionResult> => {
  const boundSeconds = 5;
  const admin = new pg.Client({ connectionString: context.adminUrl });
  await admin.connect();
  const pool = new pg.Pool({ connectionString: context.adminUrl, max: 16 });
  // Dropping the benchmark's database at the end ends a connection still closing: expected.
  pool.on('error', () => {});
  const sequencer = startBenchSequencer(context.adminUrl);
  const tag = `overload-${randomBytes(4).toString('hex')}`;
  const seconds = context.seconds * 10;
  try {
    await admin.query('update lib_event.backlog_bound set max_events = 50000, max_seconds = $1, refresh_ms = 500', [boundSeconds]);
    context.log(`overload: 16 producer clients flat out for ${seconds} s, backlog bound ${boundSeconds} s`);
    const producers = Array.from({ length: 16 }, () => createProducer({ transport: sqlTransport(pool), overflow: 'wait' }));
    const started = performance.now();
    const deadline = started + seconds * 1000;
    let recorded = 0;
    await Promise.all(producers.map(async (producer, p) => {
      for (let n = 0; performance.now() < deadline; n += 1) {
        const receipt = producer.record({ event_type: 'billing.invoice.paid', payload: { ...samplePayload(p, n), tag } });
        recorded += 1;
        // Flat out, with at most 1,000 events of each producer not yet durable.
        if (n % 1000 === 999) await receipt;
        else receipt.catch(() => {});
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
    const { rows: [figures] } = await admin.query<{ events: string; distinct_n: string; p50_ms: number; p99_ms: number }>(
      `select count(*) as events, count(distinct (e.payload ->> 'invoice')) as distinct_n,
              percentile_cont(0.5) within group (order by extract(epoch from l.sequenced_at - e.created_at) * 1000) as p50_ms,
              percentile_cont(0.99) within group (order by extract(epoch from l.sequenced_at - e.created_at) * 1000) as p99_ms
         from lib_event.event e join lib_event.log_entry l on l.event__id = e.event__id where e.payload ->> 'tag' = $1`, [tag]);
    const events = Number(figures?.events);
    const once = events === recorded && Number(figures?.distinct_n) === recorded;
    return {
      title: `Overload: 16 producer clients flat out for ${seconds} s, sequencer running, backlog bound ${boundSeconds} s`,
      columns: ['what', 'value'],
      rows: [
        ['events recorded by the clients', fmt(recorded)],
        ['events/s over the run (close included)', fmt(recorded / elapsed)],
        ['batches refused by the bound and sent again', fmt(retried)],
        ['events in the log (each exactly once?)', `${fmt(events)} (${once ? 'yes' : 'NO'})`],
        ['commit to position p50 / p99, ms', `${fmt(figures?.p50_ms ?? Number.NaN)} / ${fmt(figures?.p99_ms ?? Number.NaN)}`],
      ],
      fields: { recorded, retried, events_in_log: events, exactly_once: once, position_p50_ms: figures?.p50_ms, position_p99_ms: figures?.p99_ms },
      notes: ['Batches are retried with the same idempotency keys; the bound is checked before anything is written.'],
      targets: [
        below('commit to position p99, under the bound', figures?.p99_ms ?? Number.NaN, boundSeconds * 1000, 'ms'),
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
