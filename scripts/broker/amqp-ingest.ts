/**
 * The RabbitMQ ingest loader: producers that must not wait for PostgreSQL
 * publish events to a durable queue; the loader records them in batches.
 *
 * A message is the arguments of create as a JSON object, published with:
 * - message_id: the event's idempotency key, so a redelivered message is
 *   recorded once (its first receipt comes back);
 * - user_id: the publisher's broker user, which RabbitMQ checks against the
 *   user that opened the connection. lib_event.ingest_publisher maps it to the
 *   consumer the events are recorded under; the body cannot name one.
 *
 * Exactly once: a batch is recorded in one transaction (lib_event.ingest), then
 * its bad messages are dead-lettered with publisher confirms, then the batch
 * is acked. A loader that dies before the ack gets the batch again and records
 * nothing twice. A message that is not a valid event goes to the dead-letter
 * queue (default <queue>.dead) with the reason in its headers
 * (x-lib-event-error-code, x-lib-event-error, x-lib-event-hint); it never
 * blocks the queue. While PostgreSQL is down the batch waits and is retried
 * with backoff; messages stay in the queue, unacked.
 *
 * CLI: npm run ingest, with DATABASE_URL (the owner or a superuser: puts
 * lib_event_ingest's password in force, as the relay does) or
 * INGEST_DATABASE_URL (logged in as lib_event_ingest), and AMQP_URL; optional
 * INGEST_QUEUE (lib_event.ingest), INGEST_BATCH (500).
 */
import { pathToFileURL } from 'node:url';
import amqp from 'amqplib';
import pg from 'pg';
import { parseCommand, runCommand, UsageError } from '../command.ts';
import { keepRunning, sleep } from '../database/sessions.ts';
import { describeLogin, ensureLoginPassword, ingestLogin, loginUrl } from '../database/login-secrets.ts';

export interface IngestOptions {
  /** Connection string logged in as lib_event_ingest. */
  databaseUrl: string;
  amqpUrl: string;
  /** The durable queue producers publish to; default lib_event.ingest. */
  queue?: string;
  /** Where invalid messages go; default <queue>.dead. */
  deadLetterQueue?: string;
  /** Messages per transaction; default 500. */
  batchSize?: number;
  /** Bytes of message bodies per transaction (a larger message goes alone); default 16 MiB. */
  batchBytes?: number;
  /** How long a short batch waits for company, in ms; default 20. */
  lingerMs?: number;
  /** Told of connection errors; the loader retries. Default: console.error. */
  onError?: (error: Error) => void;
  /** Called after a batch committed and before it is acked. */
  afterCommit?: (messages: number) => void | Promise<void>;
}

export interface IngestHandle {
  stop(): Promise<void>;
  /** Messages recorded (or found already recorded) since this loader started. */
  readonly recorded: number;
  /** Messages sent to the dead-letter queue since this loader started. */
  readonly deadLettered: number;
}

interface Outcome {
  message_id: string | null;
  event__id: string | null;
  error_code: string | null;
  error_message: string | null;
  error_hint: string | null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text for lib_event.ingest, or the reason it cannot be. */
function bodyText(content: Buffer): { body: string } | { error: Outcome } {
  const refuse = (message: string): { error: Outcome } => ({
    error: { message_id: null, event__id: null, error_code: 'LE051', error_message: message, error_hint: 'Publish the arguments of create as a UTF-8 JSON object.' },
  });
  let body: string;
  try {
    body = utf8.decode(content);
  } catch {
    return refuse('the message body is not UTF-8');
  }
  // JSON never holds a raw NUL, and PostgreSQL text cannot: refused here.
  return body.includes('\u0000') ? refuse('the message body is not JSON (it holds a NUL character)') : { body };
}

/** What lib_event.ingest decided for each message, in order: one call per publisher, one transaction. */
async function recordBatch(db: pg.ClientBase, batch: amqp.ConsumeMessage[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(batch.length);
  const byPublisher = new Map<string | null, { at: number[]; messages: { id: string | null; body: string }[] }>();
  batch.forEach((message, at) => {
    const text = bodyText(message.content);
    if ('error' in text) {
      outcomes[at] = text.error;
      return;
    }
    const publisher = (message.properties.userId as string | undefined) ?? null;
    const id = (message.properties.messageId as string | undefined) ?? null;
    // PostgreSQL text holds no NUL: such an id could not even be passed.
    if (id?.includes('\u0000') || publisher?.includes('\u0000')) {
      outcomes[at] = { message_id: null, event__id: null, error_code: 'LE052', error_message: 'the message_id or user_id holds a NUL character', error_hint: 'Publish a message_id of printable characters (a UUID, say).' };
      return;
    }
    const group = byPublisher.get(publisher) ?? { at: [], messages: [] };
    group.at.push(at);
    group.messages.push({ id, body: text.body });
    byPublisher.set(publisher, group);
  });
  await db.query('begin');
  try {
    for (const [publisher, group] of byPublisher) {
      const { rows } = await db.query<Outcome>('select * from lib_event.ingest($1, $2::jsonb)', [publisher, JSON.stringify(group.messages)]);
      rows.forEach((row, i) => {
        outcomes[group.at[i] as number] = row;
      });
    }
    await db.query('commit');
  } catch (error) {
    await db.query('rollback').catch(() => {});
    throw error;
  }
  return outcomes;
}

/** How many of the pending messages make the next batch: up to batchSize, and batchBytes of bodies (at least one). */
function batchLength(pending: amqp.ConsumeMessage[], batchSize: number, batchBytes: number): number {
  let bytes = 0;
  let take = 0;
  while (take < pending.length && take < batchSize && (take === 0 || bytes + (pending[take] as amqp.ConsumeMessage).content.length <= batchBytes)) {
    bytes += (pending[take] as amqp.ConsumeMessage).content.length;
    take += 1;
  }
  return take;
}

/** Publish a refused message to the dead-letter queue, its headers saying why (and who published it). */
function deadLetter(channel: amqp.ConfirmChannel, deadLetterQueue: string, message: amqp.ConsumeMessage, outcome: Outcome): void {
  channel.sendToQueue(deadLetterQueue, message.content, {
    persistent: true,
    messageId: message.properties.messageId,
    contentType: message.properties.contentType,
    timestamp: Math.floor(Date.now() / 1000),
    headers: {
      ...message.properties.headers,
      'x-lib-event-error-code': outcome.error_code,
      'x-lib-event-error': outcome.error_message,
      ...(outcome.error_hint ? { 'x-lib-event-hint': outcome.error_hint } : {}),
      ...(message.properties.userId ? { 'x-lib-event-publisher': message.properties.userId } : {}),
    },
  });
}

// Long on purpose: one closure holds what the broker sessions share (counts, the stop flag, the wake-up); a session's loop reads top to bottom.
export function startIngest(options: IngestOptions): IngestHandle {
  const queue = options.queue ?? 'lib_event.ingest';
  const deadLetterQueue = options.deadLetterQueue ?? `${queue}.dead`;
  const batchSize = options.batchSize ?? 500;
  const batchBytes = options.batchBytes ?? 16 * 1024 * 1024;
  const lingerMs = options.lingerMs ?? 20;
  const onError = options.onError ?? ((error: Error) => console.error(`ingest ${queue}: ${error.message}`));
  let stopped = false;
  let recorded = 0;
  let deadLettered = 0;
  let wake: (() => void) | undefined;
  const nap = (ms: number) => new Promise<void>((resolve) => {
    wake = resolve;
    setTimeout(resolve, ms);
  });

  /** Record a batch, retrying PostgreSQL until it answers (the messages wait, unacked). */
  async function recordWithRetry(state: { db?: pg.Client }, batch: amqp.ConsumeMessage[], channelOpen: () => boolean): Promise<Outcome[] | undefined> {
    for (let attempt = 0; ; attempt += 1) {
      if (!channelOpen()) return undefined;
      try {
        if (!state.db) {
          const db = new pg.Client({ connectionString: options.databaseUrl });
          db.on('error', () => {});
          await db.connect();
          state.db = db;
        }
        return await recordBatch(state.db, batch);
      } catch (error) {
        onError(error as Error);
        await state.db?.end().catch(() => {});
        state.db = undefined;
        if (stopped) return undefined;
        await sleep(Math.min(2000, 50 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  /** One broker session: consume, record, dead-letter, ack; until stopped or the broker goes. */
  async function session(): Promise<void> {
    const state: { db?: pg.Client } = {};
    const connection = await amqp.connect(options.amqpUrl);
    let open = true;
    connection.on('error', () => {});
    connection.on('close', () => {
      open = false;
      wake?.();
    });
    try {
      const channel = await connection.createConfirmChannel();
      channel.on('error', () => {});
      // A closed channel (a broker's consumer timeout, say) ends the session too.
      channel.on('close', () => {
        open = false;
        wake?.();
      });
      await channel.assertQueue(queue, { durable: true });
      await channel.assertQueue(deadLetterQueue, { durable: true });
      // Two batches delivered ahead: one being recorded, one filling.
      await channel.prefetch(batchSize * 2);
      const pending: amqp.ConsumeMessage[] = [];
      await channel.consume(queue, (message) => {
        // Null: the broker cancelled the consumer (the queue was deleted): start again.
        if (!message) {
          open = false;
          wake?.();
          return;
        }
        pending.push(message);
        if (pending.length >= batchSize) wake?.();
      }, { noAck: false });

      while (!stopped && open) {
        if (pending.length === 0) {
          await nap(lingerMs * 5);
          continue;
        }
        if (pending.length < batchSize) await nap(lingerMs);
        const take = batchLength(pending, batchSize, batchBytes);
        const batch = pending.slice(0, take);
        const outcomes = await recordWithRetry(state, batch, () => open);
        if (!outcomes) break;
        await options.afterCommit?.(batch.length);
        batch.forEach((message, at) => {
          const outcome = outcomes[at] as Outcome;
          if (outcome.error_code) deadLetter(channel, deadLetterQueue, message, outcome);
        });
        const dead = outcomes.filter((outcome) => outcome.error_code).length;
        // Dead letters confirmed before the ack: a bad message is never lost.
        if (dead > 0) await channel.waitForConfirms();
        channel.ack(batch.at(-1) as amqp.ConsumeMessage, true);
        pending.splice(0, take);
        recorded += batch.length - dead;
        deadLettered += dead;
      }
    } finally {
      await connection.close().catch(() => {});
      await state.db?.end().catch(() => {});
    }
  }

  const running = keepRunning(session, () => stopped, onError);

  return {
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
    get recorded() {
      return recorded;
    },
    get deadLettered() {
      return deadLettered;
    },
  };
}

/** The loader's connection string: INGEST_DATABASE_URL as is, or lib_event_ingest's password put in force through `adminUrl` (the owner or a superuser). */
export async function ingestDatabaseUrl(adminUrl: string | undefined): Promise<{ url: string; login?: string }> {
  if (process.env.INGEST_DATABASE_URL) return { url: process.env.INGEST_DATABASE_URL };
  if (!adminUrl) throw new UsageError('ingest: set INGEST_DATABASE_URL (as lib_event_ingest) or DATABASE_URL (the owner or a superuser).');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const login = await ensureLoginPassword(admin, adminUrl, ingestLogin);
    return { url: loginUrl(adminUrl, login.role, login.password), login: describeLogin(login) };
  } finally {
    await admin.end();
  }
}

async function main(): Promise<void> {
  parseCommand({
    usage: 'npm run ingest',
    description: `Record the events producers publish to a RabbitMQ queue, each exactly once.

AMQP_URL is required, and INGEST_DATABASE_URL (logged in as lib_event_ingest) or DATABASE_URL
(the owner or a superuser: puts lib_event_ingest's password in force). Optional:
INGEST_QUEUE (lib_event.ingest), INGEST_BATCH (500). Map each publishing broker user to a
consumer first: insert into lib_event.ingest_publisher (amqp_user, consumer) values (...).`,
  });
  const amqpUrl = process.env.AMQP_URL;
  if (!amqpUrl || (!process.env.DATABASE_URL && !process.env.INGEST_DATABASE_URL)) {
    throw new UsageError('ingest: set AMQP_URL, and INGEST_DATABASE_URL (as lib_event_ingest) or DATABASE_URL (the owner or a superuser).');
  }
  const database = await ingestDatabaseUrl(process.env.DATABASE_URL);
  const queue = process.env.INGEST_QUEUE ?? 'lib_event.ingest';
  const loader = startIngest({
    databaseUrl: database.url,
    amqpUrl,
    queue,
    ...(process.env.INGEST_BATCH ? { batchSize: Number(process.env.INGEST_BATCH) } : {}),
  });
  console.log(`ingest: recording from queue ${queue}${database.login ? `\n${database.login}` : ''}`);
  const shutdown = async () => {
    await loader.stop();
    console.log(`ingest: stopped after ${loader.recorded} recorded and ${loader.deadLettered} dead-lettered messages`);
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
