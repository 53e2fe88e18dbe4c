import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startIngest } from '../../scripts/broker/amqp-ingest.ts';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually } from '../support/eventually.ts';

// Against the run's real RabbitMQ (test/support/rabbitmq.ts).
const amqpUrl = inject('amqpUrl');
const broker = amqpUrl ? await amqp.connect(amqpUrl) : new Error(inject('amqpUnavailable'));
const describeBroker = broker instanceof Error ? describe.skip : describe;
if (broker instanceof Error) console.warn(`RabbitMQ ingest loader: skipped, ${broker.message}`);
// The broker user the tests publish as: user_id must name it.
const brokerUser = amqpUrl ? decodeURIComponent(new URL(amqpUrl).username) : '';

let db: TestDatabase;
let publisher: amqp.ConfirmChannel;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.admin.query(`insert into lib_event.ingest_publisher (amqp_user, consumer) values ($1, 'billing')`, [brokerUser]);
  if (!(broker instanceof Error)) {
    publisher = await broker.createConfirmChannel();
  }
});
afterAll(async () => {
  await db.drop();
  if (!(broker instanceof Error)) await broker.close();
});

interface Message {
  body: string | Buffer;
  messageId?: string;
  userId?: string | null;
}

const freshQueue = () => `lib_event.ingest_test_${randomBytes(4).toString('hex')}`;

/** Publish with confirms, as a producer that must know the broker has them. */
async function publish(queue: string, messages: Message[]): Promise<void> {
  await publisher.assertQueue(queue, { durable: true });
  for (const message of messages) {
    const userId = message.userId === undefined ? brokerUser : message.userId;
    publisher.sendToQueue(queue, Buffer.isBuffer(message.body) ? message.body : Buffer.from(message.body), {
      persistent: true,
      contentType: 'application/json',
      ...(message.messageId === undefined ? {} : { messageId: message.messageId }),
      ...(userId === null ? {} : { userId }),
    });
  }
  await publisher.waitForConfirms();
}

const good = (tag: string, n: number): Message => ({
  messageId: randomUUID(),
  body: JSON.stringify({ event_type: 'billing.invoice.paid', payload: { tag, n } }),
});

/** Events of one tag, as recorded: n, consumer, idempotency key, and how many events share that key. */
async function recordedOf(tag: string): Promise<{ n: number; consumer: string; key: string }[]> {
  const { rows } = await db.admin.query<{ n: number; consumer: string; key: string }>(
    `select (e.payload ->> 'n')::int as n, e.consumer, k.idempotency_key as key
       from lib_event.event e
       left join lib_event.idempotency_key k on k.event__id = e.event__id
      where e.payload ->> 'tag' = $1
      order by e.event__id`, [tag]);
  return rows;
}

/** Everything in the dead-letter queue, taken off it. */
async function drain(queue: string): Promise<amqp.GetMessage[]> {
  const channel = await (broker as amqp.ChannelModel).createChannel();
  const messages: amqp.GetMessage[] = [];
  for (;;) {
    const message = await channel.get(queue, { noAck: true });
    if (!message) break;
    messages.push(message);
  }
  await channel.close();
  return messages;
}

describeBroker('the RabbitMQ ingest loader', () => {
  it('records queued events in order, under the consumer mapped to the validated broker user, the message id as idempotency key', async () => {
    const queue = freshQueue();
    const tag = queue;
    const messages = Array.from({ length: 1200 }, (_, n) => good(tag, n));
    // A number JavaScript cannot hold exactly arrives as sent: the body is never re-encoded.
    messages.push({ messageId: randomUUID(), body: `{"event_type": "billing.invoice.paid", "payload": {"tag": "${tag}", "n": 1200, "amount": 12345678901234567890.10}}` });
    await publish(queue, messages);
    const loader = startIngest({ databaseUrl: db.ingestUrl, amqpUrl, queue });
    try {
      await eventually('every message is recorded', async () => (await recordedOf(tag)).length === 1201);
    } finally {
      await loader.stop();
    }
    const rows = await recordedOf(tag);
    expect(rows.map((row) => row.n)).toEqual(Array.from({ length: 1201 }, (_, n) => n));
    expect(rows.map((row) => row.key)).toEqual(messages.map((message) => message.messageId));
    expect(new Set(rows.map((row) => row.consumer))).toEqual(new Set(['billing']));
    const { rows: [big] } = await db.admin.query<{ amount: string }>(
      `select payload ->> 'amount' as amount from lib_event.event where payload ->> 'tag' = $1 and (payload ->> 'n')::int = 1200`, [tag]);
    expect(String(big?.amount)).toBe('12345678901234567890.10');
    expect(loader.recorded).toBe(1201);
    expect(await drain(`${queue}.dead`)).toHaveLength(0);
  });

  it('takes the consumer from the broker, never from the body: another user_id is refused by RabbitMQ, unmapped or missing users are dead-lettered', async () => {
    const queue = freshQueue();
    // RabbitMQ checks user_id against the connection's user and closes the channel.
    const liar = await (broker as amqp.ChannelModel).createConfirmChannel();
    liar.on('error', () => {});
    await liar.assertQueue(queue, { durable: true });
    liar.sendToQueue(queue, Buffer.from('{}'), { userId: 'someone-else', messageId: randomUUID() });
    await expect(liar.waitForConfirms()).rejects.toThrow();

    // A mapped user naming another consumer in the body: refused as an unknown field.
    await publish(queue, [
      { messageId: randomUUID(), body: JSON.stringify({ event_type: 'billing.invoice.paid', consumer: 'payroll' }) },
      { messageId: `nul\u0000id`, body: JSON.stringify({ event_type: 'billing.invoice.paid' }) },
    ]);
    const mapped = startIngest({ databaseUrl: db.ingestUrl, amqpUrl, queue });
    try {
      await eventually('both are dead-lettered', () => mapped.deadLettered === 2);
    } finally {
      await mapped.stop();
    }
    // No user_id, and a user that is not mapped.
    await publish(queue, [
      { messageId: randomUUID(), userId: null, body: JSON.stringify({ event_type: 'billing.invoice.paid' }) },
      { messageId: randomUUID(), body: JSON.stringify({ event_type: 'billing.invoice.paid' }) },
    ]);
    await db.admin.query(`delete from lib_event.ingest_publisher where amqp_user = $1`, [brokerUser]);
    const unmapped = startIngest({ databaseUrl: db.ingestUrl, amqpUrl, queue });
    try {
      await eventually('both are dead-lettered', () => unmapped.deadLettered === 2);
    } finally {
      await unmapped.stop();
      await db.admin.query(`insert into lib_event.ingest_publisher (amqp_user, consumer) values ($1, 'billing')`, [brokerUser]);
    }
    const dead = await drain(`${queue}.dead`);
    expect(dead.map((m) => m.properties.headers?.['x-lib-event-error-code'])).toEqual(['LE008', 'LE052', 'LE050', 'LE050']);
    expect(String(dead[0]?.properties.headers?.['x-lib-event-error'])).toMatch(/unknown field 'consumer'/);
    expect(String(dead[2]?.properties.headers?.['x-lib-event-error'])).toBe('the message has no user_id property');
    expect(String(dead[3]?.properties.headers?.['x-lib-event-error'])).toContain(`broker user '${brokerUser}' may not record events`);
    const { rows } = await db.admin.query(`select 1 from lib_event.event where consumer = 'payroll'`);
    expect(rows).toHaveLength(0);
  });

  it('keeps to the scope of the API key its broker user is mapped to: outside it dead-lettered with PT403, inside recorded once with the key\'s tenant', async () => {
    const queue = freshQueue();
    const tag = queue;
    const { rows: [key] } = await db.admin.query<{ api_key__id: string }>(
      `select api_key__id from lib_event.api_key_create('billing', 'producer', event_types => '{billing.*}', tenants => '{acme}')`);
    const inScope = good(tag, 0);
    const otherType = { messageId: randomUUID(), body: JSON.stringify({ event_type: 'iam.user.deleted', payload: { tag, n: 1 } }) };
    const otherTenant = { messageId: randomUUID(), body: JSON.stringify({ event_type: 'billing.invoice.paid', tenant: 'globex', payload: { tag, n: 2 } }) };
    await db.admin.query(`update lib_event.ingest_publisher set api_key__id = $2 where amqp_user = $1`, [brokerUser, key?.api_key__id]);
    try {
      await publish(queue, [otherType, inScope, otherTenant]);
      const loader = startIngest({ databaseUrl: db.ingestUrl, amqpUrl, queue });
      try {
        await eventually('every message is handled', () => loader.recorded + loader.deadLettered === 3);
      } finally {
        await loader.stop();
      }
      expect([loader.recorded, loader.deadLettered]).toEqual([1, 2]);
    } finally {
      await db.admin.query(`update lib_event.ingest_publisher set api_key__id = null where amqp_user = $1`, [brokerUser]);
    }

    // The log holds the event in scope once, with the key's tenant, and nothing of the others.
    const { rows } = await db.admin.query(
      `select (e.payload ->> 'n')::int as n, e.event_type::text, e.tenant::text, e.headers ->> 'tenant' as header_tenant,
              e.consumer::text, k.idempotency_key as key
         from lib_event.event e
         left join lib_event.idempotency_key k on k.event__id = e.event__id
        where e.payload ->> 'tag' = $1`, [tag]);
    expect(rows).toEqual([{ n: 0, event_type: 'billing.invoice.paid', tenant: 'acme', header_tenant: 'acme', consumer: 'billing', key: inScope.messageId }]);
    const dead = await drain(`${queue}.dead`);
    expect(dead.map((m) => [m.properties.messageId, m.properties.headers?.['x-lib-event-error-code'], m.content.toString()]))
      .toEqual([[otherType.messageId, 'PT403', otherType.body], [otherTenant.messageId, 'PT403', otherTenant.body]]);
    expect(String(dead[0]?.properties.headers?.['x-lib-event-error'])).toBe(`event_type 'iam.user.deleted' is outside the scope of the API key of billing`);
    expect(String(dead[1]?.properties.headers?.['x-lib-event-error'])).toBe(`tenant 'globex' is outside the scope of the API key of billing`);
  });

  it('records each of 10,000 good messages once and dead-letters each of 1,000 malformed ones with its reason', async () => {
    const queue = freshQueue();
    const tag = queue;
    const malformed: (() => { message: Message; code: string })[] = [
      () => ({ message: { messageId: randomUUID(), body: 'not json' }, code: 'LE051' }),
      () => ({ message: { messageId: randomUUID(), body: '[1, 2]' }, code: 'LE051' }),
      () => ({ message: { messageId: randomUUID(), body: Buffer.from([0x7b, 0xff, 0x7d]) }, code: 'LE051' }),
      () => ({ message: { body: JSON.stringify({ event_type: 'billing.invoice.paid' }) }, code: 'LE052' }),
      () => ({ message: { messageId: randomUUID(), body: JSON.stringify({ event_type: 'Billing' }) }, code: 'LE001' }),
      () => ({ message: { messageId: randomUUID(), body: JSON.stringify({ payload: {} }) }, code: 'LE001' }),
      () => ({ message: { messageId: randomUUID(), body: JSON.stringify({ event_type: 'billing.invoice.paid', colour: 'red' }) }, code: 'LE008' }),
      () => ({ message: { messageId: 'k', body: JSON.stringify({ event_type: 'billing.invoice.paid', idempotency_key: 'other' }) }, code: 'LE053' }),
    ];
    const messages: Message[] = [];
    const expected = new Map<string, string>();
    let goodCount = 0;
    for (let i = 0; i < 11_000; i += 1) {
      if (i % 11 === 5) {
        const { message, code } = (malformed[(i / 11) % malformed.length | 0] as () => { message: Message; code: string })();
        const marker = `bad-${i}`;
        messages.push({ ...message, messageId: message.messageId === undefined ? undefined : `${message.messageId}-${marker}` });
        expected.set(marker, code);
      } else {
        messages.push(good(tag, goodCount));
        goodCount += 1;
      }
    }
    expect(goodCount).toBe(10_000);
    await publish(queue, messages);
    const loader = startIngest({ databaseUrl: db.ingestUrl, amqpUrl, queue });
    try {
      await eventually('every message is handled', () => loader.recorded + loader.deadLettered === 11_000, 120_000);
    } finally {
      await loader.stop();
    }
    const rows = await recordedOf(tag);
    expect(rows.map((row) => row.n)).toEqual(Array.from({ length: 10_000 }, (_, n) => n));
    const dead = await drain(`${queue}.dead`);
    expect(dead).toHaveLength(1000);
    const codes = new Map<string, number>();
    for (const message of dead) {
      const code = String(message.properties.headers?.['x-lib-event-error-code']);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      expect(String(message.properties.headers?.['x-lib-event-error']).length).toBeGreaterThan(10);
    }
    const wanted = new Map<string, number>();
    for (const code of expected.values()) wanted.set(code, (wanted.get(code) ?? 0) + 1);
    expect(codes).toEqual(wanted);
    // The dead letter keeps the message as published.
    expect(dead.some((message) => message.content.toString() === 'not json')).toBe(true);
  }, 180_000);

  it('records a message published twice once, and dead-letters a message id reused for other content (23505)', async () => {
    const queue = freshQueue();
    const tag = queue;
    const twice = good(tag, 0);
    const reused = { messageId: randomUUID(), body: JSON.stringify({ event_type: 'billing.invoice.paid', payload: { tag, n: 1 } }) };
    const clash = { messageId: reused.messageId, body: JSON.stringify({ event_type: 'billing.invoice.paid', payload: { tag, n: 2 } }) };
    await publish(queue, [twice, good(tag, 3), twice, reused, clash]);
    const loader = startIngest({ databaseUrl: db.ingestUrl, amqpUrl, queue });
    try {
      await eventually('every message is handled', () => loader.recorded + loader.deadLettered === 5);
    } finally {
      await loader.stop();
    }
    expect((await recordedOf(tag)).map((row) => row.n)).toEqual([0, 3, 1]);
    const dead = await drain(`${queue}.dead`);
    expect(dead.map((m) => [m.properties.messageId, m.properties.headers?.['x-lib-event-error-code']])).toEqual([[reused.messageId, '23505']]);
    expect(dead[0]?.content.toString()).toBe(clash.body);
  });

  it('keeps messages queued, not dead-lettered, while no partition takes them (PT507), and records them once one does', async () => {
    const queue = freshQueue();
    const tag = queue;
    const { rows: [current] } = await db.admin.query<{ partition: string; starts_at: Date; ends_at: Date }>(
      `select partition, starts_at, ends_at from lib_event.partitions where starts_at <= now() and now() < ends_at`);
    await db.admin.query(`alter table lib_event.event detach partition lib_event.${current?.partition}`);
    const errors: Error[] = [];
    const loader = startIngest({ databaseUrl: db.ingestUrl, amqpUrl, queue, onError: (error) => errors.push(error) });
    try {
      await publish(queue, Array.from({ length: 20 }, (_, n) => good(tag, n)));
      await eventually('the loader met the refusal', () => errors.some((error) => /no partition of lib_event.event is ready/.test(error.message)));
      expect(loader.deadLettered).toBe(0);
      await db.admin.query(`alter table lib_event.event attach partition lib_event.${current?.partition}
        for values from (lib_event.uuid_floor($1)) to (lib_event.uuid_floor($2))`.replace('$1', `'${current?.starts_at.toISOString()}'`).replace('$2', `'${current?.ends_at.toISOString()}'`));
      await eventually('every message is recorded', () => loader.recorded === 20);
    } finally {
      await loader.stop();
    }
    expect((await recordedOf(tag)).map((row) => row.n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(await drain(`${queue}.dead`)).toHaveLength(0);
  });

  it('killed with -9 after its commit and before its ack, records nothing twice when the batch comes again', async () => {
    const queue = freshQueue();
    const tag = queue;
    const messages = Array.from({ length: 1000 }, (_, n) => good(tag, n));
    await publish(queue, messages);
    // A loader that dies the moment its first batch has committed.
    const doomed = spawn(process.execPath, ['--import', 'tsx', 'test/support/ingest-until-commit.ts'], {
      cwd: projectRoot,
      env: { ...process.env, INGEST_DATABASE_URL: db.ingestUrl, AMQP_URL: amqpUrl, INGEST_QUEUE: queue, INGEST_BATCH: '100' },
      stdio: 'ignore',
    });
    const [, signal] = await once(doomed, 'exit');
    expect(signal).toBe('SIGKILL');
    // Its first batch: whatever had arrived, up to 100.
    const committed = (await recordedOf(tag)).length;
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThanOrEqual(100);

    const loader = startIngest({ databaseUrl: db.ingestUrl, amqpUrl, queue, batchSize: 100 });
    try {
      await eventually('every message is handled', () => loader.recorded === 1000);
    } finally {
      await loader.stop();
    }
    const rows = await recordedOf(tag);
    expect(rows.map((row) => row.n)).toEqual(Array.from({ length: 1000 }, (_, n) => n));
    expect(new Set(rows.map((row) => row.key)).size).toBe(1000);
  });
});
