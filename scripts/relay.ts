/**
 * The notification relay: follows the log with the never-skipping catch-up
 * read and announces every event id on the lib_event.created channel, from
 * one connection. Run it when the notify mode is `relay`
 * (select lib_event.set_notify_mode('relay')): producers then do not NOTIFY
 * and keep group commit.
 *
 * Each step is one transaction: it NOTIFYs a batch of ids and moves the
 * relay's checkpoint past them. Either both happen or neither does, so a
 * relay that stops or crashes resumes exactly after what it announced. Ids
 * come from lib_event.relay_positions, which only returns events whose
 * transaction has ended: nothing is announced before it committed.
 *
 * Payload: event ids separated by commas, in log order, at most 200 per
 * notification (7399 bytes, under NOTIFY's 8000); a listener splits on ",".
 * A single id is the seed's one-id payload, so the same listener reads both
 * modes. idsPerNotification 1 sends exactly one id per notification.
 *
 * CLI: `tsx scripts/relay.ts` with RELAY_DATABASE_URL (a connection string
 * as lib_event_relay) or DATABASE_URL plus RELAY_PASSWORD; optional
 * RELAY_NAME, RELAY_BATCH, RELAY_IDLE_MS, RELAY_IDS_PER_NOTIFICATION.
 */
import { pathToFileURL } from 'node:url';
import pg from 'pg';

/** The role the relay logs in as, created by the relay migration. */
export const relayRole = 'lib_event_relay';

/** Its password: RELAY_PASSWORD, or a development default. */
export function relayPassword(): string {
  return process.env.RELAY_PASSWORD ?? 'relay';
}

/** The same connection string, logged in as the relay role instead. */
export function asRelay(connectionString: string): string {
  const url = new URL(connectionString);
  url.username = relayRole;
  url.password = encodeURIComponent(relayPassword());
  return url.toString();
}

export interface RelayOptions {
  /** Connection string, as lib_event_relay (see asRelay). */
  connectionString: string;
  /** The relay's row in lib_event.relay_checkpoint; default "relay". */
  name?: string;
  /** Ids announced per transaction, 1 to 1000; default 1000. */
  batchSize?: number;
  /** Ids per notification payload, comma-separated, 1 to 200; default 200. */
  idsPerNotification?: number;
  /** Pause between reads when caught up, in ms; default 10. */
  idleMs?: number;
  /** Told about connection and query errors; the relay reconnects and goes on. Default: console.error. */
  onError?: (error: Error) => void;
  /** Told when the notify mode is inline at start: ids are then announced twice. Default: console.warn. */
  onWarning?: (message: string) => void;
}

export interface RelayHandle {
  /** Finish the step under way and close the connection. */
  stop(): Promise<void>;
  /** Reads completed so far (with or without ids to announce). */
  readonly passes: number;
  /** Ids announced by this process so far. */
  readonly emitted: number;
  /** The checkpoint after the last id announced. */
  readonly checkpoint: string;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** Read the relay's checkpoint, creating it at the head of the log on first start. */
async function loadCheckpoint(client: pg.Client, name: string): Promise<string> {
  await client.query(
    `insert into lib_event.relay_checkpoint (relay, checkpoint)
     values ($1, lib_event.relay_head())
     on conflict (relay) do nothing`,
    [name],
  );
  const { rows } = await client.query<{ checkpoint: string }>(
    'select checkpoint from lib_event.relay_checkpoint where relay = $1',
    [name],
  );
  const checkpoint = rows[0]?.checkpoint;
  if (checkpoint === undefined) throw new Error(`lib_event.relay_checkpoint has no row for relay ${name}`);
  return checkpoint;
}

/**
 * Start relaying. Resolves once connected and positioned at the stored
 * checkpoint (or, on first start, at the head of the log: start the relay
 * before switching the notify mode to relay, so no id falls between).
 */
export async function startRelay(options: RelayOptions): Promise<RelayHandle> {
  const name = options.name ?? 'relay';
  const batchSize = options.batchSize ?? 1000;
  const idleMs = options.idleMs ?? 10;
  const idsPerNotification = options.idsPerNotification ?? 200;
  const onError = options.onError ?? ((error: Error) => console.error(`relay ${name}: ${error.message}`));
  const onWarning = options.onWarning ?? ((message: string) => console.warn(`relay ${name}: ${message}`));
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
    throw new Error(`relay batchSize ${batchSize} is out of range: use 1 to 1000`);
  }
  if (!Number.isInteger(idsPerNotification) || idsPerNotification < 1 || idsPerNotification > 200) {
    throw new Error(`relay idsPerNotification ${idsPerNotification} is out of range: use 1 to 200`);
  }

  const stopping = new AbortController();
  let client: pg.Client | undefined;
  let checkpoint = '';
  let passes = 0;
  let emitted = 0;

  async function connect(): Promise<pg.Client> {
    const fresh = new pg.Client({ connectionString: options.connectionString, application_name: `lib_event relay ${name}` });
    fresh.on('error', (error) => onError(error));
    await fresh.connect();
    try {
      checkpoint = await loadCheckpoint(fresh, name);
    } catch (error) {
      await fresh.end().catch(() => {});
      throw error;
    }
    return fresh;
  }

  /** One read, and one transaction announcing what it found. Returns how many ids. */
  async function step(connection: pg.Client): Promise<number> {
    const { rows } = await connection.query<{ event__id: string; checkpoint: string }>(
      'select event__id, checkpoint from lib_event.relay_positions($1, $2)',
      [checkpoint, batchSize],
    );
    const last = rows.at(-1);
    if (!last) return 0;
    // One transaction: the NOTIFYs (in log order) and the new checkpoint
    // commit together. Locking the checkpoint row at the value read first
    // makes a second relay running under the same name announce nothing
    // twice: it finds the row moved on, announces nothing, and re-reads.
    await connection.query('begin');
    try {
      const claimed = await connection.query(
        'select from lib_event.relay_checkpoint where relay = $1 and checkpoint = $2 for update',
        [name, checkpoint],
      );
      if (claimed.rowCount !== 1) {
        await connection.query('rollback');
        checkpoint = await loadCheckpoint(connection, name);
        return 0;
      }
      const payloads: string[] = [];
      for (let i = 0; i < rows.length; i += idsPerNotification) {
        payloads.push(rows.slice(i, i + idsPerNotification).map((row) => row.event__id).join(','));
      }
      await connection.query(
        `select pg_catalog.count(pg_catalog.pg_notify('lib_event.created', payload))
           from pg_catalog.unnest($1::text[]) as payload`,
        [payloads],
      );
      await connection.query(
        `update lib_event.relay_checkpoint
            set checkpoint = $2, emitted = emitted + $3, updated_at = pg_catalog.now()
          where relay = $1`,
        [name, last.checkpoint, rows.length],
      );
      await connection.query('commit');
    } catch (error) {
      await connection.query('rollback').catch(() => {});
      throw error;
    }
    checkpoint = last.checkpoint;
    emitted += rows.length;
    return rows.length;
  }

  client = await connect();
  const { rows: modeRows } = await client.query<{ mode: string }>('select lib_event.notify_mode() as mode');
  if (modeRows[0]?.mode === 'inline') {
    onWarning('the notify mode is inline: producers announce events too, so listeners hear each id twice. Run select lib_event.set_notify_mode(\'relay\') as the owner.');
  }

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        client ??= await connect();
        const count = await step(client);
        passes += 1;
        if (count < batchSize) await sleep(idleMs, stopping.signal);
      } catch (error) {
        onError(error as Error);
        const broken = client;
        client = undefined;
        await broken?.end().catch(() => {});
        await sleep(1000, stopping.signal);
      }
    }
  })();

  return {
    async stop() {
      stopping.abort();
      await loop;
      await client?.end().catch(() => {});
      client = undefined;
    },
    get passes() {
      return passes;
    },
    get emitted() {
      return emitted;
    },
    get checkpoint() {
      return checkpoint;
    },
  };
}

export type NotifyMode = 'inline' | 'relay';

/** LIB_EVENT_NOTIFY_MODE: inline (the default) or relay. */
export function configuredNotifyMode(): NotifyMode {
  const mode = process.env.LIB_EVENT_NOTIFY_MODE ?? 'inline';
  if (mode !== 'inline' && mode !== 'relay') {
    throw new Error(`LIB_EVENT_NOTIFY_MODE=${mode} is not a notify mode: use inline or relay`);
  }
  return mode;
}

/**
 * Put the configured notify mode in force, for npm start: with relay, set the
 * relay role's password, start the relay (first, so no id falls between the
 * two modes), then switch the producers' triggers off; with inline, switch
 * them on. `adminUrl` connects as the owner or a superuser. stop() stops the
 * relay (the mode stays as it is: switch to inline before stopping a relay
 * for good).
 */
export async function startNotifications(
  adminUrl: string,
  mode: NotifyMode = configuredNotifyMode(),
  relayOptions: Partial<RelayOptions> = {},
): Promise<{ mode: NotifyMode; relay?: RelayHandle; stop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    if (mode === 'inline') {
      await admin.query(`select lib_event.set_notify_mode('inline')`);
      return { mode, async stop() {} };
    }
    await admin.query(`alter role ${relayRole} password ${admin.escapeLiteral(relayPassword())}`);
    const relay = await startRelay({
      connectionString: asRelay(adminUrl),
      ...relayOptions,
      // The triggers are still on until the switch below: expected, not worth a warning.
      onWarning: relayOptions.onWarning ?? (() => {}),
    });
    await admin.query(`select lib_event.set_notify_mode('relay')`);
    return { mode, relay, stop: () => relay.stop() };
  } finally {
    await admin.end();
  }
}

async function main(): Promise<void> {
  const explicit = process.env.RELAY_DATABASE_URL;
  const base = process.env.DATABASE_URL;
  if (!explicit && !base) {
    console.error('relay: set RELAY_DATABASE_URL (as lib_event_relay), or DATABASE_URL and RELAY_PASSWORD.');
    process.exit(2);
  }
  const name = process.env.RELAY_NAME ?? 'relay';
  const relay = await startRelay({
    connectionString: explicit ?? asRelay(base as string),
    name,
    ...(process.env.RELAY_BATCH ? { batchSize: Number(process.env.RELAY_BATCH) } : {}),
    ...(process.env.RELAY_IDLE_MS ? { idleMs: Number(process.env.RELAY_IDLE_MS) } : {}),
    ...(process.env.RELAY_IDS_PER_NOTIFICATION ? { idsPerNotification: Number(process.env.RELAY_IDS_PER_NOTIFICATION) } : {}),
  });
  console.log(`relay ${name}: announcing lib_event.created from checkpoint ${relay.checkpoint}`);
  const shutdown = async () => {
    await relay.stop();
    console.log(`relay ${name}: stopped at ${relay.checkpoint} after announcing ${relay.emitted} ids`);
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: Error) => {
    console.error(`relay: ${error.message}`);
    process.exit(1);
  });
}
