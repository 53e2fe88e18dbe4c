import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { rpc } from '../support/postgrest-call.ts';

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
