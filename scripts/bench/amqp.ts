/**
 * Benchmark section: RabbitMQ (AMQP_URL, else guest on 127.0.0.1:5672).
 *
 * - Fan-out: the bridge (scripts/broker/amqp-bridge.ts) publishing events recorded
 *   beforehand to a topic exchange, with publisher confirms, a subscriber's
 *   queue bound to '#': events/s until all are confirmed. Then, caught up,
 *   the lag from an event's commit returning to the subscriber receiving it.
 * - A producer publishing one event to a durable queue and waiting for the
 *   broker's confirm, beside create through the PostgREST envelope: the
 *   latency of each, over the same number of events.
 * - The ingest loader (scripts/broker/amqp-ingest.ts) recording a queue filled
 *   beforehand, against a COPY of as many rows.
 *
 * Everything it declares on the broker has a name of its own and is deleted
 * afterwards. Without a broker the section is skipped, with one line saying why.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import amqp from 'amqplib';
import pg from 'pg';
import { followPageQuery, startBridge, type BridgeHandle } from '../broker/amqp-bridge.ts';
import { startIngest } from '../broker/amqp-ingest.ts';
import { maskedUrl } from '../database/login-secrets.ts';
import { batchBody, copyEvents, copyFile, letCopyAssignIds } from './batch-vs-copy.ts';
import {
  asPostgrest, atLeast, createQuery, fmt, percentile, ratio, samplePayload, startBenchSequencer,
  type BenchContext, type Section, type SectionResult,
} from './context.ts';

const counts = { fanOut: 20_000, lag: 500, confirms: 2_000, loader: 20_000 };
/** Events per create_many call before the fan-out, and per bridge page. */
const pageSize = 500;
/** Between two events of the lag run: far enough apart that each is read on its own. */
const lagSpacingMs = 5;
const targets_ = { fanOutPerSecond: 10_000, loaderVsCopy: 0.4 };

const title = 'RabbitMQ: fan-out bridge, publish with confirm vs create, ingest loader vs COPY';
const columns = ['what', 'figure', 'ratio'];

interface Broker {
  url: string;
  connection: amqp.ChannelModel;
  /** Declarations, deletions and every publish of this section. */
  channel: amqp.ConfirmChannel;
  /** The connection's user: RabbitMQ accepts no other user_id on a message. */
  user: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const twoDecimals = (value: number) => Math.round(value * 100) / 100;
const p50p99 = (sorted: number[]) => `${fmt(percentile(sorted, 50), 2)} / ${fmt(percentile(sorted, 99), 2)}`;
/** A name no one else on the broker uses. */
const uniqueName = (what: string) => `lib_event.bench.${what}.${process.pid}.${randomBytes(3).toString('hex')}`;

/** Wait until `condition` holds, polling; throw after `ms`. */
async function until(what: string, condition: () => boolean, ms = 120_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`amqp: timed out waiting until ${what}`);
    await sleep(2);
  }
}

/** Run `operation` `count` times, one after the other: the latencies in ms, sorted. */
async function latencies(count: number, operation: (i: number) => Promise<unknown>): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await operation(i);
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b);
}

async function withClient<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The arguments of create as a JSON object: the body of POST /rpc/create and of an ingest message. */
const createBody = (i: number) => JSON.stringify({ event_type: 'billing.invoice.paid', payload: samplePayload(2, i), headers: { actor: 'ada' } });

/** One event to `queue` as a producer of the ingest queue publishes it (not yet confirmed). */
function sendEvent(broker: Broker, queue: string, i: number): void {
  broker.channel.sendToQueue(queue, Buffer.from(createBody(i)), {
    persistent: true, contentType: 'application/json', messageId: randomUUID(), userId: broker.user,
  });
}

async function connectBroker(url: string): Promise<Broker | Error> {
  try {
    const connection = await amqp.connect(url, { timeout: 5000 });
    connection.on('error', () => {});
    const channel = await connection.createConfirmChannel();
    // A failed operation rejects its own promise; unheard, the event would end the process.
    channel.on('error', () => {});
    return { url, connection, channel, user: decodeURIComponent(new URL(url).username) || 'guest' };
  } catch (error) {
    return error as Error;
  }
}

/** A queue bound to every routing key of `exchange`, stamping each message id with the moment it arrived. */
async function listenOn(broker: Broker, exchange: string) {
  // Declared as the bridge declares it, and bound before the bridge starts: the queue gets every event.
  await broker.channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await broker.channel.assertQueue('', { exclusive: true });
  await broker.channel.bindQueue(queue, exchange, '#');
  const subscriber = await broker.connection.createChannel();
  const arrivals = new Map<string, number>();
  await subscriber.consume(queue, (message) => {
    if (message) arrivals.set(message.properties.messageId as string, performance.now());
  }, { noAck: true });
  return {
    arrivals,
    async close() {
      await subscriber.close();
      await broker.channel.deleteQueue(queue);
      await broker.channel.deleteExchange(exchange);
    },
  };
}

/** `count` events through lib_events.create_many over SQL, pageSize a call. */
async function recordBatches(admin: pg.Client, count: number): Promise<void> {
  for (let call = 0; call * pageSize < count; call++) {
    await admin.query('select count(*) from lib_events.create_many($1::jsonb)', [batchBody(Math.min(pageSize, count - call * pageSize), 0, call)]);
  }
}

/** Events created one at a time, each stamped when its commit returned: ms until the subscriber had each, sorted. */
async function commitToReceipt(admin: pg.Client, arrivals: Map<string, number>): Promise<number[]> {
  const committedAt = new Map<string, number>();
  for (let i = 0; i < counts.lag; i++) {
    const { rows } = await admin.query<{ event__id: string }>(
      `select event__id from lib_events.create('billing.invoice.paid', $1::jsonb, '{"actor":"ada"}')`, [JSON.stringify(samplePayload(1, i))]);
    committedAt.set(rows[0]?.event__id as string, performance.now());
    await sleep(lagSpacingMs);
  }
  await until('the subscriber has every event of the lag run', () => [...committedAt.keys()].every((id) => arrivals.has(id)), 30_000);
  return [...committedAt].map(([id, at]) => (arrivals.get(id) as number) - at).sort((a, b) => a - b);
}

/** The bridge's default bound of messages published and not yet confirmed. */
const bridgeUnconfirmed = 2000;

interface FanOutParts {
  /** Reading the same events with follow, pages as the bridge reads them, nothing published. */
  readPerSecond: number;
  /** Publishing the same messages with confirms, at most bridgeUnconfirmed unconfirmed, nothing read. */
  publishPerSecond: number;
}

/**
 * The bridge's two halves alone, on the events it just published: the
 * database side (follow pages of pageSize after `cursor`) and the broker
 * side (the same bodies to the same exchange, pipelined as the bridge
 * pipelines them). Pipelined, the bridge can at best reach the slower one.
 */
async function fanOutParts(admin: pg.Client, broker: Broker, exchange: string, cursor: string | null): Promise<FanOutParts> {
  const pages: { event__id: string; event_type: string; cursor: string; body: string }[][] = [];
  const readStarted = performance.now();
  for (let from = cursor, read = 0; read < counts.fanOut;) {
    const { rows: page } = await admin.query<{ event__id: string; event_type: string; cursor: string; body: string }>(followPageQuery, [from, pageSize]);
    if (page.length === 0) break;
    pages.push(page);
    read += page.length;
    from = page.at(-1)?.cursor as string;
  }
  const readPerSecond = counts.fanOut / ((performance.now() - readStarted) / 1000);
  const bodies = pages.map((page) => page.map((event) => ({ event, body: Buffer.from(event.body) })));
  const publishStarted = performance.now();
  let unconfirmed = 0;
  for (const page of bodies) {
    if (unconfirmed + page.length > bridgeUnconfirmed) {
      await broker.channel.waitForConfirms();
      unconfirmed = 0;
    }
    for (const { event, body } of page) {
      broker.channel.publish(exchange, event.event_type, body, { persistent: true, messageId: event.event__id, contentType: 'application/json' });
    }
    unconfirmed += page.length;
  }
  await broker.channel.waitForConfirms();
  return { readPerSecond, publishPerSecond: counts.fanOut / ((performance.now() - publishStarted) / 1000) };
}

/** The bridge publishing counts.fanOut events recorded beforehand; then, caught up, the commit-to-receipt lag. */
async function fanOut(context: BenchContext, broker: Broker): Promise<{ perSecond: number; lags: number[]; parts: FanOutParts }> {
  const exchange = uniqueName('fanout');
  const name = `bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const listener = await listenOn(broker, exchange);
  const admin = new pg.Client({ connectionString: context.adminUrl });
  await admin.connect();
  const sequencer = startBenchSequencer(context.adminUrl);
  let bridge: BridgeHandle | undefined;
  try {
    // Other sections may have filled the log already: the bridge's cursor
    // starts at the head, so 'beginning' means the events recorded here.
    const { rows: [head] } = await admin.query<{ cursor: string }>(
      'insert into lib_event.bridge_cursor (bridge, cursor) values ($1, lib_events.follow_head()) returning cursor', [name]);
    await recordBatches(admin, counts.fanOut);
    // Placed before the bridge starts, so the fan-out times the bridge alone.
    await sequencer.checkpoint(Number(head?.cursor) + counts.fanOut);
    const started = performance.now();
    const running = startBridge({
      databaseUrl: context.adminUrl, amqpUrl: broker.url, name, exchange, from: 'beginning', pageSize,
      onError: (error) => context.log(`amqp: bridge: ${error.message}`),
    });
    bridge = running;
    await until('the bridge has every event confirmed', () => running.published >= counts.fanOut);
    const perSecond = counts.fanOut / ((performance.now() - started) / 1000);
    // Caught up on both sides before the lag run, or it would time the backlog.
    await until('the subscriber has every event', () => listener.arrivals.size >= counts.fanOut);
    context.log(`amqp: commit to receipt, ${counts.lag} events one at a time`);
    const lags = await commitToReceipt(admin, listener.arrivals);
    context.log('amqp: the bridge\'s halves alone: reading the same events, publishing the same messages');
    return { perSecond, lags, parts: await fanOutParts(admin, broker, exchange, head?.cursor ?? null) };
  } finally {
    await bridge?.stop();
    await sequencer.stop();
    await admin.end();
    await listener.close();
  }
}

/** Latency of one event, counts.confirms of each: publish and wait for the confirm; create through the PostgREST envelope. */
async function publishVsCreate(context: BenchContext, broker: Broker): Promise<{ publish: number[]; create: number[] }> {
  const queue = uniqueName('confirm');
  await broker.channel.assertQueue(queue, { durable: true });
  try {
    const publish = await latencies(counts.confirms, async (i) => {
      sendEvent(broker, queue, i);
      await broker.channel.waitForConfirms();
    });
    const create = await withClient(context.authenticatorUrl, (client) => latencies(counts.confirms, (i) => asPostgrest(client, {
      method: 'POST', path: '/rpc/create', apiKey: context.producerKey, text: createQuery, values: [createBody(i)],
    })));
    return { publish, create };
  } finally {
    await broker.channel.deleteQueue(queue);
  }
}

/** Seconds the loader takes to record counts.loader events queued beforehand. */
async function loaderSeconds(context: BenchContext, broker: Broker): Promise<number> {
  const queue = uniqueName('ingest');
  await broker.channel.assertQueue(queue, { durable: true });
  const deadLetterQueue = `${queue}.dead`;
  try {
    for (let i = 0; i < counts.loader; i++) {
      sendEvent(broker, queue, i);
      // Confirmed a thousand at a time: the channel's buffer stays small.
      if (i % 1000 === 999 || i === counts.loader - 1) await broker.channel.waitForConfirms();
    }
    await withClient(context.adminUrl, (admin) => admin.query(
      `insert into lib_event.ingest_publisher (amqp_user, consumer) values ($1, 'billing') on conflict (amqp_user) do nothing`, [broker.user]));
    const started = performance.now();
    const loader = startIngest({
      databaseUrl: context.ingestUrl, amqpUrl: broker.url, queue, deadLetterQueue, batchSize: pageSize,
      onError: (error) => context.log(`amqp: loader: ${error.message}`),
    });
    try {
      await until('the loader has taken every message', () => loader.recorded + loader.deadLettered >= counts.loader);
    } finally {
      await loader.stop();
    }
    if (loader.deadLettered > 0) throw new Error(`amqp: the loader dead-lettered ${loader.deadLettered} of the benchmark's messages (see ${deadLetterQueue})`);
    return (performance.now() - started) / 1000;
  } finally {
    await broker.channel.deleteQueue(queue);
    await broker.channel.deleteQueue(deadLetterQueue);
  }
}

/** Seconds one server-side COPY of `count` rows like the loader's takes. */
async function copySeconds(adminUrl: string, count: number): Promise<number> {
  await letCopyAssignIds(adminUrl);
  const file = copyFile(count);
  try {
    return await withClient(adminUrl, async (admin) => {
      const t0 = performance.now();
      await copyEvents(admin, file);
      return (performance.now() - t0) / 1000;
    });
  } finally {
    rmSync(file, { force: true });
  }
}

interface Figures {
  fanOut: { perSecond: number; lags: number[]; parts: FanOutParts };
  confirms: { publish: number[]; create: number[] };
  loaderPerSecond: number;
  copyPerSecond: number;
}

function report({ fanOut: fan, confirms, loaderPerSecond, copyPerSecond }: Figures): SectionResult {
  const publishVsCreate = (p: number) => ratio(percentile(confirms.publish, p), percentile(confirms.create, p));
  const loaderVsCopy = ratio(loaderPerSecond, copyPerSecond);
  // The bridge against each of its halves alone: pipelined, it is bounded by the slower one.
  const readShare = ratio(fan.perSecond, fan.parts.readPerSecond);
  const publishShare = ratio(fan.perSecond, fan.parts.publishPerSecond);
  const slower = fan.parts.readPerSecond < fan.parts.publishPerSecond ? 'reading the log (follow)' : 'publishing with confirms (the broker)';
  const serial = 1 / (1 / fan.parts.readPerSecond + 1 / fan.parts.publishPerSecond);
  return {
    title,
    columns,
    rows: [
      [`bridge fan-out, ${fmt(counts.fanOut)} events recorded beforehand, events/s`, fmt(fan.perSecond), ''],
      [`  reading the same events alone (follow, pages of ${pageSize}), events/s`, fmt(fan.parts.readPerSecond), fmt(readShare, 2)],
      [`  publishing the same messages alone (confirms, ${fmt(bridgeUnconfirmed)} unconfirmed at most), events/s`, fmt(fan.parts.publishPerSecond), fmt(publishShare, 2)],
      [`commit to subscriber receipt through the bridge, ${counts.lag} events, p50 / p99 ms`, p50p99(fan.lags), ''],
      [`publish with confirm, ${fmt(counts.confirms)} one at a time, p50 / p99 ms`, p50p99(confirms.publish), `${fmt(publishVsCreate(50), 2)} / ${fmt(publishVsCreate(99), 2)}`],
      [`create through the PostgREST envelope, ${fmt(counts.confirms)} one at a time, p50 / p99 ms`, p50p99(confirms.create), ''],
      [`ingest loader, ${fmt(counts.loader)} queued events, events/s`, fmt(loaderPerSecond), fmt(loaderVsCopy, 2)],
      [`COPY ${fmt(counts.loader)} rows, events/s`, fmt(copyPerSecond), ''],
    ],
    targets: [
      atLeast('bridge fan-out', Math.round(fan.perSecond), targets_.fanOutPerSecond, ' events/s'),
      atLeast('ingest loader vs COPY', loaderVsCopy, targets_.loaderVsCopy),
    ],
    fields: {
      fan_out_events: counts.fanOut,
      fan_out_events_per_s: Math.round(fan.perSecond),
      fan_out_read_alone_events_per_s: Math.round(fan.parts.readPerSecond),
      fan_out_publish_alone_events_per_s: Math.round(fan.parts.publishPerSecond),
      fan_out_vs_read_alone: readShare,
      fan_out_vs_publish_alone: publishShare,
      fan_out_serial_estimate_events_per_s: Math.round(serial),
      fan_out_bounded_by: slower,
      commit_to_receipt_p50_ms: twoDecimals(percentile(fan.lags, 50)),
      commit_to_receipt_p99_ms: twoDecimals(percentile(fan.lags, 99)),
      publish_confirm_p50_ms: twoDecimals(percentile(confirms.publish, 50)),
      publish_confirm_p99_ms: twoDecimals(percentile(confirms.publish, 99)),
      create_p50_ms: twoDecimals(percentile(confirms.create, 50)),
      create_p99_ms: twoDecimals(percentile(confirms.create, 99)),
      publish_vs_create_p50: publishVsCreate(50),
      publish_vs_create_p99: publishVsCreate(99),
      loader_events: counts.loader,
      loader_events_per_s: Math.round(loaderPerSecond),
      copy_events_per_s: Math.round(copyPerSecond),
      loader_vs_copy: loaderVsCopy,
    },
    notes: [
      `fan-out: from starting the bridge (connecting included) to the last confirm, pages of ${pageSize}; one subscriber queue bound to #`,
      `fan-out halves: the same ${fmt(counts.fanOut)} events read alone and published alone, after the bridge ran; ratio = the bridge / that half; the slower half here is ${slower}; read then publish one after the other (unpipelined) would give ${fmt(serial)} events/s`,
      `lag: create as one SQL statement every ${lagSpacingMs} ms, from its return to the subscriber's receipt in the same process, through the sequencer and a caught-up bridge (woken by NOTIFY lib_event.sequenced)`,
      'publish with confirm: persistent, to a durable queue, waitForConfirms after each; create: one connection; ratio = publish / create',
      `loader: from starting it (connecting included) to the last of its batches of ${pageSize} committed; COPY: one server-side COPY from a CSV file`,
    ],
  };
}

export const amqpSection: Section = async (context): Promise<SectionResult> => {
  const url = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
  const broker = await connectBroker(url);
  if (broker instanceof Error) {
    const why = `no RabbitMQ at ${maskedUrl(url)} (${broker.message})`;
    return { title, columns, rows: [], fields: { skipped: why }, notes: [`skipped: ${why}; set AMQP_URL to a broker`] };
  }
  try {
    context.log(`amqp: bridge fan-out of ${counts.fanOut} events`);
    const fan = await fanOut(context, broker);
    context.log(`amqp: publish with confirm vs create, ${counts.confirms} each`);
    const confirms = await publishVsCreate(context, broker);
    context.log(`amqp: ingest loader vs COPY, ${counts.loader} events`);
    const loader = await loaderSeconds(context, broker);
    const copy = await copySeconds(context.adminUrl, counts.loader);
    return report({ fanOut: fan, confirms, loaderPerSecond: counts.loader / loader, copyPerSecond: counts.loader / copy });
  } finally {
    await broker.connection.close().catch(() => {});
  }
};
