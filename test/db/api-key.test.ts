import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { postgrestCall, rpc, selectView, type PostgrestError } from '../support/postgrest-call.ts';

let db: TestDatabase;
let producer: IssuedKey;
let reader: IssuedKey;
let both: IssuedKey;

beforeAll(async () => {
  db = await createTestDatabase();
  producer = await issueKey(db.admin, 'billing', 'producer');
  reader = await issueKey(db.admin, 'audit-desk', 'reader');
  both = await issueKey(db.admin, 'ops', 'producer_reader');
});
afterAll(() => db.drop());

const create = (apiKey?: string) =>
  rpc<{ consumer: string }>(db.authenticator, 'create', { event_type: 'iam.user.created' }, apiKey === undefined ? {} : { apiKey });
const readEvents = (apiKey?: string) =>
  selectView(db.authenticator, 'events', apiKey === undefined ? { limit: 100 } : { apiKey, limit: 100 });

async function eventCount(): Promise<number> {
  const { rows } = await db.admin.query<{ n: number }>('select count(*)::int as n from lib_event.event');
  return rows[0]?.n ?? -1;
}

describe('API keys through the pre-request check', () => {
  it('lets a producer key record, under its consumer name', async () => {
    const response = await create(producer.key);
    expect(response.status).toBe(200);
    expect((response.body as { consumer: string }).consumer).toBe('billing');
  });

  it('lets a reader key query', async () => {
    expect((await readEvents(reader.key)).status).toBe(200);
  });

  it('lets a producer_reader key do both', async () => {
    expect((await create(both.key)).status).toBe(200);
    expect((await readEvents(both.key)).status).toBe(200);
  });

  it.each([
    ['no key', undefined],
    ['an empty key', ''],
    ['an unknown key', 'lek_0000000000000000000000000000000000000000000000000000000000000000'],
  ])('answers 401 to %s, with a hint on what to do, and writes nothing', async (_label, apiKey) => {
    const before = await eventCount();
    const response = await create(apiKey);
    expect(response.status).toBe(401);
    const error = response.body as PostgrestError;
    expect(error.code).toBe('PT401');
    expect(error.hint).toMatch(/X-Api-Key/);
    expect(await eventCount()).toBe(before);
    expect((await readEvents(apiKey)).status).toBe(401);
  });

  it('answers 401 to a revoked key', async () => {
    const revoked = await issueKey(db.admin, 'former', 'producer_reader');
    expect((await create(revoked.key)).status).toBe(200);
    const { rows } = await db.admin.query('select lib_event.api_key_revoke(api_key__id => $1) as revoked', [revoked.id]);
    expect(rows[0]).toEqual({ revoked: 1 });
    expect((await create(revoked.key)).status).toBe(401);
    expect((await readEvents(revoked.key)).status).toBe(401);
  });

  it('revokes every key of a consumer at once', async () => {
    const first = await issueKey(db.admin, 'rotating', 'producer');
    const second = await issueKey(db.admin, 'rotating', 'producer');
    const { rows } = await db.admin.query('select lib_event.api_key_revoke(consumer => $1) as revoked', ['rotating']);
    expect(rows[0]).toEqual({ revoked: 2 });
    expect((await create(first.key)).status).toBe(401);
    expect((await create(second.key)).status).toBe(401);
  });

  it('answers 403 to a reader key trying to record, and writes nothing', async () => {
    const before = await eventCount();
    const response = await create(reader.key);
    expect(response.status).toBe(403);
    expect((response.body as PostgrestError).code).toBe('PT403');
    expect(await eventCount()).toBe(before);
  });

  it('answers 403 to a producer key trying to read', async () => {
    const response = await readEvents(producer.key);
    expect(response.status).toBe(403);
    expect((response.body as PostgrestError).code).toBe('PT403');
  });

  it('serves the API document at / without a key', async () => {
    const response = await postgrestCall<number>(db.authenticator, {
      method: 'GET',
      path: '/',
      query: { text: `select to_json(1) as body` },
    });
    expect(response.status).toBe(200);
  });

  it('leaves an unknown path to PostgREST (404) instead of refusing the key', async () => {
    const response = await postgrestCall<string>(db.authenticator, {
      method: 'GET',
      path: '/no_such_view',
      headers: { 'X-Api-Key': reader.key },
      query: { text: `select to_json(current_user::text) as body` },
    });
    expect(response).toMatchObject({ status: 200, body: 'lib_event_reader' });
  });

  it('refuses a percent-escaped path (PostgREST routes on the decoded one) with 403, whatever the key', async () => {
    const response = await postgrestCall<string>(db.authenticator, {
      method: 'GET',
      path: '/%65vents',
      headers: { 'X-Api-Key': producer.key },
      query: { text: `select to_json(current_user::text) as body` },
    });
    expect(response).toMatchObject({ status: 403, body: { code: 'PT403' } });
  });

  it.each(['tx=rollback', 'handling=strict, tx=rollback', ' TX=ROLLBACK\t'])(
    'refuses Prefer: %s with 400 LE083 (every request commits), and writes nothing', async (prefer) => {
      const before = await eventCount();
      const response = await rpc(db.authenticator, 'create', { event_type: 'iam.user.created' },
        { apiKey: producer.key, headers: { Prefer: prefer } });
      expect(response).toMatchObject({ status: 400, body: { code: 'LE083' } });
      expect(await eventCount()).toBe(before);
    });

  it('lets other preferences through', async () => {
    const response = await rpc(db.authenticator, 'create', { event_type: 'iam.user.created' },
      { apiKey: producer.key, headers: { Prefer: 'tx=commit, handling=lenient, return=representation' } });
    expect(response.status).toBe(200);
  });

  it('runs the request as the role the key grants', async () => {
    const asRole = (apiKey: string) =>
      postgrestCall<string>(db.authenticator, {
        method: 'GET',
        path: '/events',
        headers: { 'x-api-key': apiKey },
        query: { text: `select to_json(current_user::text) as body` },
      });
    expect((await asRole(reader.key)).body).toBe('lib_event_reader');
    expect((await asRole(both.key)).body).toBe('lib_event_producer_reader');
  });
});

describe('the anonymous role', () => {
  async function asAnon(sql: string): Promise<unknown> {
    const client = await db.authenticator.connect();
    try {
      await client.query('begin');
      await client.query('set local role lib_event_anon');
      return await client.query(sql);
    } finally {
      await client.query('rollback');
      client.release();
    }
  }

  it.each([
    ['read the events view', 'select * from lib_events.events'],
    ['record an event', `select lib_events.create('iam.user.created')`],
    ['read the API keys', 'select * from lib_event.api_key'],
    ['create an API key', `select lib_event.api_key_create('intruder', 'producer_reader')`],
    ['read the event table', 'select * from lib_event.event'],
  ])('may not %s, even without the pre-request in the way', async (_what, sql) => {
    await expect(asAnon(sql)).rejects.toMatchObject({ code: '42501' });
  });
});

describe('the consumer of an event', () => {
  it('cannot be borrowed by a direct SQL caller setting lib_event.consumer', async () => {
    const client = await db.admin.connect();
    try {
      await client.query(`select set_config('lib_event.consumer', 'billing', false)`);
      const { rows } = await client.query(`select (lib_events.create('iam.user.created')).consumer`);
      expect(rows[0]).toEqual({ consumer: 'postgres' });
    } finally {
      await client.query('reset all');
      client.release();
    }
  });

  it('is refused for the authenticator when no API key was checked', async () => {
    const client = await db.authenticator.connect();
    try {
      await client.query('begin');
      await client.query('set local role lib_event_producer');
      await expect(client.query(`select lib_events.create('iam.user.created')`)).rejects.toMatchObject({ code: 'PT401' });
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('is refused for the authenticator that names it itself, even with a seal it made up', async () => {
    const before = await eventCount();
    for (const settings of [
      { 'lib_event.consumer': 'payroll' },
      { 'lib_event.consumer': 'billing' },
      { 'lib_event.consumer': 'payroll', 'lib_event.consumer_seal': '0'.repeat(64) },
    ]) {
      const client = await db.authenticator.connect();
      try {
        await client.query('begin');
        for (const [name, value] of Object.entries(settings)) {
          await client.query('select set_config($1, $2, true)', [name, value]);
        }
        await client.query('set local role lib_event_producer');
        await expect(client.query(`select lib_events.create('iam.user.created')`)).rejects.toMatchObject({ code: 'PT401' });
      } finally {
        await client.query('rollback');
        client.release();
      }
    }
    expect(await eventCount()).toBe(before);
  });

  it('comes from the key the pre-request checked, and its seal is good for that transaction only', async () => {
    const client = await db.authenticator.connect();
    const asPostgrest = async () => {
      await client.query('begin');
      await client.query('set local role lib_event_anon');
      await client.query(`select set_config('request.headers', $1, true), set_config('request.method', 'POST', true),
                                 set_config('request.path', '/rpc/create', true)`, [JSON.stringify({ 'x-api-key': producer.key })]);
      await client.query('select lib_event.check_request()');
    };
    try {
      await asPostgrest();
      const { rows: [sealed] } = await client.query<{ consumer: string; seal: string }>(
        `select current_setting('lib_event.consumer') as consumer, current_setting('lib_event.consumer_seal') as seal`);
      const { rows } = await client.query(`select (lib_events.create('iam.user.created')).consumer`);
      expect(rows[0]).toEqual({ consumer: 'billing' });
      await client.query('commit');

      // The same setting and seal in the next transaction name nobody.
      await client.query('begin');
      await client.query(`select set_config('lib_event.consumer', $1, true), set_config('lib_event.consumer_seal', $2, true)`,
        [sealed?.consumer, sealed?.seal]);
      await client.query('set local role lib_event_producer');
      await expect(client.query(`select lib_events.create('iam.user.created')`)).rejects.toMatchObject({ code: 'PT401' });
      await client.query('rollback');

      // Renaming the consumer after the check voids the seal.
      await asPostgrest();
      await client.query(`select set_config('lib_event.consumer', 'payroll', true)`);
      await expect(client.query(`select lib_events.create('iam.user.created')`)).rejects.toMatchObject({ code: 'PT401' });
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
