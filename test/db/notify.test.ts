import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually as eventuallyWithin } from '../support/eventually.ts';
import { listenCreated, setNotifyMode } from '../support/notifications.ts';
import { rpc } from '../support/postgrest-call.ts';

// The lib_event.created notification (for one event and for a batch), and the
// notify mode (lib_event.notify_mode, lib_event.set_notify_mode) that decides who sends it.
// The relay that sends it in relay mode is specified in relay.test.ts.

let db: TestDatabase;
let producer: IssuedKey;
let listener: pg.Client;
const received: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  producer = await issueKey(db.admin, 'billing', 'producer');
  listener = new pg.Client({ connectionString: db.url });
  await listener.connect();
  listener.on('notification', (message) => {
    if (message.channel === 'lib_event.created' && message.payload) received.push(message.payload);
  });
  await listener.query('listen "lib_event.created"');
});
afterAll(async () => {
  await listener.end();
  await db.drop();
});

const newTag = () => `t-${randomBytes(6).toString('hex')}`;
/** Wait for a condition that the system under test will make true; fail with `what` if it never does. */
const eventually = (what: string, condition: () => boolean | Promise<boolean>) => eventuallyWithin(what, condition, 30_000, 10);
const setMode = (mode: 'inline' | 'relay') => setNotifyMode(db.admin, mode);
const listen = () => listenCreated(db);

/** Record one event over the API, tagged with `tag` as its partition key; its id. */
async function create(tag: string): Promise<string> {
  const response = await rpc<{ event__id: string }>(
    db.authenticator, 'create', { event_type: 'billing.invoice.sent', partition_key: tag }, { apiKey: producer.key },
  );
  if (response.status !== 200) throw new Error(`create answered ${response.status}: ${JSON.stringify(response.body)}`);
  return (response.body as { event__id: string }).event__id;
}

/** What the batch tests read of a receipt. */
type Receipt = { event__id: string };
/** POST /rpc/create_many with the body as given. */
const createMany = (body: unknown) => rpc<Receipt[]>(db.authenticator, 'create_many', body, { apiKey: producer.key });
/** `n` invoices for create_many, each with its own partition key. */
const invoices = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({
  event_type: 'billing.invoice.paid', payload: { invoice: `${prefix}-${i}`, amount: i * 100 }, headers: { actor: 'ada' }, partition_key: `invoice:${prefix}-${i}`,
}));

/** Notifications are delivered asynchronously after commit: wait until `count` have arrived. */
async function waitForNotifications(count: number): Promise<void> {
  for (let attempt = 0; attempt < 200 && received.length < count; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the lib_event.created notification', () => {
  it('carries the id of every recorded event, after commit', async () => {
    const ids: string[] = [];
    for (const type of ['iam.user.created', 'iam.user.renamed', 'iam.user.deleted']) {
      const response = await rpc<{ event__id: string }>(db.authenticator, 'create', { event_type: type }, { apiKey: producer.key });
      expect(response.status).toBe(200);
      ids.push((response.body as { event__id: string }).event__id);
    }
    await waitForNotifications(ids.length);
    expect(received.slice(-ids.length)).toEqual(ids);
  });

  it('carries only the id, even when the payload is far over the 8000-byte NOTIFY limit', async () => {
    const before = received.length;
    const payload = { blob: 'x'.repeat(100_000) };
    const response = await rpc<{ event__id: string }>(
      db.authenticator, 'create', { event_type: 'storage.blob.uploaded', payload }, { apiKey: producer.key },
    );
    expect(response.status).toBe(200);
    await waitForNotifications(before + 1);
    expect(received[before]).toBe((response.body as { event__id: string }).event__id);
  });

  it('is not sent for a refused event', async () => {
    const response = await rpc(db.authenticator, 'create', { event_type: 'not a type' }, { apiKey: producer.key });
    expect(response.status).toBe(400);
    // A notification that follows a later, valid event proves the channel was
    // live; nothing must have arrived for the refused one before it.
    const before = received.length;
    const valid = await rpc<{ event__id: string }>(db.authenticator, 'create', { event_type: 'iam.user.created' }, { apiKey: producer.key });
    await waitForNotifications(before + 1);
    expect(received.slice(before)).toEqual([(valid.body as { event__id: string }).event__id]);
  });
});

describe('notifications for batches', () => {
  async function listen(): Promise<{ payloads: string[]; client: pg.Client }> {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const payloads: string[] = [];
    client.on('notification', (message) => {
      if (message.channel === 'lib_event.created' && message.payload) payloads.push(message.payload);
    });
    await client.query('listen "lib_event.created"');
    return { payloads, client };
  }

  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  }

  it('announces every id of a batch, at most 200 per notification, each payload under 8000 bytes', async () => {
    const { payloads, client } = await listen();
    try {
      const receipts = (await createMany(invoices(450, 'N'))).body as Receipt[];
      await until(() => payloads.flatMap((p) => p.split(',')).length >= 450);
      expect(payloads).toHaveLength(3);
      for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
      expect(new Set(payloads.flatMap((p) => p.split(',')))).toEqual(new Set(receipts.map((r) => r.event__id)));
    } finally {
      await client.end();
    }
  });

  it('announces a single create with its id alone, as before', async () => {
    const { payloads, client } = await listen();
    try {
      const receipt = (await rpc<Receipt>(db.authenticator, 'create', { event_type: 'iam.user.created' }, { apiKey: producer.key }))
        .body as Receipt;
      await until(() => payloads.length > 0);
      expect(payloads).toEqual([receipt.event__id]);
    } finally {
      await client.end();
    }
  });

  it('announces nothing for a batch that failed', async () => {
    const { payloads, client } = await listen();
    try {
      const response = await createMany({ events: [...invoices(2, 'F'), { event_type: 'nope' }] });
      expect(response.status).toBe(400);
      // A committed marker proves the listener is caught up.
      const marker = (await rpc<Receipt>(db.authenticator, 'create', { event_type: 'iam.user.created' }, { apiKey: producer.key }))
        .body as Receipt;
      await until(() => payloads.length > 0);
      expect(payloads).toEqual([marker.event__id]);
    } finally {
      await client.end();
    }
  });
});

describe('the notify mode', () => {
  // The other tests of this file expect the default: producers announce.
  afterAll(() => setMode('inline'));

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
