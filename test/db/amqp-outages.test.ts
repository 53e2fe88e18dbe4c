import { randomBytes, randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startBridge } from '../../scripts/broker/amqp-bridge.ts';
import { startIngest } from '../../scripts/broker/amqp-ingest.ts';
import { generatePassword, ingestLogin, loginUrl, setPassword } from '../../scripts/database/login-secrets.ts';
import { startSequencer, type SequencerHandle } from '../../scripts/log/sequencer.ts';
import { testSigningKey } from '../support/database.ts';
import { eventually } from '../support/eventually.ts';
import { startKillablePostgres, type KillablePostgres } from '../support/killable-postgres.ts';
import { canStartRabbitmq, startRabbitmq, type Broker } from '../support/rabbitmq.ts';

// Each side of the RabbitMQ paths goes away for a while: the broker under the
// bridge, PostgreSQL under the ingest loader. Both are this file's own
// servers, so nothing else in the run is disturbed.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let postgres: KillablePostgres;
let admin: pg.Pool;
let sequencer: SequencerHandle;
beforeAll(async () => {
  postgres = await startKillablePostgres();
  admin = new pg.Pool({ connectionString: postgres.url, max: 2 });
  admin.on('error', () => {});
  // The bridge follows the log, which the sequencer writes, as under npm start.
  sequencer = startSequencer({ databaseUrl: postgres.url, signingKey: testSigningKey, onError: () => {} });
});
afterAll(async () => {
  await sequencer.stop();
  await admin.end();
  await postgres.remove();
});

const describeOwnBroker = canStartRabbitmq() ? describe : describe.skip;
if (!canStartRabbitmq()) console.warn('RabbitMQ restart: skipped, the rabbitmq-server package is not installed (apt-get install rabbitmq-server)');

describeOwnBroker('the fan-out bridge while its broker restarts', () => {
  let broker: Broker;
  beforeAll(async () => {
    broker = await startRabbitmq();
  }, 120_000);
  afterAll(() => broker.remove());

  it('resumes after the restart from its cursor: every event reaches the durable queue', async () => {
    const exchange = 'lib_event';
    const queue = 'audit.copy';
    const setup = await amqp.connect(broker.url);
    const channel = await setup.createChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, exchange, '#');
    await setup.close();

    const errors: Error[] = [];
    const bridge = startBridge({ databaseUrl: postgres.url, amqpUrl: broker.url, from: 'beginning', pageSize: 100, maxUnconfirmed: 200, idleMs: 10, onError: (error) => errors.push(error) });
    const ids: string[] = [];
    const record = async (count: number) => {
      for (let i = 0; i < count; i += 50) {
        const { rows } = await admin.query<{ event__id: string }>(
          `select event__id from lib_events.create_many($1::jsonb)`,
          [JSON.stringify(Array.from({ length: 50 }, (_, j) => ({ event_type: 'billing.invoice.paid', payload: { n: ids.length + j } })))]);
        ids.push(...rows.map((row) => row.event__id));
        await sleep(5);
      }
    };
    try {
      await record(2000);
      await eventually('the bridge is publishing', () => bridge.published > 0, 90_000);
      await broker.stop();
      await record(2000);
      await broker.start();
      await record(1000);
      await eventually('the bridge has confirmed every event', () => bridge.published >= ids.length, 90_000);
    } finally {
      await bridge.stop();
    }
    expect(errors.length).toBeGreaterThan(0);

    const reader = await amqp.connect(broker.url);
    const readChannel = await reader.createChannel();
    const arrived: string[] = [];
    for (let message = await readChannel.get(queue, { noAck: true }); message; message = await readChannel.get(queue, { noAck: true })) {
      arrived.push(message.properties.messageId as string);
    }
    await reader.close();
    const distinct = new Set(arrived);
    for (const id of ids) expect(distinct.has(id)).toBe(true);
    // The first occurrences come in log order; any repeat was unconfirmed at the stop and published again after the restart.
    expect([...distinct]).toEqual(ids);
    expect(arrived.length - distinct.size).toBeLessThanOrEqual(200);
  }, 180_000);
});

const amqpUrl = inject('amqpUrl');
const describeBroker = amqpUrl ? describe : describe.skip;
if (!amqpUrl) console.warn(`RabbitMQ ingest during a PostgreSQL outage: skipped, ${inject('amqpUnavailable')}`);

describeBroker('the ingest loader while PostgreSQL is down for 10 s', () => {
  it('keeps the queue while PostgreSQL is gone and records every message once when it is back', async () => {
    const brokerUser = decodeURIComponent(new URL(amqpUrl).username);
    const ingestPassword = generatePassword();
    await setPassword(admin, ingestLogin.role, ingestPassword);
    await admin.query(`insert into lib_event.ingest_publisher (amqp_user, consumer) values ($1, 'billing')`, [brokerUser]);
    const queue = `lib_event.ingest_outage_${randomBytes(4).toString('hex')}`;

    const connection = await amqp.connect(amqpUrl);
    const producer = await connection.createConfirmChannel();
    await producer.assertQueue(queue, { durable: true });
    let published = 0;
    // A producer that never waits for PostgreSQL: 100 events every 100 ms, confirmed by the broker.
    const publishFor = async (ms: number) => {
      for (const until = Date.now() + ms; Date.now() < until; await sleep(100)) {
        for (let i = 0; i < 100; i += 1, published += 1) {
          producer.sendToQueue(queue, Buffer.from(JSON.stringify({ event_type: 'billing.invoice.paid', payload: { n: published } })),
            { persistent: true, messageId: randomUUID(), userId: brokerUser });
        }
        await producer.waitForConfirms();
      }
    };
    const errors: Error[] = [];
    const loader = startIngest({
      databaseUrl: loginUrl(postgres.url, ingestLogin.role, ingestPassword), amqpUrl, queue, onError: (error) => errors.push(error),
    });
    try {
      await publishFor(1000);
      postgres.kill();
      const publishedAtKill = published;
      await publishFor(10_000);
      // The producer went on publishing while PostgreSQL was away.
      expect(published).toBeGreaterThan(publishedAtKill);
      await postgres.restart();
      await publishFor(1000);
      await eventually('every message is recorded', () => loader.recorded === published, 90_000);
    } finally {
      await loader.stop();
      await connection.close();
    }
    expect(errors.length).toBeGreaterThan(0);
    const { rows } = await admin.query<{ n: number }>(
      `select (payload ->> 'n')::int as n from lib_event.event where consumer = 'billing' order by event__id`);
    expect(rows.map((row) => row.n)).toEqual(Array.from({ length: published }, (_, n) => n));
  }, 180_000);
});
