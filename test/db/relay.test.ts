import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { followLog, type FollowedEvent, type ReadPage } from '../../scripts/client/follow.ts';
import { configuredNotifyMode, startNotifications, startRelay, type RelayHandle } from '../../scripts/relay.ts';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { projectRoot } from '../../scripts/dbmate.ts';
import { rpc } from '../support/postgrest-call.ts';

let db: TestDatabase;
let producer: IssuedKey;
let reader: IssuedKey;
const relayErrors: Error[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ sequencer: true });
  // The relay's password on this run's server, as an operator would give it.
  process.env.RELAY_PASSWORD = inject('relayPassword');
  producer = await issueKey(db.admin, 'shipping', 'producer');
  reader = await issueKey(db.admin, 'tracker', 'reader');
});
afterAll(() => db.drop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const newTag = () => `t-${randomBytes(6).toString('hex')}`;

/** Wait for a condition that the system under test will make true; fail with `what` if it never does. */
async function eventually(what: string, condition: () => boolean | Promise<boolean>, attempts = 3000): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    if (await condition()) return;
    await sleep(10);
  }
  throw new Error(`never happened: ${what}`);
}

async function setMode(mode: 'inline' | 'relay'): Promise<string> {
  const { rows } = await db.admin.query<{ mode: string }>('select lib_event.set_notify_mode($1) as mode', [mode]);
  return rows[0]?.mode as string;
}

async function create(tag: string): Promise<string> {
  const response = await rpc<{ event__id: string }>(
    db.authenticator,
    'create',
    { event_type: 'shipping.parcel.sent', partition_key: tag },
    { apiKey: producer.key },
  );
  if (response.status !== 200) throw new Error(`create answered ${response.status}: ${JSON.stringify(response.body)}`);
  return (response.body as { event__id: string }).event__id;
}

async function createIn(client: pg.PoolClient, tag: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `select (lib_events.create('shipping.parcel.sent', partition_key => $1)).event__id as id`,
    [tag],
  );
  return rows[0]?.id as string;
}

/** A LISTEN on lib_event.created that records every payload in arrival order. */
async function listen() {
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
    count: (id: string) => received.filter((payload) => payload === id).length,
    /**
     * Send a marker and wait for it. Notifications arrive in commit order, so
     * whatever was announced before the marker was sent is in `received` now.
     */
    async drain(): Promise<void> {
      const marker = `marker-${randomBytes(6).toString('hex')}`;
      await db.admin.query(`select pg_notify('lib_event.created', $1)`, [marker]);
      await eventually('the marker notification arrives', () => received.includes(marker));
    },
    close: () => client.end(),
  };
}

function relay(name: string, idsPerNotification?: number): Promise<RelayHandle> {
  return startRelay({
    connectionString: db.relayUrl,
    name,
    ...(idsPerNotification ? { idsPerNotification } : {}),
    idleMs: 5,
    onError: (error) => relayErrors.push(error),
    onWarning: (message) => relayErrors.push(new Error(message)),
  });
}

describe('the notify mode', () => {
  it('is inline by default and switches both ways', async () => {
    const mode = async () => (await db.admin.query<{ mode: string }>('select lib_event.notify_mode() as mode')).rows[0]?.mode;
    const triggerEnabled = async () =>
      (await db.admin.query<{ tgenabled: string }>(
        `select tgenabled from pg_trigger where tgrelid = 'lib_event.event'::regclass and tgname = 'event_notify_created'`,
      )).rows[0]?.tgenabled;

    expect(await mode()).toBe('inline');
    expect(await setMode('relay')).toBe('relay');
    expect(await triggerEnabled()).toBe('D');
    expect(await setMode('relay')).toBe('relay');
    expect(await setMode('inline')).toBe('inline');
    expect(await triggerEnabled()).toBe('O');
  });

  it.each([['bogus'], [null], ['INLINE']])('refuses the mode %s with LE032', async (bad) => {
    await expect(db.admin.query('select lib_event.set_notify_mode($1)', [bad])).rejects.toMatchObject({
      code: 'LE032',
      message: expect.stringContaining(bad === null ? 'null' : bad),
    });
  });

  it.each([['lib_event_producer'], ['lib_event_reader'], ['lib_event_relay'], ['lib_event_authenticator']])(
    'may not be switched by %s',
    async (role) => {
      const client = await db.admin.connect();
      try {
        await client.query('begin');
        await client.query(`set local role ${role}`);
        await expect(client.query(`select lib_event.set_notify_mode('relay')`)).rejects.toMatchObject({ code: '42501' });
      } finally {
        await client.query('rollback');
        client.release();
      }
    },
  );

  it('inline: the producer announces its event as it commits', async () => {
    await setMode('inline');
    const listener = await listen();
    try {
      const id = await create(newTag());
      await eventually('the producer announces its id', () => listener.count(id) === 1);
    } finally {
      await listener.close();
    }
  });

  it('relay: producers announce nothing themselves', async () => {
    await setMode('relay');
    const listener = await listen();
    try {
      const id = await create(newTag());
      await listener.drain();
      expect(listener.count(id)).toBe(0);
    } finally {
      await listener.close();
    }
  });
});

describe('the relay', () => {
  beforeAll(() => setMode('relay'));

  it('announces every id from parallel producers exactly once, in log order', async () => {
    const listener = await listen();
    const running = await relay('relay-parallel');
    const tag = newTag();
    try {
      const ids = (
        await Promise.all(Array.from({ length: 10 }, async () => {
          const mine: string[] = [];
          for (let i = 0; i < 10; i += 1) mine.push(await create(tag));
          return mine;
        }))
      ).flat();
      await eventually('every id is announced', () => ids.every((id) => listener.count(id) > 0));
      await running.stop();
      await listener.drain();

      for (const id of ids) expect(listener.count(id)).toBe(1);
      const announced = listener.received.filter((payload) => !payload.startsWith('marker-'));
      expect(new Set(announced).size).toBe(announced.length);
      for (const payload of listener.payloads) {
        expect(Buffer.byteLength(payload)).toBeLessThan(8000);
        expect(payload).toMatch(/^[0-9a-f-]{36}(,[0-9a-f-]{36}){0,199}$|^marker-/);
      }

      const { rows } = await db.admin.query<{ checkpoint: string; emitted: string }>(
        `select checkpoint, emitted from lib_event.relay_checkpoint where relay = 'relay-parallel'`,
      );
      expect(rows[0]?.checkpoint).toBe(running.checkpoint);
      expect(Number(rows[0]?.emitted)).toBe(running.emitted);
      expect(running.emitted).toBeGreaterThanOrEqual(ids.length);
    } finally {
      await running.stop();
      await listener.close();
    }
    expect(relayErrors).toEqual([]);
  });

  it('packs at most 200 ids into one notification, or one id each when asked', async () => {
    const listener = await listen();
    const packed = await relay('relay-packed');
    let single: RelayHandle | undefined;
    try {
      const { rows } = await db.admin.query<{ id: string }>(
        `select (lib_events.create('shipping.parcel.sent', partition_key => $1)).event__id as id
           from generate_series(1, 450)`,
        [newTag()],
      );
      const ids = rows.map((row) => row.id);
      await eventually('the 450 ids are announced', () => ids.every((id) => listener.count(id) > 0));
      await packed.stop();
      await listener.drain();
      for (const id of ids) expect(listener.count(id)).toBe(1);
      const carrying = listener.payloads.filter((payload) => ids.some((id) => payload.includes(id)));
      expect(carrying.length).toBeGreaterThanOrEqual(3);
      expect(carrying.length).toBeLessThanOrEqual(4);
      for (const payload of carrying) expect(payload.split(',').length).toBeLessThanOrEqual(200);

      single = await relay('relay-single', 1);
      const tag = newTag();
      const more = [await create(tag), await create(tag), await create(tag)];
      await eventually('the ids are announced one by one', () => more.every((id) => listener.payloads.includes(id)));
    } finally {
      await packed.stop();
      await single?.stop();
      await listener.close();
    }
    expect(relayErrors).toEqual([]);
  });

  it('never announces an id before its transaction committed, nor a later one past it', async () => {
    const listener = await listen();
    const running = await relay('relay-interleaved');
    const tag = newTag();
    const a = await db.admin.connect();
    const b = await db.admin.connect();
    try {
      await a.query('begin');
      const aId = await createIn(a, tag);
      await b.query('begin');
      const bId = await createIn(b, tag);
      await b.query('commit');

      // Let the relay read at least twice after B committed.
      const passes = running.passes;
      await eventually('the relay reads twice', () => running.passes >= passes + 2);
      await listener.drain();
      expect(listener.count(aId)).toBe(0);
      expect(listener.count(bId)).toBe(0);

      await a.query('commit');
      await eventually('both ids are announced', () => listener.count(aId) > 0 && listener.count(bId) > 0);
      await running.stop();
      await listener.drain();
      expect(listener.count(aId)).toBe(1);
      expect(listener.count(bId)).toBe(1);
      expect(listener.received.indexOf(aId)).toBeLessThan(listener.received.indexOf(bId));
    } finally {
      await a.query('rollback').catch(() => {});
      a.release();
      b.release();
      await running.stop();
      await listener.close();
    }
    expect(relayErrors).toEqual([]);
  });

  it('resumes after the last id it announced when restarted', async () => {
    const listener = await listen();
    const tag = newTag();
    const first = await relay('relay-restart');
    let second: RelayHandle | undefined;
    try {
      const before = await create(tag);
      await eventually('the first id is announced', () => listener.count(before) === 1);
      await first.stop();

      const whileStopped = [await create(tag), await create(tag)];
      await listener.drain();
      for (const id of whileStopped) expect(listener.count(id)).toBe(0);
      const { rows } = await db.admin.query<{ checkpoint: string }>(
        `select checkpoint from lib_event.relay_checkpoint where relay = 'relay-restart'`,
      );
      expect(rows[0]?.checkpoint).toBe(first.checkpoint);

      second = await relay('relay-restart');
      expect(second.checkpoint).toBe(first.checkpoint);
      await eventually('the ids recorded while stopped are announced', () =>
        whileStopped.every((id) => listener.count(id) > 0));
      await second.stop();
      await listener.drain();
      for (const id of [before, ...whileStopped]) expect(listener.count(id)).toBe(1);
    } finally {
      await first.stop();
      await second?.stop();
      await listener.close();
    }
    expect(relayErrors).toEqual([]);
  });

  it('announces nothing twice when two relays run under the same name', async () => {
    const listener = await listen();
    const tag = newTag();
    const relays = await Promise.all([relay('relay-twin'), relay('relay-twin')]);
    try {
      const ids = (await Promise.all(Array.from({ length: 6 }, async () => {
        const mine: string[] = [];
        for (let i = 0; i < 10; i += 1) mine.push(await create(tag));
        return mine;
      }))).flat();
      await eventually('every id is announced', () => ids.every((id) => listener.count(id) > 0));
      await Promise.all(relays.map((running) => running.stop()));
      await listener.drain();
      for (const id of ids) expect(listener.count(id)).toBe(1);
    } finally {
      await Promise.all(relays.map((running) => running.stop()));
      await listener.close();
    }
    expect(relayErrors).toEqual([]);
  });
});

describe('the relay command (tsx scripts/relay.ts)', () => {
  it.each([
    ['as lib_event_relay (RELAY_DATABASE_URL), the mode switched by the operator', 'relay', 'relay login'],
    ['with the owner\'s DATABASE_URL, switching the mode itself', 'inline', 'owner login'],
  ] as const)('announces from its checkpoint and stops cleanly on SIGTERM, %s', async (_, modeBefore, login) => {
    await setMode(modeBefore);
    const listener = await listen();
    const environment: NodeJS.ProcessEnv = { ...process.env, RELAY_NAME: 'relay-cli', RELAY_IDLE_MS: '5' };
    delete environment.RELAY_DATABASE_URL;
    delete environment.DATABASE_URL;
    if (login === 'relay login') environment.RELAY_DATABASE_URL = db.relayUrl;
    else environment.DATABASE_URL = db.url;
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/relay.ts'], {
      cwd: projectRoot,
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      await eventually('the relay command starts', () => output.includes('announcing lib_event.created'));
      const { rows } = await db.admin.query<{ mode: string }>('select lib_event.notify_mode() as mode');
      expect(rows[0]?.mode).toBe('relay');
      const id = await create(newTag());
      await eventually('the relay command announces the id', () => listener.count(id) > 0);
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
      expect(output).toMatch(/relay relay-cli: stopped at \d+ after/);
      // Nobody is left believing someone relays: the owner's relay hands the
      // announcements back to the producers; the relay role's says loudly it cannot.
      const after = (await db.admin.query<{ mode: string }>('select lib_event.notify_mode() as mode')).rows[0]?.mode;
      if (login === 'owner login') {
        expect(after).toBe('inline');
        expect(output).toMatch(/notify mode switched back to inline/);
      } else {
        expect(after).toBe('relay');
        expect(output).toMatch(/the notify mode stays relay, so nobody announces new events/);
      }
      await listener.drain();
      expect(listener.count(id)).toBe(1);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await listener.close();
    }
  });
});

describe('followLog, the consumer helper', () => {
  /** Pages as GET /rpc/follow serves them, with a reader key. */
  const readPage: ReadPage = async (after, max) => {
    const response = await rpc<FollowedEvent[]>(db.authenticator, 'follow', { after, max }, { apiKey: reader.key, method: 'GET' });
    if (response.status !== 200) throw new Error(`follow answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body as FollowedEvent[];
  };
  const head = async () =>
    (await rpc<string>(db.authenticator, 'follow_head', {}, { apiKey: reader.key, method: 'GET' })).body as string;

  it('wakes on the sequencer\'s notification (relay mode: producers are silent), hands each event over once, and saves its checkpoint', async () => {
    await setMode('relay');
    const running = await relay('relay-helper');
    const tag = newTag();
    const handled: string[] = [];
    const saved: string[] = [];
    const follower = followLog({
      readPage,
      listen: { connectionString: db.url },
      from: await head(),
      onEvent: (event) => {
        if (event.partition_key === tag) handled.push(event.event__id);
      },
      saveCheckpoint: (checkpoint) => {
        saved.push(checkpoint);
      },
      pageSize: 7,
      // Far longer than the test may take: only a notification wakes it.
      pollMs: 600_000,
      onError: (error) => relayErrors.push(error),
    });
    let resumed: ReturnType<typeof followLog> | undefined;
    try {
      // The second read follows the wake-up rung once LISTEN is in place.
      await eventually('the follower is listening', () => follower.reads >= 2);
      const ids = (await Promise.all(Array.from({ length: 4 }, async () => [await create(tag), await create(tag), await create(tag)]))).flat();
      await eventually('every event is handled', () => ids.every((id) => handled.includes(id)));
      await follower.stop();
      expect(handled).toHaveLength(ids.length);
      expect(new Set(handled)).toEqual(new Set(ids));
      expect(saved.at(-1)).toBe(follower.checkpoint);

      // Restarted from the saved checkpoint, without a listener (polling only):
      // only what came after is handed over.
      await running.stop();
      const later = [await create(tag), await create(tag)];
      const handledAfterRestart: string[] = [];
      resumed = followLog({
        readPage,
        from: saved.at(-1) as string,
        onEvent: (event) => {
          if (event.partition_key === tag) handledAfterRestart.push(event.event__id);
        },
        saveCheckpoint: () => {},
        pollMs: 20,
        onError: (error) => relayErrors.push(error),
      });
      await eventually('the later events are handled', () => later.every((id) => handledAfterRestart.includes(id)));
      await resumed.stop();
      expect(handledAfterRestart).toEqual(later);
    } finally {
      await follower.stop();
      await resumed?.stop();
      await running.stop();
    }
    expect(relayErrors).toEqual([]);
  });

  it('follows in inline mode too, and stops with the error when the callback throws, keeping what it handled', async () => {
    await setMode('inline');
    const tag = newTag();
    const handled: string[] = [];
    const saved: string[] = [];
    const follower = followLog({
      readPage,
      listen: { connectionString: db.url },
      from: await head(),
      onEvent: (event) => {
        if (event.partition_key !== tag) return;
        // The second event of ours fails.
        if (handled.length === 1) throw new Error(`cannot handle ${event.event__id}`);
        handled.push(event.event__id);
      },
      saveCheckpoint: (checkpoint) => {
        saved.push(checkpoint);
      },
      pollMs: 50,
    });
    // Two events in one transaction: one page, the second one fails.
    const { rows } = await db.admin.query<{ id: string }>(
      `select (lib_events.create('shipping.parcel.sent', partition_key => $1)).event__id as id from generate_series(1, 2)`,
      [tag],
    );
    // One transaction: log order is id order.
    const [first, second] = rows.map((row) => row.id).sort() as [string, string];
    await expect(follower.done).rejects.toThrow(`cannot handle ${second}`);
    expect(handled).toEqual([first]);
    const { rows: [placed] } = await db.admin.query<{ position: string }>(
      'select position::text from lib_event.log_entry where event__id = $1', [first]);
    expect(saved.at(-1)).toBe(placed?.position);
    expect(follower.checkpoint).toBe(placed?.position);
  });
});

describe('startNotifications, the npm start hook', () => {
  const mode = async () => (await db.admin.query<{ mode: string }>('select lib_event.notify_mode() as mode')).rows[0]?.mode;

  it('relay: starts the relay, then turns the producers\' notifications off; inline: turns them back on', async () => {
    await setMode('inline');
    const listener = await listen();
    const started = await startNotifications(db.url, 'relay', {
      name: 'relay-start',
      idleMs: 5,
      onError: (error) => relayErrors.push(error),
    });
    try {
      expect(started.mode).toBe('relay');
      expect(await mode()).toBe('relay');
      const id = await create(newTag());
      await eventually('the relay announces the id', () => listener.count(id) > 0);
      await started.stop();
      await listener.drain();
      // Announced by the relay only, not by the producer as well.
      expect(listener.count(id)).toBe(1);

      const inline = await startNotifications(db.url, 'inline');
      expect(inline.mode).toBe('inline');
      expect(await mode()).toBe('inline');
      await inline.stop();
    } finally {
      await started.stop();
      await listener.close();
    }
    expect(relayErrors).toEqual([]);
  });

  it('reads the mode from LIB_EVENT_NOTIFY_MODE, inline when unset, and refuses anything else', () => {
    const saved = process.env.LIB_EVENT_NOTIFY_MODE;
    try {
      delete process.env.LIB_EVENT_NOTIFY_MODE;
      expect(configuredNotifyMode()).toBe('inline');
      process.env.LIB_EVENT_NOTIFY_MODE = 'relay';
      expect(configuredNotifyMode()).toBe('relay');
      process.env.LIB_EVENT_NOTIFY_MODE = 'sometimes';
      expect(() => configuredNotifyMode()).toThrow(/LIB_EVENT_NOTIFY_MODE=sometimes/);
    } finally {
      if (saved === undefined) delete process.env.LIB_EVENT_NOTIFY_MODE;
      else process.env.LIB_EVENT_NOTIFY_MODE = saved;
    }
  });
});
