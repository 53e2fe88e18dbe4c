import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startRelay, type RelayHandle } from '../../scripts/relay/relay.ts';
import type { TestDatabase } from './database.ts';
import { eventually } from './eventually.ts';

/**
 * The lib_event.created channel from a test's side: who announces (the
 * notify mode), a relay that announces, and a listener that records what
 * arrives.
 */

/** lib_event.set_notify_mode as the owner; the mode now in force. */
export async function setNotifyMode(admin: pg.Pool, mode: 'inline' | 'relay'): Promise<string> {
  const { rows } = await admin.query<{ mode: string }>('select lib_event.set_notify_mode($1) as mode', [mode]);
  return rows[0]?.mode as string;
}

export interface CreatedListener {
  /** Every id received, in arrival order (a payload of several ids gives several entries). */
  received: string[];
  /** Every payload as it arrived. */
  payloads: string[];
  /** How often `id` was announced so far. */
  count(id: string): number;
  /**
   * Send a marker and wait for it. Notifications arrive in commit order, so
   * whatever was announced before the marker was sent is in `received` now.
   */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** A LISTEN on lib_event.created that records every payload in arrival order. */
export async function listenCreated(db: Pick<TestDatabase, 'url' | 'admin'>): Promise<CreatedListener> {
  const client = new pg.Client({ connectionString: db.url });
  const received: string[] = [];
  const payloads: string[] = [];
  client.on('notification', (message) => {
    // A payload is one id, or several separated by commas.
    if (message.channel === 'lib_event.created' && message.payload !== undefined) {
      received.push(...message.payload.split(','));
      payloads.push(message.payload);
    }
  });
  await client.connect();
  await client.query('listen "lib_event.created"');
  return {
    received,
    payloads,
    count: (id) => received.filter((payload) => payload === id).length,
    async drain() {
      const marker = `marker-${randomBytes(6).toString('hex')}`;
      await db.admin.query(`select pg_notify('lib_event.created', $1)`, [marker]);
      await eventually('the marker notification arrives', () => received.includes(marker), 30_000, 10);
    },
    close: () => client.end(),
  };
}

/** A relay as lib_event_relay that reads every 5 ms when idle and reports errors and warnings into `errors`. */
export function startTestRelay(
  db: Pick<TestDatabase, 'relayUrl'>,
  name: string,
  errors: Error[],
  idsPerNotification?: number,
): Promise<RelayHandle> {
  return startRelay({
    connectionString: db.relayUrl,
    name,
    ...(idsPerNotification ? { idsPerNotification } : {}),
    idleMs: 5,
    onError: (error) => errors.push(error),
    onWarning: (message) => errors.push(new Error(message)),
  });
}
