import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { configuredNotifyMode, startNotifications, startRelay, type RelayHandle } from '../../scripts/relay/relay.ts';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually as eventuallyWithin } from '../support/eventually.ts';
import { listenCreated, setNotifyMode, startTestRelay } from '../support/notifications.ts';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { rpc } from '../support/postgrest-call.ts';

// The relay (scripts/relay/relay.ts): the process that announces on lib_event.created
// in relay mode, its command, and the npm start hook that runs it.
// The notify mode itself is specified in notify.test.ts.

let db: TestDatabase;
let producer: IssuedKey;
const relayErrors: Error[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ sequencer: true });
  // The relay's password on this run's server, as an operator would give it.
  process.env.RELAY_PASSWORD = inject('relayPassword');
  producer = await issueKey(db.admin, 'shipping', 'producer');
});
afterAll(() => db.drop());

const newTag = () => `t-${randomBytes(6).toString('hex')}`;
/** Wait for a condition that the system under test will make true; fail with `what` if it never does. */
const eventually = (what: string, condition: () => boolean | Promise<boolean>) => eventuallyWithin(what, condition, 30_000, 10);
const setMode = (mode: 'inline' | 'relay') => setNotifyMode(db.admin, mode);
const listen = () => listenCreated(db);
const relay = (name: string, idsPerNotification?: number): Promise<RelayHandle> =>
  startTestRelay(db, name, relayErrors, idsPerNotification);

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

      const { rows } = await db.admin.query<{ cursor: string; emitted: string }>(
        `select cursor, emitted from lib_event.relay_cursor where relay = 'relay-parallel'`,
      );
      expect(rows[0]?.cursor).toBe(running.cursor);
      expect(Number(rows[0]?.emitted)).toBe(running.emitted);
      expect(running.emitted).toBeGreaterThanOrEqual(ids.length);
    } finally {
      await running.stop();
      await listener.close();
    }
    expect(relayErrors).toEqual([]);
  });

  it('announces the lib_event.event.erased event of an erasure', async () => {
    const listener = await listen();
    const running = await relay('relay-erasure');
    const client = await db.admin.connect();
    try {
      const tag = newTag();
      const ids = [await create(tag), await create(tag)];
      await eventually('the events are announced', () => ids.every((id) => listener.count(id) > 0));
      await client.query('set role lib_event_eraser');
      const { rows: [erased] } = await client.query<{ r: { erasure__id: string } }>(
        `select lib_event.erase('GDPR request', partition_key => $1) as r`, [tag]);
      await client.query('reset role');
      const erasureId = erased?.r.erasure__id as string;
      await eventually('the erasure is announced', () => listener.count(erasureId) > 0);
      const { rows: [recorded] } = await db.admin.query<{ event_type: string }>('select event_type from lib_event.event where event__id = $1', [erasureId]);
      expect(recorded?.event_type).toBe('lib_event.event.erased');
    } finally {
      await client.query('reset role').catch(() => {});
      client.release();
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
      const { rows } = await db.admin.query<{ cursor: string }>(
        `select cursor from lib_event.relay_cursor where relay = 'relay-restart'`,
      );
      expect(rows[0]?.cursor).toBe(first.cursor);

      second = await relay('relay-restart');
      expect(second.cursor).toBe(first.cursor);
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

  it('takes its page size as pageSize or, as it shipped first, batchSize, and refuses the two disagreeing or out of range', async () => {
    await expect(startRelay({ connectionString: db.relayUrl, pageSize: 5, batchSize: 6 })).rejects.toThrow(/pageSize 5 and batchSize 6 disagree/);
    await expect(startRelay({ connectionString: db.relayUrl, batchSize: 0 })).rejects.toThrow(/pageSize 0 is out of range/);
    await expect(startRelay({ connectionString: db.relayUrl, pageSize: 1001 })).rejects.toThrow(/pageSize 1001 is out of range/);
    const options = {
      connectionString: db.relayUrl, name: 'relay-older-batch', batchSize: 2, idleMs: 5,
      onError: (error: Error) => relayErrors.push(error), onWarning: (message: string) => relayErrors.push(new Error(message)),
    };
    // Placed at the head on its first start; five ids wait while it is stopped.
    await (await startRelay(options)).stop();
    const tag = newTag();
    const ids = [await create(tag), await create(tag), await create(tag), await create(tag), await create(tag)];
    const listener = await listen();
    const running = await startRelay(options);
    try {
      await eventually('every id is announced', () => ids.every((id) => listener.count(id) > 0));
      await running.stop();
      await listener.drain();
      for (const id of ids) expect(listener.count(id)).toBe(1);
      // One transaction, one notification: pages of two, as batchSize said.
      const pages = listener.payloads.filter((payload) => ids.some((id) => payload.includes(id)));
      expect(pages.map((payload) => payload.split(',').length)).toEqual([2, 2, 1]);
    } finally {
      await running.stop();
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

describe('the relay command (tsx scripts/relay/relay.ts)', () => {
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
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/relay/relay.ts'], {
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
