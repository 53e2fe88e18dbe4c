import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { rpc, type PostgrestError } from '../support/postgrest-call.ts';

// lib_events.event_payload (GET /rpc/event_payload): one event's payload,
// whole, for a reader; how a payload that pages defer (over 256 KiB) is read.
// Pages with such payloads, and far larger ones, are in large-payloads.test.ts.
let db: TestDatabase;
let producer: IssuedKey;
let reader: IssuedKey;
let id: string;
const payload = { blob: 'y'.repeat(300 * 1024) };

beforeAll(async () => {
  db = await createTestDatabase();
  producer = await issueKey(db.admin, 'storage', 'producer');
  reader = await issueKey(db.admin, 'archive-desk', 'reader');
  const response = await rpc<{ event__id: string }>(db.authenticator, 'create', { event_type: 'storage.blob.uploaded', payload }, { apiKey: producer.key });
  expect(response.status).toBe(200);
  id = (response.body as { event__id: string }).event__id;
});
afterAll(() => db.drop());

const eventPayload = (id: string) =>
  rpc<unknown>(db.authenticator, 'event_payload', { event__id: id }, { apiKey: reader.key, method: 'GET' });

describe('a payload over 256 KiB', () => {
  it('comes whole from event_payload', async () => {
    const response = await eventPayload(id);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(payload);
  });

  it('is not in event_payload for an id nobody recorded: 404', async () => {
    const response = await eventPayload('01a20b76-c616-756f-abc9-caea3bd67582');
    expect(response.status).toBe(404);
    expect((response.body as PostgrestError).code).toBe('PT404');
  });

  it('is refused to a producer-only key', async () => {
    const response = await rpc(db.authenticator, 'event_payload', { event__id: id }, { apiKey: producer.key, method: 'GET' });
    expect(response.status).toBe(403);
  });
});
