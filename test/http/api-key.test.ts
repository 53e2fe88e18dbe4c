import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { issueKey, type Access, type IssuedKey, type KeyRights, type Scopes } from '../support/api-keys.ts';
import { describeHttp } from './support/describe-http.ts';
import { choosePostgrest } from './support/postgrest-provider.ts';

// GET /rpc/api_key through the real PostgREST: the key a request is made
// with, as its holder may know it (consumer, access, scopes), read from the
// key the pre-request sealed; in GET's read-only transaction; never the
// hash, never another key; no key, an unknown or a revoked one is 401.

const source = await choosePostgrest();

describeHttp(source, 'GET /rpc/api_key: the key in use', (api) => {
  const run = randomBytes(4).toString('hex');
  const keys: Record<string, IssuedKey> = {};

  const issue = async (name: string, consumer: string, access: Access, options?: Scopes & KeyRights) => {
    keys[name] = await issueKey(api().admin, `${consumer}-${run}`, access, options);
  };

  beforeAll(async () => {
    await issue('reader', 'audit-desk', 'reader');
    // The same consumer's second key, scoped: each key answers for itself.
    await issue('scopedReader', 'audit-desk', 'reader', { eventTypes: ['billing.*', 'iam.user.deleted'], tenants: ['acme', 'globex'], consumers: ['billing'] });
    await issue('scopedProducer', 'billing', 'producer', { eventTypes: ['billing.*'], tenants: ['acme'] });
    await issue('producerReader', 'ledger', 'producer_reader');
    await issue('eraser', 'privacy-office', 'reader', { erase: true });
    await issue('revoked', 'former', 'reader');
    await api().admin.query('select lib_event.api_key_revoke(api_key__id => $1::uuid)', [keys.revoked!.id]);
  });

  const describeKey = async (apiKey?: string, method = 'GET') => {
    const response = await fetch(`${api().url}/rpc/api_key`, {
      method, headers: apiKey === undefined ? {} : { 'X-Api-Key': apiKey },
    });
    return { status: response.status, body: await response.json() as Record<string, unknown>, headers: response.headers };
  };

  /** What the key's row holds, as the answer should give it. */
  const created = async (key: IssuedKey) => (await api().admin.query<{ at: Date }>(
    'select created_at as at from lib_event.api_key where api_key__id = $1', [key.id])).rows[0]!.at.getTime();

  it('answers an unscoped reader key with its id, consumer and access, scoped false and no limits, and nothing else', async () => {
    const answer = await describeKey(keys.reader!.key);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      api_key__id: keys.reader!.id, consumer: keys.reader!.consumer, access: 'reader', created_at: expect.any(String),
      scoped: false, event_types: null, tenants: null, consumers: null, may_erase: false,
    });
    expect(new Date(answer.body.created_at as string).getTime()).toBe(await created(keys.reader!));
  });

  it('answers a scoped reader key with its own scopes, not those of its consumer\'s other key', async () => {
    const answer = await describeKey(keys.scopedReader!.key);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      api_key__id: keys.scopedReader!.id, consumer: keys.reader!.consumer, access: 'reader', created_at: expect.any(String),
      scoped: true, event_types: ['billing.*', 'iam.user.deleted'], tenants: ['acme', 'globex'], consumers: ['billing'], may_erase: false,
    });
  });

  it('answers a scoped producer key with the types and the one tenant it records', async () => {
    const answer = await describeKey(keys.scopedProducer!.key);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      api_key__id: keys.scopedProducer!.id, consumer: `billing-${run}`, access: 'producer',
      scoped: true, event_types: ['billing.*'], tenants: ['acme'], consumers: null,
    });
  });

  it('answers a producer_reader key, by POST as well as GET', async () => {
    const got = await describeKey(keys.producerReader!.key);
    const posted = await describeKey(keys.producerReader!.key, 'POST');
    expect(got).toMatchObject({ status: 200, body: { access: 'producer_reader', scoped: false } });
    expect(posted.status).toBe(200);
    expect(posted.body).toEqual(got.body);
  });

  it('says whether the key holds the erase right', async () => {
    expect((await describeKey(keys.eraser!.key)).body).toMatchObject({ access: 'reader', scoped: false, may_erase: true });
    expect((await describeKey(keys.producerReader!.key)).body).toMatchObject({ may_erase: false });
  });

  it('never gives the key\'s hash or prefix', async () => {
    const { rows: [stored] } = await api().admin.query<{ hash: string; prefix: string }>(
      `select encode(key_hash, 'hex') as hash, key_prefix as prefix from lib_event.api_key where api_key__id = $1`, [keys.reader!.id]);
    const text = JSON.stringify((await describeKey(keys.reader!.key)).body);
    expect(text).not.toContain(stored!.hash);
    expect(text).not.toContain(stored!.prefix);
    expect(text).not.toContain('hash');
  });

  it.each([
    ['no key', undefined, 'missing API key'],
    ['a revoked key', 'revoked', 'unknown or revoked API key'],
    ['an unknown key', 'lek_00000000000000000000000000000000', 'unknown or revoked API key'],
  ] as const)('refuses %s with 401 PT401', async (_label, which, message) => {
    const apiKey = which === undefined ? undefined : which in keys ? keys[which]!.key : which;
    const answer = await describeKey(apiKey);
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: 'PT401', message });
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});
