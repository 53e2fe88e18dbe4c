import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startBridge } from '../../scripts/broker/amqp-bridge.ts';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually } from '../support/eventually.ts';
import { startCuttableLink } from '../support/tcp-cut.ts';

// Against the run's real RabbitMQ (test/support/rabbitmq.ts).
const amqpUrl = inject('amqpUrl');
const broker = amqpUrl ? await amqp.connect(amqpUrl) : new Error(inject('amqpUnavailable'));
const describeBroker = broker instanceof Error ? describe.skip : describe;
if (broker instanceof Error) console.warn(`RabbitMQ fan-out bridge: skipped, ${broker.message}`);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ sequencer: true });
});
afterAll(async () => {
  await db.drop();
  if (!(broker instanceof Error)) await broker.close();
});

interface Received {
  id: string;
  routingKey: string;
  persistent: boolean;
  headers: Record<string, unknown>;
  body: { event__id: string; payload: unknown; cursor: string };
}

/** A queue bound to every routing key of the exchange, collecting what arrives. */
async function consume(exchange: string): Promise<{ received: Received[]; close(): Promise<void> }> {
  const channel = await (broker as amqp.ChannelModel).createChannel();
  await channel.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await channel.assertQueue('', { exclusive: true });
  await channel.bindQueue(queue, exchange, '#');
  const received: Received[] = [];
  await channel.consume(queue, (message) => {
    if (!message) return;
    received.push({
      id: message.properties.messageId as string,
      routingKey: message.fields.routingKey,
      persistent: message.properties.deliveryMode === 2,
      headers: message.properties.headers ?? {},
      body: JSON.parse(message.content.toString()) as Received['body'],
    });
  }, { noAck: true });
  return { received, close: () => channel.close() };
}

/** Events recorded over SQL, in log order: their ids. */
async function record(count: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const { rows } = await db.admin.query<{ event__id: string }>(
      `select event__id from lib_events.create_many($1::jsonb)`,
      [JSON.stringify(Array.from({ length: Math.min(10, count - i) }, (_, j) => ({
        event_type: (i + j) % 2 ? 'billing.invoice.paid' : 'iam.user.created', payload: { tag, n: i + j },
      })))],
    );
    ids.push(...rows.map((row) => row.event__id));
  }
  return ids;
}

describeBroker('the RabbitMQ fan-out bridge', () => {
  it('publishes every event in log order, routed by type, persistent, with its id and headers', async () => {
    const exchange = `lib_event_test_${randomBytes(4).toString('hex')}`;
    const consumer = await consume(exchange);
    const bridge = startBridge({ databaseUrl: db.url, amqpUrl, name: exchange, exchange, from: 'beginning', idleMs: 10 });
    try {
      const ids = await record(300, exchange);
      await eventually('every event arrived', () => ids.every((id) => consumer.received.some((m) => m.id === id)), 30_000);
      const mine = consumer.received.filter((m) => ids.includes(m.id));
      expect(mine.map((m) => m.id)).toEqual(ids);
      for (const message of mine) {
        expect(message.persistent).toBe(true);
        expect(message.routingKey).toBe(message.headers.event_type);
        expect(message.body.event__id).toBe(message.id);
        expect(message.headers).toMatchObject({ event__id: message.id, consumer: 'postgres' });
      }
    } finally {
      await bridge.stop();
      await consumer.close();
    }
    const { rows } = await db.admin.query<{ published: string }>('select published from lib_event.bridge_cursor where bridge = $1', [exchange]);
    expect(Number(rows[0]?.published)).toBeGreaterThanOrEqual(300);
  });

  it('publishes an event whose payload pages defer (over 256 KiB) with its whole payload', async () => {
    const exchange = `lib_event_test_${randomBytes(4).toString('hex')}`;
    const consumer = await consume(exchange);
    const bridge = startBridge({ databaseUrl: db.url, amqpUrl, name: exchange, exchange, from: 'beginning', pollMs: 10 });
    const big = { tag: exchange, text: 'x'.repeat(300 * 1024) };
    try {
      const { rows: [recorded] } = await db.admin.query<{ event__id: string }>(
        `select event__id from lib_events.create('billing.invoice.paid', $1::jsonb)`, [JSON.stringify(big)]);
      const [small] = await record(1, exchange);
      await eventually('both events arrived', () => [recorded?.event__id, small].every((id) => consumer.received.some((m) => m.id === id)), 30_000);
      const message = consumer.received.find((m) => m.id === recorded?.event__id);
      expect(message?.body.payload).toEqual(big);
      expect(consumer.received.filter((m) => m.id === recorded?.event__id || m.id === small).map((m) => m.id)).toEqual([recorded?.event__id, small]);
    } finally {
      await bridge.stop();
      await consumer.close();
    }
  });

  it('publishes the lib_event.event.erased event, so a consumer can erase its copy (the one delivered keeps its content)', async () => {
    const exchange = `lib_event_test_${randomBytes(4).toString('hex')}`;
    const consumer = await consume(exchange);
    const bridge = startBridge({ databaseUrl: db.url, amqpUrl, name: exchange, exchange, from: 'beginning', pollMs: 10 });
    const client = await db.admin.connect();
    try {
      const ids = await record(2, exchange);
      await eventually('the events arrived', () => ids.every((id) => consumer.received.some((m) => m.id === id)), 30_000);
      await client.query('set role lib_event_eraser');
      const { rows: [erased] } = await client.query<{ r: { erasure__id: string } }>(
        `select lib_event.erase('GDPR request', event_ids => $1::uuid[]) as r`, [ids]);
      await client.query('reset role');
      const erasureId = erased?.r.erasure__id as string;
      await eventually('the erasure arrived', () => consumer.received.some((m) => m.id === erasureId), 30_000);
      const erasure = consumer.received.find((m) => m.id === erasureId) as Received;
      expect(erasure.routingKey).toBe('lib_event.event.erased');
      expect(erasure.body.payload).toMatchObject({ reason: 'GDPR request', events: [...ids].sort() });
      // Already delivered: the copies downstream keep the content until they act on the erasure.
      expect(consumer.received.find((m) => m.id === ids[0])?.body.payload).toMatchObject({ tag: exchange });
    } finally {
      await client.query('reset role').catch(() => {});
      client.release();
      await bridge.stop();
      await consumer.close();
    }
  });

  it('never lets two bridges of one name publish together', async () => {
    const exchange = `lib_event_test_${randomBytes(4).toString('hex')}`;
    const consumer = await consume(exchange);
    const options = { databaseUrl: db.url, amqpUrl, name: exchange, exchange, from: 'beginning' as const, idleMs: 10 };
    const twins = [startBridge(options), startBridge(options)];
    try {
      const ids = await record(200, exchange);
      await eventually('every event arrived', () => ids.every((id) => consumer.received.some((m) => m.id === id)), 30_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const mine = consumer.received.filter((m) => ids.includes(m.id));
      expect(mine).toHaveLength(200);
      expect(twins.map((b) => b.published).filter((n) => n > 0)).toHaveLength(1);
    } finally {
      await Promise.all(twins.map((b) => b.stop()));
      await consumer.close();
    }
  });

  it('killed with -9 between publishing and saving its cursor, loses nothing: duplicates only, found by message id', async () => {
    const exchange = `lib_event_test_${randomBytes(4).toString('hex')}`;
    const consumer = await consume(exchange);
    const ids = await record(2000, exchange);
    const run = () => spawn(process.execPath, ['--import', 'tsx', 'scripts/broker/amqp-bridge.ts'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: db.url, AMQP_URL: amqpUrl, BRIDGE_NAME: exchange, BRIDGE_EXCHANGE: exchange, BRIDGE_FROM: 'beginning', BRIDGE_PAGE: '100', BRIDGE_UNCONFIRMED: '200' },
      stdio: 'ignore',
    });
    try {
      const first = run();
      await eventually('the bridge is half way', () => consumer.received.length >= 700, 30_000);
      first.kill('SIGKILL');
      await once(first, 'exit');
      const atKill = consumer.received.length;
      const second = run();
      await eventually('every event arrived', () => ids.every((id) => consumer.received.some((m) => m.id === id)), 30_000);
      second.kill('SIGTERM');
      await once(second, 'exit');
      // From the beginning: this log's earlier events come too, once each.
      const distinct = new Set(consumer.received.map((m) => m.id));
      for (const id of ids) expect(distinct.has(id)).toBe(true);
      // Only what was unconfirmed at the kill comes again: at most BRIDGE_UNCONFIRMED events.
      expect(consumer.received.length - distinct.size).toBeLessThanOrEqual(200);
      expect(atKill).toBeLessThan(2000);
    } finally {
      await consumer.close();
    }
  });

  it('pipelining pages, loses and reorders nothing when its broker connection is cut while pages wait for confirms', async () => {
    const exchange = `lib_event_test_${randomBytes(4).toString('hex')}`;
    const consumer = await consume(exchange);
    // The bridge reaches the broker through a link this test cuts; the subscriber does not.
    const link = await startCuttableLink(amqpUrl as string);
    const ids = await record(3000, exchange);
    const errors: Error[] = [];
    const maxUnconfirmed = 500;
    const bridge = startBridge({
      databaseUrl: db.url, amqpUrl: link.url, name: exchange, exchange, from: 'beginning',
      pageSize: 100, maxUnconfirmed, pollMs: 10, onError: (error) => errors.push(error),
    });
    const mine = () => consumer.received.filter((m) => m.body.payload !== null && (m.body.payload as { tag?: string }).tag === exchange);
    try {
      await eventually('the bridge is a third of the way', () => mine().length >= 1000, 30_000);
      expect(link.cut()).toBeGreaterThan(0);
      await eventually('the bridge is two thirds of the way', () => new Set(mine().map((m) => m.id)).size >= 2000, 30_000);
      expect(link.cut()).toBeGreaterThan(0);
      await eventually('every event arrived', () => ids.every((id) => consumer.received.some((m) => m.id === id)), 60_000);
      await eventually('the cursor is saved after the last event', () => bridge.published >= 3000, 30_000);
    } finally {
      await bridge.stop();
      await link.close();
      await consumer.close();
    }
    expect(errors.length).toBeGreaterThan(0);
    const arrived = mine().map((m) => m.id);
    const firstTimes = [...new Set(arrived)];
    // Each event at least once, and their first arrivals in log order.
    expect(firstTimes).toEqual(ids);
    // Published again after each cut: at most what was unconfirmed then, from the saved cursor on, in order.
    expect(arrived.length - firstTimes.length).toBeLessThanOrEqual(2 * maxUnconfirmed);
    // The saved cursor is the last event's: nothing after it waits to be published again.
    const { rows } = await db.admin.query<{ cursor: string }>('select cursor from lib_event.bridge_cursor where bridge = $1', [exchange]);
    expect(rows[0]?.cursor).toBe(mine().find((m) => m.id === ids.at(-1))?.body.cursor);
  });

  it('caught up, wakes on the sequencer\'s notification rather than its fallback poll', async () => {
    const exchange = `lib_event_test_${randomBytes(4).toString('hex')}`;
    const consumer = await consume(exchange);
    // A fallback poll longer than the test: only the notification can bring these events.
    const bridge = startBridge({ databaseUrl: db.url, amqpUrl, name: exchange, exchange, from: 'now', pollMs: 600_000 });
    try {
      await eventually('the bridge has its cursor', () => bridge.cursor !== null, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const ids = await record(20, exchange);
      await eventually('every event arrived', () => ids.every((id) => consumer.received.some((m) => m.id === id)), 30_000);
      expect(consumer.received.filter((m) => ids.includes(m.id)).map((m) => m.id)).toEqual(ids);
    } finally {
      await bridge.stop();
      await consumer.close();
    }
  });
});
