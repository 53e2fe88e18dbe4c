import type pg from 'pg';
import {
  asPostgrest, atLeast, fmt, ratio, runProducers, samplePayload, setNotify, storedHeaders,
  type BenchContext, type Section, type SectionResult, type Throughput,
} from './context.ts';
import { callQuery } from '../postgrest-envelope.ts';

// POST /rpc/create with a JSON object body, as PostgREST binds it.
const createQuery = callQuery('create', {
  kind: 'json',
  array: false,
  params: [
    { name: 'event_type', type: 'text' }, { name: 'payload', type: 'jsonb' },
    { name: 'headers', type: 'jsonb' }, { name: 'partition_key', type: 'text' },
  ],
}, { set: false, composite: true, alias: 'event_receipt' });

// The same row, inserted directly: the stored headers carry the same
// standard entries (storedHeaders).
const insertQuery = `insert into lib_event.event
    (event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload)
  select lib_event.uuid_v7(t.at), $1, t.at, t.at, null, $2, 'billing', $3, $4 from (select clock_timestamp() as at) t`;

function createCall(context: BenchContext) {
  return async (client: pg.Client, producer: number, call: number) => {
    await asPostgrest(client, {
      method: 'POST',
      path: '/rpc/create',
      apiKey: context.producerKey,
      text: createQuery,
      values: [JSON.stringify({
        event_type: 'billing.invoice.paid',
        payload: samplePayload(producer, call),
        headers: { actor: 'ada' },
        partition_key: `invoice:${producer}-${call}`,
      })],
    });
  };
}

function insertCall() {
  return async (client: pg.Client, producer: number, call: number) => {
    const key = `invoice:${producer}-${call}`;
    await client.query(insertQuery, ['billing.invoice.paid', key, storedHeaders(key), JSON.stringify(samplePayload(producer, call))]);
  };
}

const line = (label: string, producers: number, t: Throughput, vs?: Throughput): (string | number)[] => [
  label, producers, fmt(t.eventsPerSecond), fmt(t.p50Ms, 2), fmt(t.p99Ms, 2), vs ? fmt(ratio(t.eventsPerSecond, vs.eventsPerSecond), 2) : '',
];

/** create as PostgREST calls it vs a raw single-row INSERT, with and without the NOTIFY trigger. */
export const createVsInsert: Section = async (context): Promise<SectionResult> => {
  const rows: (string | number)[][] = [];
  const perProducers: Record<number, Record<string, number>> = {};
  const notes: string[] = [];
  for (const producers of context.producers) {
    const results: Record<string, Throughput> = {};
    for (const notify of ['statement', 'off'] as const) {
      await setNotify(context.adminUrl, notify);
      context.log(`create vs insert: ${producers} producer(s), notify ${notify}`);
      results[`create_${notify}`] = await runProducers(context.authenticatorUrl, producers, context.seconds, 1, createCall(context));
      results[`insert_${notify}`] = await runProducers(context.adminUrl, producers, context.seconds, 1, insertCall());
    }
    await setNotify(context.adminUrl, 'statement');
    const { create_statement: create, insert_statement: insert, create_off: createOff, insert_off: insertOff } =
      results as Record<'create_statement' | 'insert_statement' | 'create_off' | 'insert_off', Throughput>;
    rows.push(line('INSERT + notify', producers, insert));
    rows.push(line('create + notify', producers, create, insert));
    rows.push(line('INSERT, no notify', producers, insertOff));
    rows.push(line('create, no notify', producers, createOff, insertOff));
    rows.push(line('create + notify vs INSERT no notify', producers, create, insertOff));
    perProducers[producers] = {
      create_vs_insert: ratio(create.eventsPerSecond, insert.eventsPerSecond),
      create_per_s: Math.round(create.eventsPerSecond),
      create_p50_ms: create.p50Ms,
      create_p99_ms: create.p99Ms,
      insert_per_s: Math.round(insert.eventsPerSecond),
      insert_p50_ms: insert.p50Ms,
      insert_p99_ms: insert.p99Ms,
      create_no_notify_per_s: Math.round(createOff.eventsPerSecond),
      insert_no_notify_per_s: Math.round(insertOff.eventsPerSecond),
      create_vs_insert_no_notify: ratio(createOff.eventsPerSecond, insertOff.eventsPerSecond),
      create_vs_insert_without_its_notify: ratio(create.eventsPerSecond, insertOff.eventsPerSecond),
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
    title: 'create (as PostgREST calls it) vs raw single-row INSERT',
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
      atLeast(`create vs INSERT, both notifying, ${producers} producer(s)`, f.create_vs_insert as number, 0.8)),
  };
};
