import { rmSync } from 'node:fs';
import pg from 'pg';
import { createProducer, type Producer, type Transport } from '../client/producer.ts';
import { copyEvents, copyFile, letCopyAssignIds } from './batch-vs-copy.ts';
import { asPostgrest, atLeast, below, createManyQuery, createQuery, fmt, ratio, runProducers, samplePayload, type BenchContext, type Section, type SectionResult } from './context.ts';

// The producer client at 16 concurrent producers, each recording single
// events as fast as it can, its batches sent as PostgREST runs POST
// /rpc/create_many; against COPY in the same run. Then the fair baseline for
// one call: create through the PostgREST envelope vs an INSERT into a bare
// table through the same envelope (what PostgREST gives for POST /table).

const producerCount = 16;
const targets_ = { vsCopy: 0.5, recordP99Us: 50, durableP99Ms: 100, createVsEnvelopeInsert: 0.8 };


/** A transport that runs each batch as PostgREST runs POST /rpc/create_many (one connection per producer). */
function envelopeTransport(client: pg.Client, apiKey: string): Transport {
  return {
    async send(events) {
      const row = (await asPostgrest(client, {
        method: 'POST', path: '/rpc/create_many', apiKey, text: createManyQuery, values: [JSON.stringify({ events })],
      })) as { body: never[] };
      return { ok: true, receipts: row.body };
    },
  };
}

/**
 * 16 producers recording single events for context.seconds. Unpaced, each
 * records as a busy service would: without waiting, up to 1000 events not
 * yet durable, then it waits for the oldest. Paced, together they offer
 * `perSecond` events a second, evenly.
 */
async function runClientProducers(context: BenchContext, perSecond?: number): Promise<{ events: number; seconds: number; producers: Producer[] }> {
  const clients = await Promise.all(Array.from({ length: producerCount }, async () => {
    const client = new pg.Client({ connectionString: context.authenticatorUrl });
    await client.connect();
    return client;
  }));
  const producers = clients.map((client) => createProducer({ transport: envelopeTransport(client, context.producerKey) }));
  let events = 0;
  const started = performance.now();
  const deadline = started + context.seconds * 1000;
  await Promise.all(producers.map(async (producer, p) => {
    const outstanding: Promise<unknown>[] = [];
    for (let call = 0; performance.now() < deadline; call += 1) {
      if (perSecond !== undefined) {
        const due = ((call + 1) * producerCount * 1000) / perSecond;
        const wait = started + due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      outstanding.push(producer.record({ event_type: 'billing.invoice.paid', payload: samplePayload(p, call), headers: { actor: 'ada' } }));
      events += 1;
      if (outstanding.length >= 1000) await outstanding.shift();
      else if (perSecond === undefined && call % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(outstanding);
  }));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(producers.map((producer) => producer.close()));
  await Promise.all(clients.map((client) => client.end()));
  return { events, seconds, producers };
}

const bareTable = `create table if not exists bench.bare_event (
  event__id uuid primary key default gen_random_uuid(), event_type text, occurred_at timestamptz default now(),
  created_at timestamptz default now(), partition_key text, consumer text default 'billing', headers jsonb, payload jsonb)`;

/** The bare table an envelope INSERT writes to, insertable by producers. */
async function createBareTable(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('create schema if not exists bench');
  await admin.query(bareTable);
  await admin.query('grant usage on schema bench to lib_event_producer; grant insert on bench.bare_event to lib_event_producer');
  await admin.end();
}

/**
 * COPY of a 1000-row file into lib_event.event by producerCount connections:
 * the rate the client is held against. The same file and column list as the
 * batch_vs_copy section (copyFile, copyEvents): the rows as create_many
 * stores them, created_at and the id assigned by the column defaults.
 */
async function copyThroughput(context: BenchContext) {
  await letCopyAssignIds(context.adminUrl);
  const file = copyFile(1000);
  try {
    return await runProducers(context.adminUrl, producerCount, context.seconds, 1000, (client) => copyEvents(client, file));
  } finally {
    rmSync(file, { force: true });
  }
}

/** create through the PostgREST envelope, then an INSERT into the bare table through the same envelope, at `producers`. */
async function createVsEnvelopeInsert(context: BenchContext, producers: number) {
  const body = (p: number, call: number) => JSON.stringify({ event_type: 'billing.invoice.paid', payload: samplePayload(p, call), headers: { actor: 'ada' } });
  const create = await runProducers(context.authenticatorUrl, producers, context.seconds, 1, async (client, p, call) => {
    await asPostgrest(client, {
      method: 'POST', path: '/rpc/create', apiKey: context.producerKey,
      text: createQuery,
      values: [body(p, call)],
    });
  });
  const bare = await runProducers(context.authenticatorUrl, producers, context.seconds, 1, async (client, p, call) => {
    // What PostgREST runs for POST /bare_event: the envelope, then an INSERT from the JSON body.
    await asPostgrest(client, {
      method: 'POST', path: '/bare_event', apiKey: context.producerKey,
      text: `insert into bench.bare_event (event_type, headers, payload)
             select event_type, headers, payload from json_populate_record(null::bench.bare_event, $1::json)`,
      values: [body(p, call)],
    });
  });
  return { create, bare };
}

export const producerSection: Section = async (context): Promise<SectionResult> => {
  await createBareTable(context.adminUrl);

  context.log(`producer: ${producerCount} producers through the client, as fast as they can`);
  const run = await runClientProducers(context);
  const perSecond = run.events / run.seconds;
  const recordP99 = Math.max(...run.producers.map((p) => p.stats().enqueueP99Us));
  // Latency means something below saturation: the same producers at half the rate they reached.
  context.log(`producer: the same at half that rate, ${Math.round(perSecond / 2)} events/s`);
  const paced = await runClientProducers(context, perSecond / 2);
  const durableP99 = Math.max(...paced.producers.map((p) => p.stats().commitP99Ms));
  const copy = await copyThroughput(context);

  const rows: (string | number)[][] = [
    ['client, 16 producers, events/s', fmt(perSecond), fmt(ratio(perSecond, copy.eventsPerSecond), 2)],
    ['COPY 1000 rows, 16 producers, events/s', fmt(copy.eventsPerSecond), ''],
    ['record() p99, µs', fmt(recordP99, 1), ''],
    ['enqueue to durable p99 at half that rate, ms', fmt(durableP99, 1), ''],
  ];
  const targets = [
    atLeast('client vs COPY, 16 producers', ratio(perSecond, copy.eventsPerSecond), targets_.vsCopy),
    below('record() p99', recordP99, targets_.recordP99Us, 'µs'),
    below('enqueue to durable p99 at half the saturation rate', durableP99, targets_.durableP99Ms, 'ms'),
  ];
  const perProducers: Record<number, Record<string, number>> = {};
  for (const producers of context.producers) {
    context.log(`producer: create vs envelope INSERT, ${producers} producer(s)`);
    const { create, bare } = await createVsEnvelopeInsert(context, producers);
    const r = ratio(create.eventsPerSecond, bare.eventsPerSecond);
    perProducers[producers] = { create_vs_envelope_insert: r };
    rows.push([`create / envelope INSERT, ${producers} producer(s), events/s`, `${fmt(create.eventsPerSecond)} / ${fmt(bare.eventsPerSecond)}`, fmt(r, 2)]);
    targets.push(atLeast(`create vs envelope INSERT, ${producers} producer(s)`, r, targets_.createVsEnvelopeInsert));
  }
  return {
    title: 'Producer client: 16 producers recording single events; create vs an INSERT through the same PostgREST envelope',
    columns: ['what', 'figure', 'ratio'],
    rows,
    perProducers,
    targets,
    fields: {
      producers: producerCount,
      events_per_s: Math.round(perSecond),
      copy_events_per_s: Math.round(copy.eventsPerSecond),
      vs_copy: ratio(perSecond, copy.eventsPerSecond),
      record_p99_us: Math.round(recordP99 * 10) / 10,
      durable_p99_ms: Math.round(durableP99 * 10) / 10,
    },
    notes: [
      'one process, 2 cores shared with PostgreSQL; each producer keeps up to 1000 events not yet durable and sends batches as POST /rpc/create_many through the envelope',
      'the 4-process variant is not measured: this machine has 2 cores',
    ],
  };
};
