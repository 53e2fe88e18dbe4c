/**
 * The notification relay: follows the log with the never-skipping catch-up
 * read and announces every event id on the lib_event.created channel, from
 * one connection. Run it when the notify mode is `relay`
 * (select lib_event.set_notify_mode('relay')): producers then do not NOTIFY
 * and keep group commit.
 *
 * Each step is one transaction: it NOTIFYs a page of ids and moves the
 * relay's cursor past them. Either both happen or neither does, so a
 * relay that stops or crashes resumes exactly after what it announced. Ids
 * come from lib_event.relay_positions, which returns the events the
 * sequencer has placed in the log, by position: nothing is announced before
 * it committed, and the relay runs beside the sequencer (npm start does).
 *
 * Payload: event ids separated by commas, in log order, at most 200 per
 * notification (7399 bytes, under NOTIFY's 8000); a listener splits on ",".
 * A single id is the same payload inline mode sends (one id per NOTIFY), so the same listener reads both
 * modes. idsPerNotification 1 sends exactly one id per notification.
 *
 * CLI: `tsx scripts/relay/relay.ts` with RELAY_DATABASE_URL (a connection string
 * as lib_event_relay: relays only), or DATABASE_URL as the owner or a
 * superuser (also puts the relay role's password in force, see
 * scripts/database/login-secrets.ts, and switches the notify mode to relay once
 * relaying); optional
 * RELAY_NAME, RELAY_PAGE (older name RELAY_BATCH), RELAY_IDLE_MS,
 * RELAY_IDS_PER_NOTIFICATION.
 */
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { parseCommand, runCommand, UsageError } from '../command.ts';
import { describeLogin, ensureLoginPassword, loginUrl, relayLogin } from '../database/login-secrets.ts';
import { refuseStandby } from '../database/sessions.ts';

export interface RelayOptions {
  /** Connection string, as lib_event_relay. */
  connectionString: string;
  /** The relay's row in lib_event.relay_cursor; default "relay". */
  name?: string;
  /** Ids announced per transaction (a page), 1 to 1000; default 1000. */
  pageSize?: number;
  /** @deprecated The older name of pageSize. */
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
  /** The cursor after the last id announced. */
  readonly cursor: string;
  /** @deprecated The same as cursor, under its older name. */
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

/** Read the relay's cursor, creating it at the head of the log on first start. */
async function loadCursor(client: pg.Client, name: string): Promise<string> {
  await client.query(
    `insert into lib_event.relay_cursor (relay, cursor)
     values ($1, lib_event.relay_head())
     on conflict (relay) do nothing`,
    [name],
  );
  const { rows } = await client.query<{ cursor: string }>(
    'select cursor from lib_event.relay_cursor where relay = $1',
    [name],
  );
  const cursor = rows[0]?.cursor;
  if (cursor === undefined) throw new Error(`lib_event.relay_cursor has no row for relay ${name}`);
  return cursor;
}

/**
 * One read, and one transaction announcing what it found: the relay's new
 * cursor and how many ids, or undefined when there was nothing to read.
 */
async function announceNext(
  connection: pg.Client,
  name: string,
  cursor: string,
  pageSize: number,
  idsPerNotification: number,
): Promise<{ cursor: string; announced: number } | undefined> {
  // A cheap look first: an idle relay takes no lock and no transaction id.
  const probe = await connection.query('select from lib_event.relay_positions($1, 1)', [cursor]);
  if (probe.rowCount === 0) return undefined;
  // Then one statement, so one transaction: lock the relay's cursor row,
  // read the ids after it, NOTIFY them (at most idsPerNotification per
  // payload, comma-separated, in log order within a payload) and move the
  // cursor past them. The NOTIFYs and the new cursor commit
  // together. A second relay under the same name waits for the row lock and
  // then reads on from the cursor the first one left: nothing is
  // announced twice.
  const { rows } = await connection.query<{ cursor: string; announced: number }>(
    `with claimed as (
       select c.cursor
         from lib_event.relay_cursor c
        where c.relay = $1
          for update
     ),
     page as (
       select p.event__id, p.cursor, p.n
         from claimed,
              lib_event.relay_positions(claimed.cursor, $2) with ordinality as p (event__id, cursor, n)
     ),
     sent as (
       select pg_catalog.count(pg_catalog.pg_notify('lib_event.created', chunk.payload)) as notifications
         from (select pg_catalog.string_agg(page.event__id::text, ',' order by page.n) as payload
                 from page
                group by (page.n - 1) / $3) as chunk
     ),
     moved as (
       update lib_event.relay_cursor c
          set cursor = last.cursor,
              emitted = c.emitted + last.n,
              updated_at = pg_catalog.now()
         from (select page.cursor, page.n from page order by page.n desc limit 1) as last, sent
        where c.relay = $1 and sent.notifications > 0
       returning c.cursor, last.n
     )
     select coalesce((select moved.cursor from moved), (select claimed.cursor from claimed)) as cursor,
            coalesce((select moved.n from moved), 0)::integer as announced`,
    [name, pageSize, idsPerNotification],
  );
  const row = rows[0];
  if (!row?.cursor) throw new Error(`lib_event.relay_cursor lost the row of relay ${name}`);
  return { cursor: row.cursor, announced: row.announced };
}

/** The options with their defaults, each checked; pageSize may come under its older name batchSize. */
function relaySettings(options: RelayOptions) {
  const name = options.name ?? 'relay';
  if (options.pageSize !== undefined && options.batchSize !== undefined && options.pageSize !== options.batchSize) {
    throw new Error(`relay pageSize ${options.pageSize} and batchSize ${options.batchSize} disagree; batchSize is the older name of pageSize: give only pageSize`);
  }
  const pageSize = options.pageSize ?? options.batchSize ?? 1000;
  const idsPerNotification = options.idsPerNotification ?? 200;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new Error(`relay pageSize ${pageSize} is out of range: use 1 to 1000`);
  }
  if (!Number.isInteger(idsPerNotification) || idsPerNotification < 1 || idsPerNotification > 200) {
    throw new Error(`relay idsPerNotification ${idsPerNotification} is out of range: use 1 to 200`);
  }
  return {
    name,
    pageSize,
    idleMs: options.idleMs ?? 10,
    idsPerNotification,
    onError: options.onError ?? ((error: Error) => console.error(`relay ${name}: ${error.message}`)),
    onWarning: options.onWarning ?? ((message: string) => console.warn(`relay ${name}: ${message}`)),
  };
}

/**
 * Start relaying. Resolves once connected and positioned at the stored
 * cursor (or, on first start, at the head of the log: start the relay
 * before switching the notify mode to relay, so no id falls between).
 */
export async function startRelay(options: RelayOptions): Promise<RelayHandle> {
  const { name, pageSize, idleMs, idsPerNotification, onError, onWarning } = relaySettings(options);

  const stopping = new AbortController();
  let client: pg.Client | undefined;
  let cursor = '';
  let passes = 0;
  let emitted = 0;

  async function connect(): Promise<pg.Client> {
    const fresh = new pg.Client({ connectionString: options.connectionString, application_name: `lib_event relay ${name}` });
    fresh.on('error', (error) => onError(error));
    await fresh.connect();
    try {
      await refuseStandby(fresh, 'the relay');
      cursor = await loadCursor(fresh, name);
    } catch (error) {
      await fresh.end().catch(() => {});
      throw error;
    }
    return fresh;
  }

  /** One read, and one transaction announcing what it found. Returns how many ids. */
  async function step(connection: pg.Client): Promise<number> {
    const next = await announceNext(connection, name, cursor, pageSize, idsPerNotification);
    if (!next) return 0;
    cursor = next.cursor;
    emitted += next.announced;
    return next.announced;
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
        if (count < pageSize) await sleep(idleMs, stopping.signal);
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
    get cursor() {
      return cursor;
    },
    get checkpoint() {
      return cursor;
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
): Promise<{ mode: NotifyMode; relay?: RelayHandle; login?: string; stop(): Promise<void> }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    if (mode === 'inline') {
      await admin.query(`select lib_event.set_notify_mode('inline')`);
      return { mode, async stop() {} };
    }
    const login = await ensureLoginPassword(admin, adminUrl, relayLogin);
    const relay = await startRelay({
      connectionString: loginUrl(adminUrl, login.role, login.password),
      ...relayOptions,
      // The triggers are still on until the switch below: expected, not worth a warning.
      onWarning: relayOptions.onWarning ?? (() => {}),
    });
    await admin.query(`select lib_event.set_notify_mode('relay')`);
    // Stopping hands the announcements back to the producers first (inline),
    // then stops the relay: no id is left unannounced in between.
    const stop = async () => {
      const restore = new pg.Client({ connectionString: adminUrl });
      await restore.connect();
      try {
        await restore.query(`select lib_event.set_notify_mode('inline')`);
      } finally {
        await restore.end();
      }
      await relay.stop();
    };
    return { mode, relay, login: describeLogin(login), stop };
  } finally {
    await admin.end();
  }
}

const relayUsage = `Announce every committed event on lib_event.created from one connection (notify mode relay).

With DATABASE_URL (the owner or a superuser) it puts lib_event_relay's password in force,
switches the notify mode to relay once relaying, and back to inline when it stops.
With RELAY_DATABASE_URL (logged in as lib_event_relay) it only relays: the operator switches the mode.
Optional: RELAY_NAME (relay), RELAY_PAGE (1000; older name RELAY_BATCH), RELAY_IDLE_MS (10), RELAY_IDS_PER_NOTIFICATION (200).`;

async function main(): Promise<void> {
  parseCommand({ usage: 'npm run relay', description: relayUsage });
  const relayUrl = process.env.RELAY_DATABASE_URL;
  const adminUrl = process.env.DATABASE_URL;
  if (!relayUrl && !adminUrl) {
    throw new UsageError('relay: set RELAY_DATABASE_URL (logged in as lib_event_relay), or DATABASE_URL (as the owner or a superuser).');
  }
  const name = process.env.RELAY_NAME ?? 'relay';
  const options: Partial<RelayOptions> = {
    name,
    ...(process.env.RELAY_PAGE ? { pageSize: Number(process.env.RELAY_PAGE) } : {}),
    ...(process.env.RELAY_BATCH ? { batchSize: Number(process.env.RELAY_BATCH) } : {}),
    ...(process.env.RELAY_IDLE_MS ? { idleMs: Number(process.env.RELAY_IDLE_MS) } : {}),
    ...(process.env.RELAY_IDS_PER_NOTIFICATION ? { idsPerNotification: Number(process.env.RELAY_IDS_PER_NOTIFICATION) } : {}),
  };
  // As lib_event_relay, only relay: the operator switches the mode. With an
  // owner's DATABASE_URL, also put the relay's password in force and switch
  // the mode to relay once relaying, as npm start does.
  let relay: RelayHandle;
  let stop: () => Promise<void>;
  if (relayUrl) {
    relay = await startRelay({ ...options, connectionString: relayUrl });
    stop = async () => {
      await relay.stop();
      console.error(`relay ${name}: the notify mode stays relay, so nobody announces new events until a relay runs again ` +
        `or an operator runs: select lib_event.set_notify_mode('inline')`);
    };
  } else {
    const started = await startNotifications(adminUrl as string, 'relay', options);
    console.log(started.login);
    relay = started.relay as RelayHandle;
    stop = async () => {
      await started.stop();
      console.log(`relay ${name}: notify mode switched back to inline`);
    };
  }
  console.log(`relay ${name}: announcing lib_event.created from cursor ${relay.cursor}`);
  const shutdown = async () => {
    await stop();
    console.log(`relay ${name}: stopped at ${relay.cursor} after announcing ${relay.emitted} ids`);
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCommand(main);
}
