/**
 * The RabbitMQ fan-out bridge: follows the log from its own cursor, in
 * log order, and publishes every event to a topic exchange.
 *
 * Each message: routing key = event type, message id = event__id,
 * persistent, content type application/json, the event's standard headers
 * as AMQP headers, the event (as lib_events.follow returns it, with its
 * payload even when pages defer it) as the body.
 *
 * Pipelined: the next page is read and published while the broker has not
 * yet confirmed the previous ones, up to a bound of unconfirmed messages.
 * One channel keeps the log order. At least once: the cursor
 * (lib_event.bridge_cursor) moves past a page only once the broker
 * confirmed it and every page before it. A bridge that dies, or loses its
 * broker, in between publishes again from that cursor: subscribers drop
 * duplicates by message id. Caught up, it waits for the sequencer's
 * NOTIFY lib_event.sequenced, and reads anyway after pollMs without one.
 * Bridges with the same name take turns (a PostgreSQL advisory lock): never
 * two publishing at once. A lost broker or database connection is retried
 * with backoff, resuming from the cursor.
 *
 * CLI: npm run bridge, with DATABASE_URL (as lib_event_bridge, which
 * reads whole events and keeps its cursor) and AMQP_URL; optional
 * BRIDGE_NAME (bridge), BRIDGE_EXCHANGE (lib_event), BRIDGE_FROM (now, or
 * beginning for the whole log on first start), BRIDGE_PAGE (500),
 * BRIDGE_UNCONFIRMED (2000), BRIDGE_POLL_MS (1000).
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
  /** Events per page read with follow and published together; default 500. */
  pageSize?: number;
  /** Most messages published and not yet confirmed; the next page waits below it. Default 2000 (at least one page). */
  maxUnconfirmed?: number;
  /** Caught up, the longest wait for NOTIFY lib_event.sequenced before reading anyway, in ms; default 1000. */
  pollMs?: number;
  /** @deprecated The older name of pollMs. */
  idleMs?: number;
  /** Told of connection and broker errors; the bridge retries. Default: console.error. */
  onError?: (error: Error) => void;
}

export interface BridgeHandle {
  stop(): Promise<void>;
  /** Events confirmed by the broker, and their cursor saved, since this bridge started. */
  readonly published: number;
  readonly cursor: string | null;
  /** @deprecated The same as cursor, under its older name. */
  readonly checkpoint: string | null;
}

/** One event of a page: what routes it, and its JSON as lib_events.follow returns it, as text. */
interface FollowedEvent {
  event__id: string;
  event_type: string;
  headers: Record<string, unknown>;
  payload_deferred: boolean;
  cursor: string;
  /** The message body; parsed only to put a deferred payload in. */
  body: string;
}

/** A page of the log, each event's JSON made by the server: the bridge never parses and re-serialises a body. */
export const followPageQuery = `select f.event__id, f.event_type, f.headers, f.payload_deferred, f.cursor, pg_catalog.to_json(f)::text as body
  from lib_events.follow($1, $2) f`;

/** A page published on the channel: settled once the broker confirmed every message of it. */
interface InFlightPage {
  last: string;
  count: number;
  confirmed: Promise<void>;
  settled: boolean;
}

/** The sequencer announces each extension of the log on this channel (lib_event.extend_tree). */
const sequencedChannel = 'lib_event.sequenced';

/** AMQP header values: strings, numbers, booleans; null becomes absent. */
function amqpHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== null && typeof value !== 'object'));
}

/**
 * Publish each event of a page, routed by its event_type, with its deferred
 * payload read first. Returns at once; the page's promise settles when the
 * broker confirmed all of it, and rejects on a nack or a lost channel.
 */
async function publishPage(db: pg.Client, channel: amqp.ConfirmChannel, exchange: string, page: FollowedEvent[]): Promise<InFlightPage> {
  for (const event of page) {
    if (event.payload_deferred) {
      const { rows: [deferred] } = await db.query<{ payload: string }>('select lib_events.event_payload($1)::text as payload', [event.event__id]);
      event.body = JSON.stringify({ ...JSON.parse(event.body) as Record<string, unknown>, payload: JSON.parse(deferred?.payload ?? 'null') as unknown });
    }
  }
  let unconfirmed = page.length;
  const confirmed = new Promise<void>((resolve, reject) => {
    for (const event of page) {
      channel.publish(exchange, event.event_type, Buffer.from(event.body), {
        persistent: true,
        messageId: event.event__id,
        contentType: 'application/json',
        headers: amqpHeaders(event.headers),
      }, (error: unknown) => {
        if (error) reject(error instanceof Error ? error : new Error(`the broker did not confirm event ${event.event__id}`));
        else if ((unconfirmed -= 1) === 0) resolve();
      });
    }
  });
  const inFlight: InFlightPage = { last: page.at(-1)?.cursor as string, count: page.length, confirmed, settled: false };
  // Awaited in order by the session; until then a rejection must not go unheard.
  confirmed.then(() => { inFlight.settled = true; }, () => {});
  return inFlight;
}

export function startBridge(options: BridgeOptions): BridgeHandle {
  const name = options.name ?? 'bridge';
  const exchange = options.exchange ?? 'lib_event';
  const pageSize = options.pageSize ?? 500;
  const maxUnconfirmed = options.maxUnconfirmed ?? 2000;
  const pollMs = options.pollMs ?? options.idleMs ?? 1000;
  const onError = options.onError ?? ((error: Error) => console.error(`bridge ${name}: ${error.message}`));
  let stopped = false;
  let published = 0;
  let cursor: string | null = null;
  let wake: (() => void) | undefined;

  /** One session: connect both sides, take the name's lock, publish until stopped or broken. */
  async function session(): Promise<void> {
    const db = new pg.Client({ connectionString: options.databaseUrl });
    db.on('error', () => {});
    let woken = false;
    db.on('notification', (message) => {
      if (message.channel !== sequencedChannel) return;
      woken = true;
      wake?.();
    });
    let connection: amqp.ChannelModel | undefined;
    const inFlight: InFlightPage[] = [];

    /** Save the cursor after the leading pages the broker confirmed; first wait for the oldest when `wait`. */
    async function settle(wait: boolean): Promise<void> {
      if (wait && inFlight[0]) await inFlight[0].confirmed;
      let count = 0;
      let last: string | undefined;
      while (inFlight[0]?.settled) {
        const page = inFlight.shift() as InFlightPage;
        count += page.count;
        last = page.last;
      }
      if (last === undefined) return;
      await db.query(
        `insert into lib_event.bridge_cursor (bridge, cursor, published) values ($1, $2, $3)
         on conflict (bridge) do update set cursor = excluded.cursor,
           published = lib_event.bridge_cursor.published + excluded.published, updated_at = now()`,
        [name, last, count],
      );
      cursor = last;
      published += count;
    }
    const unconfirmed = () => inFlight.reduce((sum, page) => sum + page.count, 0);

    /** Caught up: until the sequencer announces more, pollMs at most, or a stop. */
    async function waitForMore(): Promise<void> {
      if (woken || stopped) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }

    try {
      await db.connect();
      // Same name, one publisher: wait for the lock (released with the connection).
      while (!stopped) {
        const { rows } = await db.query<{ locked: boolean }>(
          `select pg_try_advisory_lock(hashtext('lib_event.bridge'), hashtext($1)) as locked`, [name]);
        if (rows[0]?.locked) break;
        await sleep(Math.min(200, pollMs * 4));
      }
      if (stopped) return;
      await db.query(`listen "${sequencedChannel}"`);
      connection = await amqp.connect(options.amqpUrl);
      connection.on('error', () => {});
      const channel = await connection.createConfirmChannel();
      channel.on('error', () => {});
      await channel.assertExchange(exchange, 'topic', { durable: true });

      const saved = await db.query<{ cursor: string }>('select cursor from lib_event.bridge_cursor where bridge = $1', [name]);
      cursor = saved.rows[0]?.cursor
        ?? ((options.from ?? 'now') === 'now' ? (await db.query<{ head: string }>('select lib_events.follow_head() as head')).rows[0]?.head ?? null : null);
      // Where the next page is read from: ahead of the saved cursor by the pages in flight.
      let readFrom = cursor;

      while (!stopped) {
        while (inFlight.length > 0 && unconfirmed() + pageSize > maxUnconfirmed) await settle(true);
        woken = false;
        const { rows: page } = await db.query<FollowedEvent>(followPageQuery, [readFrom, pageSize]);
        if (page.length === 0) {
          while (inFlight.length > 0) await settle(true);
          await waitForMore();
          continue;
        }
        inFlight.push(await publishPage(db, channel, exchange, page));
        readFrom = page.at(-1)?.cursor as string;
        await settle(false);
      }
      // Stopped: what was published gets its confirms and its cursor saved.
      while (inFlight.length > 0) await settle(true);
    } finally {
      await connection?.close().catch(() => {});
      await db.end().catch(() => {});
    }
  }

  const running = keepRunning(session, () => stopped, onError);

  return {
    async stop() {
      stopped = true;
      wake?.();
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
BRIDGE_EXCHANGE (lib_event), BRIDGE_FROM (now, or beginning on first start), BRIDGE_PAGE (500),
BRIDGE_UNCONFIRMED (2000: messages published and not yet confirmed), BRIDGE_POLL_MS (1000: caught up, the
longest wait for the sequencer's notification).`,
  });
  const databaseUrl = process.env.DATABASE_URL;
  const amqpUrl = process.env.AMQP_URL;
  if (!databaseUrl || !amqpUrl) throw new UsageError('bridge: set DATABASE_URL (as lib_event_bridge) and AMQP_URL.');
  const name = process.env.BRIDGE_NAME ?? 'bridge';
  const whole = (variable: string, fallback: number, least: number): number => {
    const value = Number(process.env[variable] ?? fallback);
    if (!Number.isInteger(value) || value < least) throw new UsageError(`bridge: ${variable}=${process.env[variable]} is not allowed: give a whole number of at least ${least}.`);
    return value;
  };
  const bridge = startBridge({
    databaseUrl,
    amqpUrl,
    name,
    exchange: process.env.BRIDGE_EXCHANGE ?? 'lib_event',
    from: process.env.BRIDGE_FROM === 'beginning' ? 'beginning' : 'now',
    pageSize: whole('BRIDGE_PAGE', 500, 1),
    maxUnconfirmed: whole('BRIDGE_UNCONFIRMED', 2000, 1),
    pollMs: whole('BRIDGE_POLL_MS', 1000, 1),
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
