import type pg from 'pg';
import {
  asPostgrest, atLeast, fmt, ratio, runProducers, samplePayload, setNotify, storedHeaders,
  type BenchContext, type Section, type SectionResult, type Throughput,
} from './context.ts';
import { createBareTable, createEnvelopeCall, insertEnvelopeCall } from './create-calls.ts';

// The same row, inserted directly into lib_event.event with no envelope: the
// stored headers carry the same standard entries (storedHeaders).
const insertQuery = `insert into lib_event.event
    (event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload)
  select lib_event.uuid_v7(t.at), $1, t.at, t.at, null, $2, 'billing', $3, $4 from (select clock_timestamp() as at) t`;

function insertCall() {
  return async (client: pg.Client, producer: number, call: number) => {
    const key = `invoice:${producer}-${call}`;
    await client.query(insertQuery, ['billing.invoice.paid', key, storedHeaders(key), JSON.stringify(samplePayload(producer, call))]);
  };
}

const line = (label: string, producers: number, t: Throughput, vs?: Throughput): (string | number)[] => [
  label, producers, fmt(t.eventsPerSecond), fmt(t.p50Ms, 2), fmt(t.p99Ms, 2), vs ? fmt(ratio(t.eventsPerSecond, vs.eventsPerSecond), 2) : '',
];

/**
 * create as PostgREST calls it vs the same envelope around an INSERT into a
 * bare table (the target), and vs a raw single-row INSERT, with and without
 * the NOTIFY trigger.
 */
export const createVsInsert: Section = async (context): Promise<SectionResult> => {
  const rows: (string | number)[][] = [];
  const perProducers: Record<number, Record<string, number>> = {};
  const notes: string[] = [];
  await createBareTable(context.adminUrl);
  for (const producers of context.producers) {
    const results: Record<string, Throughput> = {};
    context.log(`create vs insert: ${producers} producer(s), the same envelope`);
    results.envelope_insert = await runProducers(context.authenticatorUrl, producers, context.seconds, 1, insertEnvelopeCall(context));
    for (const notify of ['statement', 'off'] as const) {
      await setNotify(context.adminUrl, notify);
      context.log(`create vs insert: ${producers} producer(s), notify ${notify}`);
      results[`create_${notify}`] = await runProducers(context.authenticatorUrl, producers, context.seconds, 1, createEnvelopeCall(context));
      results[`insert_${notify}`] = await runProducers(context.adminUrl, producers, context.seconds, 1, insertCall());
    }
    await setNotify(context.adminUrl, 'statement');
    const { create_statement: create, insert_statement: insert, create_off: createOff, insert_off: insertOff, envelope_insert: enveloped } =
      results as Record<'create_statement' | 'insert_statement' | 'create_off' | 'insert_off' | 'envelope_insert', Throughput>;
    rows.push(line('INSERT into a bare table, same envelope', producers, enveloped));
    rows.push(line('create + notify vs that', producers, create, enveloped));
    rows.push(line('raw INSERT + notify (no envelope)', producers, insert));
    rows.push(line('create + notify vs raw INSERT', producers, create, insert));
    rows.push(line('raw INSERT, no notify', producers, insertOff));
    rows.push(line('create, no notify vs raw INSERT', producers, createOff, insertOff));
    perProducers[producers] = {
      create_vs_insert: ratio(create.eventsPerSecond, enveloped.eventsPerSecond),
      create_per_s: Math.round(create.eventsPerSecond),
      create_p50_ms: create.p50Ms,
      create_p99_ms: create.p99Ms,
      insert_envelope_per_s: Math.round(enveloped.eventsPerSecond),
      insert_envelope_p50_ms: enveloped.p50Ms,
      insert_envelope_p99_ms: enveloped.p99Ms,
      create_vs_raw_insert: ratio(create.eventsPerSecond, insert.eventsPerSecond),
      insert_per_s: Math.round(insert.eventsPerSecond),
      insert_p50_ms: insert.p50Ms,
      insert_p99_ms: insert.p99Ms,
      create_no_notify_per_s: Math.round(createOff.eventsPerSecond),
      insert_no_notify_per_s: Math.round(insertOff.eventsPerSecond),
      create_vs_insert_no_notify: ratio(createOff.eventsPerSecond, insertOff.eventsPerSecond),
    };
  }

  // Where create's time goes, at 1 producer: the PostgREST envelope alone
  // (same transaction, settings and pre-request, main query `select 1`) and
  // create called as plain SQL (one autocommit statement, no envelope).
  context.log('create vs insert: where the time goes (1 producer)');
  const envelope = await runProducers(context.authenticatorUrl, 1, context.seconds, 1, async (client) => {
    await asPostgrest(client, { method: 'POST', path: '/rpc/create', apiKey: context.producerKey, text: 'select 1' });
  });
  const plainSql = await runProducers(context.adminUrl, 1, context.seconds, 1, async (client, producer, call) => {
    await client.query(`select lib_events.create('billing.invoice.paid', $1::jsonb, '{"actor":"ada"}', null, null, $2)`,
      [JSON.stringify(samplePayload(producer, call)), `invoice:${producer}-${call}`]);
  });
  rows.push(line('PostgREST envelope only (select 1)', 1, envelope));
  rows.push(line('create as one SQL statement', 1, plainSql));
  notes.push(
    `At 1 producer a create call waits ${fmt(envelope.p50Ms, 2)} ms (p50) for the PostgREST envelope alone ` +
      `(BEGIN, settings, pre-request with the API-key lookup, COMMIT: 5 round trips) and ` +
      `${fmt(plainSql.p50Ms, 2)} ms for create as one autocommitted statement.`,
  );
  return {
    title: 'create (as PostgREST calls it) vs an INSERT in the same envelope, and vs a raw single-row INSERT',
    columns: ['what', 'producers', 'events/s', 'p50 ms', 'p99 ms', 'ratio'],
    rows,
    perProducers,
    fields: {
      envelope_only_per_s: Math.round(envelope.eventsPerSecond),
      envelope_only_p50_ms: envelope.p50Ms,
      create_plain_sql_per_s: Math.round(plainSql.eventsPerSecond),
      create_plain_sql_p50_ms: plainSql.p50Ms,
    },
    notes,
    targets: Object.entries(perProducers).map(([producers, f]) =>
      atLeast(`create vs an INSERT in the same envelope, both notifying, ${producers} producer(s)`, f.create_vs_insert as number, 0.8)),
  };
};
