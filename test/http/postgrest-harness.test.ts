import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { rpc, selectView } from '../support/postgrest-call.ts';
import { httpStatusFor } from '../support/postgrest-status.ts';

// The SQL harness stands in for PostgREST v16.2 wherever it cannot run; these
// tests pin what it imitates (test/support/postgrest-behaviour.md).

// db/errors.md is checked against this mapping in test/scripts/error-registry.test.ts.
describe('mapSQLtoHTTP, as the harness copies it', () => {
  it.each([
    ['54000', '', 500], ['54001', '', 500], ['PT413', '', 413], ['PT401', '', 401], ['PTabc', '', 500],
    ['42501', '', 401], ['23505', '', 409], ['P0001', '', 400], ['P0002', '', 500], ['LE001', '', 400],
    ['22023', 'role "x" does not exist', 401], ['22023', 'invalid value', 400], ['53400', '', 500], ['53300', '', 503],
    ['57P01', '', 503], ['21000', 'UPDATE requires a WHERE clause', 400], ['21000', 'more than one row', 500],
    ['42883', 'function xmlagg(text) does not exist', 406], ['42883', 'function f() does not exist', 404],
  ])('%s (%s) is %i', (sqlstate, message, status) => {
    expect(httpStatusFor(sqlstate, message)).toBe(status);
  });
});

describe('a request through the harness', () => {
  let db: TestDatabase;
  let reader: IssuedKey;
  beforeAll(async () => {
    db = await createTestDatabase();
    reader = await issueKey(db.admin, 'audit-desk', 'reader');
    // Probes of the transaction PostgREST opens, one stable and one volatile.
    await db.admin.query(`
      create function lib_events.probe_stable() returns json language sql stable as $$
        select json_build_object('read_only', current_setting('transaction_read_only'),
                                 'search_path', current_setting('search_path'),
                                 'headers', current_setting('request.headers')::json,
                                 'claims', current_setting('request.jwt.claims')::json)
      $$;
      create function lib_events.probe_volatile() returns text language sql volatile as $$
        select current_setting('transaction_read_only')
      $$;
      grant execute on function lib_events.probe_stable(), lib_events.probe_volatile() to lib_event_reader;`);
  });
  afterAll(() => db.drop());

  it('answers a missing key with 401, WWW-Authenticate: Bearer and Proxy-Status', async () => {
    const response = await selectView(db.authenticator, 'events', { limit: 1 });
    expect(response.status).toBe(401);
    expect(response.headers).toMatchObject({ 'www-authenticate': 'Bearer', 'proxy-status': 'PostgREST; error=PT401' });
  });

  it('runs POST to a stable function read-only and to a volatile one read-write, with PostgREST\'s settings', async () => {
    const stable = await rpc<Record<string, unknown>>(db.authenticator, 'probe_stable', {}, {
      apiKey: reader.key, headers: { 'X-Trace': 'abc', Cookie: 'session=1' },
    });
    expect(stable.body).toEqual({
      read_only: 'on',
      search_path: '"lib_events", "public"',
      headers: { 'x-api-key': reader.key, 'x-trace': 'abc' },
      claims: { role: 'lib_event_anon' },
    });
    expect((await rpc(db.authenticator, 'probe_volatile', {}, { apiKey: reader.key })).body).toBe('off');
  });

  it('refuses an array whose objects have different keys before the database, with PGRST102', async () => {
    const response = await rpc(db.authenticator, 'create_many', [{ event_type: 'a.b.c' }, { event_type: 'a.b.c', payload: 1 }]);
    expect(response).toMatchObject({ status: 400, body: { code: 'PGRST102' } });
  });

  it('answers arguments no overload takes with 404 PGRST202', async () => {
    const response = await rpc(db.authenticator, 'find', { page: 1 }, { apiKey: reader.key, method: 'GET' });
    expect(response).toMatchObject({ status: 404, body: { code: 'PGRST202' } });
  });
});
