/**
 * The RabbitMQ fan-out bridge: follows the log from its own cursor, in
 * log order, and publishes every event to a topic exchange.
 *
 * Each message: routing key = event type, message id = event__id,
 * persistent, content type application/json, the event's standard headers
 * as AMQP headers, the event (as lib_events.follow returns it, with its
 * payload even when pages defer it) as the body.
 *
 * At least once: a page is published with publisher confirms, and the
 * cursor (lib_event.bridge_cursor) moves past it only once the
 * broker confirmed all of it. A bridge that dies in between publishes that
 * page again when it comes back: subscribers drop duplicates by message id.
 * Bridges with the same name take turns (a PostgreSQL advisory lock): never
 * two publishing at once. A lost broker or database connection is retried
 * with backoff, resuming from the cursor.
 *
 * CLI: npm run bridge, with DATABASE_URL (as lib_event_bridge, which
 * reads whole events and keeps its cursor) and AMQP_URL; optional
 * BRIDGE_NAME (bridge), BRIDGE_EXCHANGE (lib_event), BRIDGE_FROM (now, or
 * beginning for the whole log on first start), BRIDGE_PAGE (500).
 */
import { pathToFileURL } from 'node:url';
import amqp from 'amqplib';
import pg from 'pg';
import { parseCommand, runCommand, UsageError } from '../command.ts';
import { keepRunning, sleep } from '../database/sessions.ts';

export interface BridgeOptions {
  /** The owner's or a superuser's connection string. */
  databaseUrl: string;
  amqpUrl: string;
  name?: string;
  /** The topic exchange, declared durable; default lib_event. */
  exchange?: string;
  /** Where a bridge without a cursor starts: 'now' (default) or 'beginning'. */
  from?: 'now' | 'beginning';
  /** Events per page: published, confirmed, then the cursor moves past them; default 500. */
  pageSize?: number;
  /** Pause when caught up, in ms; default 50. */
  idleMs?: number;
  /** Told of connection and broker errors; the bridge retries. Default: console.error. */
  onError?: (error: Error) => void;
}

export interface BridgeHandle {
  stop(): Promise<void>;
  /** Events confirmed by the broker since this bridge started. */
  readonly published: number;
  readonly cursor: string | null;
  /** @deprecated The same as cursor, under its older name. */
  readonly checkpoint: string | null;
}

interface FollowedEvent {
  event__id: string;
  event_type: string;
  headers: Record<string, unknown>;
  payload: unknown;
  payload_deferred: boolean;
  cursor: string;
  [field: string]: unknown;
}


/** AMQP header values: strings, numbers, booleans; null becomes absent. */
function amqpHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== null && typeof value !== 'object'));
}

/** Publish each event of a page, routed by its event_type, with its deferred payload read first; the broker confirms later. */
async function publishPage(db: pg.Client, channel: amqp.ConfirmChannel, exchange: string, page: FollowedEvent[]): Promise<void> {
  for (const event of page) {
    if (event.payload_deferred) {
      event.payload = (await db.query<{ payload: unknown }>('select lib_events.event_payload($1) as payload', [event.event__id])).rows[0]?.payload;
    }
    channel.publish(exchange, event.event_type, Buffer.from(JSON.stringify(event)), {
      persistent: true,
      messageId: event.event__id,
      contentType: 'application/json',
      headers: amqpHeaders(event.headers),
    });
  }
}

export function startBridge(options: BridgeOptions): BridgeHandle {
  const name = options.name ?? 'bridge';
  const exchange = options.exchange ?? 'lib_event';
  const pageSize = options.pageSize ?? 500;
  const idleMs = options.idleMs ?? 50;
  const onError = options.onError ?? ((error: Error) => console.error(`bridge ${name}: ${error.message}`));
  let stopped = false;
  let published = 0;
  let cursor: string | null = null;

  /** One session: connect both sides, take the name's lock, publish until stopped or broken. */
  async function session(): Promise<void> {
    const db = new pg.Client({ connectionString: options.databaseUrl });
    db.on('error', () => {});
    let connection: amqp.ChannelModel | undefined;
    try {
      await db.connect();
      // Same name, one publisher: wait for the lock (released with the connection).
      while (!stopped) {
        const { rows } = await db.query<{ locked: boolean }>(
          `select pg_try_advisory_lock(hashtext('lib_event.bridge'), hashtext($1)) as locked`, [name]);
        if (rows[0]?.locked) break;
        await sleep(idleMs * 4);
      }
      if (stopped) return;
      connection = await amqp.connect(options.amqpUrl);
      connection.on('error', () => {});
      const channel = await connection.createConfirmChannel();
      channel.on('error', () => {});
      await channel.assertExchange(exchange, 'topic', { durable: true });

      const saved = await db.query<{ cursor: string }>('select cursor from lib_event.bridge_cursor where bridge = $1', [name]);
      cursor = saved.rows[0]?.cursor
        ?? ((options.from ?? 'now') === 'now' ? (await db.query<{ head: string }>('select lib_events.follow_head() as head')).rows[0]?.head ?? null : null);

      while (!stopped) {
        const { rows } = await db.query<{ page: FollowedEvent[] }>(
          `select coalesce(json_agg(f), '[]') as page from lib_events.follow($1, $2) f`, [cursor, pageSize]);
        const page = rows[0]?.page ?? [];
        if (page.length === 0) {
          await sleep(idleMs);
          continue;
        }
        await publishPage(db, channel, exchange, page);
        // Every message of the page confirmed, or this throws and nothing moves.
        await channel.waitForConfirms();
        const last = page.at(-1)?.cursor as string;
        await db.query(
          `insert into lib_event.bridge_cursor (bridge, cursor, published) values ($1, $2, $3)
           on conflict (bridge) do update set cursor = excluded.cursor,
             published = lib_event.bridge_cursor.published + excluded.published, updated_at = now()`,
          [name, last, page.length],
        );
        cursor = last;
        published += page.length;
      }
    } finally {
      await connection?.close().catch(() => {});
      await db.end().catch(() => {});
    }
  }

  const running = keepRunning(session, () => stopped, onError);

  return {
    async stop() {
      stopped = true;
      await running;
    },
    get published() {
      return published;
    },
    get cursor() {
      return cursor;
    },
    get checkpoint() {
      return cursor;
    },
  };
}

async function main(): Promise<void> {
  parseCommand({
    usage: 'npm run bridge',
    description: `Publish every event to a RabbitMQ topic exchange, at least once, in log order.

DATABASE_URL (as lib_event_bridge) and AMQP_URL are required. Optional: BRIDGE_NAME (bridge),
BRIDGE_EXCHANGE (lib_event), BRIDGE_FROM (now, or beginning on first start), BRIDGE_PAGE (500).`,
  });
  const databaseUrl = process.env.DATABASE_URL;
  const amqpUrl = process.env.AMQP_URL;
  if (!databaseUrl || !amqpUrl) throw new UsageError('bridge: set DATABASE_URL (as lib_event_bridge) and AMQP_URL.');
  const name = process.env.BRIDGE_NAME ?? 'bridge';
  const bridge = startBridge({
    databaseUrl,
    amqpUrl,
    name,
    exchange: process.env.BRIDGE_EXCHANGE ?? 'lib_event',
    from: process.env.BRIDGE_FROM === 'beginning' ? 'beginning' : 'now',
    pageSize: Number(process.env.BRIDGE_PAGE ?? 500),
  });
  console.log(`bridge ${name}: publishing to exchange ${process.env.BRIDGE_EXCHANGE ?? 'lib_event'}`);
  const shutdown = async () => {
    await bridge.stop();
    console.log(`bridge ${name}: stopped at ${bridge.cursor} after ${bridge.published} confirmed events`);
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
