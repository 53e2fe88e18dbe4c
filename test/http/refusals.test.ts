import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { createLibEventClient, type components } from '../../scripts/client/client.ts';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { describeHttp } from './support/describe-http.ts';
import { choosePostgrest } from './support/postgrest-provider.ts';

type PostgrestError = components['schemas']['PostgrestError'];

const source = await choosePostgrest();

describeHttp(source, 'Refused requests: HTTP status and PostgREST error body', (api) => {
  const run = randomBytes(4).toString('hex');
  // A type only this run's attempts use, to prove that nothing was recorded.
  const attemptType = `refusal.r${run}.attempted`;

  let producer: IssuedKey;
  let reader: IssuedKey;
  let revoked: IssuedKey;

  beforeAll(async () => {
    producer = await issueKey(api().admin, `billing-${run}`, 'producer');
    reader = await issueKey(api().admin, `audit-${run}`, 'reader');
    revoked = await issueKey(api().admin, `former-${run}`, 'producer_reader');
    const { rows } = await api().admin.query<{ revoked: number }>(
      'select lib_event.api_key_revoke(api_key__id => $1::uuid) as revoked',
      [revoked.id],
    );
    expect(rows[0]?.revoked).toBe(1);
  });

  const client = (apiKey?: string) =>
    createLibEventClient(apiKey === undefined ? { baseUrl: api().url } : { baseUrl: api().url, apiKey });

  async function attemptsRecorded(): Promise<number> {
    const { rows } = await api().admin.query<{ n: number }>(
      'select count(*)::int as n from lib_event.event where event_type = $1',
      [attemptType],
    );
    return rows[0]?.n ?? -1;
  }

  function expectErrorBody(error: unknown, code: string): PostgrestError {
    expect(error).toBeDefined();
    const body = error as PostgrestError;
    expect(Object.keys(body).sort()).toEqual(['code', 'details', 'hint', 'message']);
    expect(body.code).toBe(code);
    expect(body.message.length).toBeGreaterThan(0);
    return body;
  }

  const keys = {
    none: () => undefined,
    unknown: () => `lek_${'0'.repeat(64)}`,
    revoked: () => revoked.key,
  };

  it.each(Object.keys(keys) as (keyof typeof keys)[])('answers 401 PT401 to POST /rpc/create with %s key, recording nothing', async (which) => {
    const before = await attemptsRecorded();
    const { data, error, response } = await client(keys[which]()).POST('/rpc/create', {
      body: { event_type: attemptType },
    });
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    const body = expectErrorBody(error, 'PT401');
    expect(body.hint).toMatch(/X-Api-Key/);
    expect(await attemptsRecorded()).toBe(before);
  });

  it.each(Object.keys(keys) as (keyof typeof keys)[])('answers 401 PT401 to GET /events with %s key', async (which) => {
    const { data, error, response } = await client(keys[which]()).GET('/events', {
      params: { query: { limit: 1 } },
    });
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    expectErrorBody(error, 'PT401');
  });

  it('answers 403 PT403 to a reader key recording an event, recording nothing', async () => {
    const before = await attemptsRecorded();
    const { error, response } = await client(reader.key).POST('/rpc/create', { body: { event_type: attemptType } });
    expect(response.status).toBe(403);
    const body = expectErrorBody(error, 'PT403');
    expect(body.message).toContain(`audit-${run}`);
    expect(await attemptsRecorded()).toBe(before);
  });

  it('answers 403 PT403 to a producer key reading events', async () => {
    const { error, response } = await client(producer.key).GET('/events', { params: { query: { limit: 1 } } });
    expect(response.status).toBe(403);
    const body = expectErrorBody(error, 'PT403');
    expect(body.message).toContain(`billing-${run}`);
  });

  it('answers 400 LE001, naming the bad value, to an event type off the convention', async () => {
    const { error, response } = await client(producer.key).POST('/rpc/create', { body: { event_type: 'billing.paid' } });
    expect(response.status).toBe(400);
    const body = expectErrorBody(error, 'LE001');
    expect(body.message).toContain("'billing.paid'");
    expect(body.hint?.length).toBeGreaterThan(0);
  });

  it('answers 401 with WWW-Authenticate: Bearer, as PostgREST does for every 401', async () => {
    const { response } = await client().GET('/events', { params: { query: { limit: 1 } } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('proxy-status')).toBe('PostgREST; error=PT401');
  });

  it.each(['abc', 'a.b.c', ''])('answers an Authorization: Bearer %j header with 401 PGRST301, beside a valid X-Api-Key too, recording nothing', async (token) => {
    const before = await attemptsRecorded();
    const response = await fetch(`${api().url}/rpc/create`, {
      method: 'POST',
      headers: { 'X-Api-Key': producer.key, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ event_type: attemptType }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expectErrorBody(await response.json(), 'PGRST301');
    expect(await attemptsRecorded()).toBe(before);
  });

  it('answers 413 PT413, not a server error, to headers over 64 KiB, recording nothing', async () => {
    const before = await attemptsRecorded();
    const { error, response } = await client(producer.key).POST('/rpc/create', {
      body: { event_type: attemptType, headers: { note: 'n'.repeat(70_000) } },
    });
    expect(response.status).toBe(413);
    expectErrorBody(error, 'PT413');
    expect(await attemptsRecorded()).toBe(before);
  });

  it('answers 413 PT413 to create_many with more than 1000 events, recording nothing', async () => {
    const before = await attemptsRecorded();
    const { error, response } = await client(producer.key).POST('/rpc/create_many', {
      body: Array.from({ length: 1001 }, () => ({ event_type: attemptType })),
    });
    expect(response.status).toBe(413);
    expectErrorBody(error, 'PT413');
    expect(await attemptsRecorded()).toBe(before);
  });

  it('answers 413 PT413 to find with page_size over 1000', async () => {
    const { error, response } = await client(reader.key).GET('/rpc/find', { params: { query: { page_size: 1001 } } });
    expect(response.status).toBe(413);
    expectErrorBody(error, 'PT413');
  });

  // Not RFC 3339: the body reaches create(jsonb) as sent and is checked as create_many's events are.
  it.each(['infinity', '-infinity', '4714-11-24T00:00:00Z BC', 'yesterday', 'epoch'])('answers 400 22007 to occurred_at %s, recording nothing', async (occurredAt) => {
    const before = await attemptsRecorded();
    const { error, response } = await client(producer.key).POST('/rpc/create', {
      body: { event_type: attemptType, occurred_at: occurredAt },
    });
    expect(response.status).toBe(400);
    expectErrorBody(error, '22007');
    expect(await attemptsRecorded()).toBe(before);
  });

  it('answers 400 LE040 to a payload nested 129 deep, recording nothing', async () => {
    const before = await attemptsRecorded();
    const { error, response } = await client(producer.key).POST('/rpc/create', {
      body: { event_type: attemptType, payload: JSON.parse('['.repeat(129) + ']'.repeat(129)) },
    });
    expect(response.status).toBe(400);
    expectErrorBody(error, 'LE040');
    expect(await attemptsRecorded()).toBe(before);
  });

  it('answers 400 PGRST102 to a create_many array whose events have different keys, recording nothing', async () => {
    const before = await attemptsRecorded();
    const { error, response } = await client(producer.key).POST('/rpc/create_many', {
      body: [{ event_type: attemptType }, { event_type: attemptType, payload: 1 }],
    });
    expect(response.status).toBe(400);
    expectErrorBody(error, 'PGRST102');
    expect(await attemptsRecorded()).toBe(before);
  });

  it('answers 404 PT404, naming the id, to an inclusion proof of an event never recorded (not LE071, "ask again shortly")', async () => {
    const never = '01937a1c-2f4e-7d3a-9c1b-5e2f0a9d8c11';
    const { error, response } = await client(reader.key).GET('/rpc/inclusion_proof', { params: { query: { event__id: never } } });
    expect(response.status).toBe(404);
    const body = expectErrorBody(error, 'PT404');
    expect(body.message).toBe(`no event ${never}`);
    expect(response.headers.get('proxy-status')).toBe('PostgREST; error=PT404');
  });

  it('answers 400 LE033 to follow from an earlier-form cursor whose transaction id is past the largest there is', async () => {
    const { data: receipt, response: recorded } = await client(producer.key).POST('/rpc/create', { body: { event_type: `refusal.r${run}.followed` } });
    expect(recorded.status).toBe(200);
    const cursor = `99999999999999999999/${receipt?.event__id}`;
    const { error, response } = await client(reader.key).GET('/rpc/follow', { params: { query: { cursor } } });
    expect(response.status).toBe(400);
    const body = expectErrorBody(error, 'LE033');
    expect(body.message).toContain(cursor);
  });

  it('records the same call once the key has the right access', async () => {
    const before = await attemptsRecorded();
    const { error, response } = await client(producer.key).POST('/rpc/create', { body: { event_type: attemptType } });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(await attemptsRecorded()).toBe(before + 1);
  });
});
