import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { casesFor } from './hostile/common-cases.ts';
import { endpoints } from './hostile/endpoints/index.ts';
import { send, type Answer } from './hostile/send.ts';
import type { Endpoint, Fixture, HostileCase } from './hostile/types.ts';
import { describeHttp } from './support/describe-http.ts';
import { choosePostgrest } from './support/postgrest-provider.ts';

// The standing hostile-input suite: every function and view of lib_events
// that an API key (or the API document at /) reaches, called through the real
// PostgREST with wrong types, wrong shapes, wrong methods, stray query
// parameters and stray Prefer, Accept, Range, Content-Type and Authorization
// headers (hostile/common-cases.ts, hostile/endpoints/). Every answer is held
// to the same invariants:
// - no 5xx, but for the one documented case (db/errors.md);
// - an error comes as PostgREST's JSON body {code, message, details, hint}
//   (Warp's text/plain 400 for headers over its limit aside);
// - the log holds exactly the events the answer acknowledges: as many as its
//   receipts, with their ids, and none for an error or a read.

const source = await choosePostgrest();

/** The receipts an answer acknowledges: a JSON object or array of them, or CSV rows. */
function receiptsIn(answer: Answer): { event__id?: string }[] {
  if (answer.text.trim() === '') return [];
  if (answer.contentType.startsWith('text/csv')) {
    const [header, ...rows] = answer.text.split('\n').filter((line) => line !== '');
    const idColumn = (header ?? '').split(',').indexOf('event__id');
    return rows.map((row) => (idColumn < 0 ? {} : { event__id: row.split(',')[idColumn] }));
  }
  const parsed = JSON.parse(answer.text) as unknown;
  if (parsed === null) return [];
  return (Array.isArray(parsed) ? parsed : [parsed]) as { event__id?: string }[];
}

describeHttp(source, 'Hostile input, endpoint by endpoint', (api) => {
  const run = randomBytes(4).toString('hex');
  // One key for every call, so that any event a call records is found under
  // its consumer; producer_reader with the erase right reaches every endpoint.
  let caller: IssuedKey;
  let fixture: Fixture;

  beforeAll(async () => {
    caller = await issueKey(api().admin, `hostile-${run}`, 'producer_reader', { erase: true });
    // The event the reads are about, recorded under another consumer.
    const setup = await issueKey(api().admin, `hostile-setup-${run}`, 'producer');
    const created = await fetch(`${api().url}/rpc/create`, {
      method: 'POST',
      headers: { 'X-Api-Key': setup.key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ event_type: 'hostile.fixture.recorded', payload: { fixture: true } }),
    });
    expect(created.status).toBe(200);
    const eventId = ((await created.json()) as { event__id: string }).event__id;
    // The event erase's succeeding call erases.
    const erasable = `hostile:erasable-${run}`;
    const recorded = await fetch(`${api().url}/rpc/create`, {
      method: 'POST',
      headers: { 'X-Api-Key': setup.key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ event_type: 'hostile.fixture.recorded', partition_key: erasable, payload: { personal: true } }),
    });
    expect(recorded.status).toBe(200);
    // The sequencer places it in the log moments after.
    for (let waited = 0; waited < 30_000; waited += 100) {
      const { rows } = await api().admin.query<{ position: string }>(
        'select position::text from lib_event.log_entry where event__id = $1', [eventId]);
      if (rows[0]) {
        fixture = { eventId, position: Number(rows[0].position), erasable };
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the sequencer did not place ${eventId} in 30 s`);
  }, 60_000);

  it('has cases for every function and view an API key or the API document reaches, and nothing else', async () => {
    const { rows } = await api().admin.query<{ name: string }>(`
      select p.proname::text as name
        from pg_proc p
       where p.pronamespace = 'lib_events'::regnamespace
         and exists (select from unnest(array['lib_event_anon', 'lib_event_producer', 'lib_event_reader']) r(role)
                      where has_function_privilege(r.role, p.oid, 'EXECUTE'))
      union
      select c.relname::text
        from pg_class c
       where c.relnamespace = 'lib_events'::regnamespace and c.relkind in ('r', 'v', 'm', 'f', 'p')
         and exists (select from unnest(array['lib_event_anon', 'lib_event_producer', 'lib_event_reader']) r(role)
                      where has_table_privilege(r.role, c.oid, 'SELECT, INSERT, UPDATE, DELETE'))
      order by 1`);
    const exposed = rows.map((row) => row.name);
    expect(exposed.filter((name) => !(name in endpoints)), 'exposed without hostile cases: add test/http/hostile/endpoints/<name>.ts').toEqual([]);
    expect(Object.keys(endpoints).filter((name) => !exposed.includes(name)), 'cases for an object that is not exposed').toEqual([]);
    for (const [name, endpoint] of Object.entries(endpoints)) {
      expect(endpoint.wrongTypes.length, `${name}: wrong types`).toBeGreaterThan(0);
      expect(endpoint.wrongShapes.length, `${name}: wrong shapes`).toBeGreaterThan(0);
    }
  });

  /** The events recorded under the caller's consumer after the given id, in order. */
  async function recordedAfter(lastId: string | null): Promise<string[]> {
    const { rows } = await api().admin.query<{ id: string }>(
      `select event__id::text as id from lib_event.event
        where consumer = $1 and ($2::uuid is null or event__id > $2::uuid) order by event__id`,
      [caller.consumer, lastId]);
    return rows.map((row) => row.id);
  }

  async function lastRecorded(): Promise<string | null> {
    const { rows } = await api().admin.query<{ id: string }>(
      'select event__id::text as id from lib_event.event where consumer = $1 order by event__id desc limit 1', [caller.consumer]);
    return rows[0]?.id ?? null;
  }

  async function runCase(endpoint: Endpoint, hostile: HostileCase): Promise<void> {
    const valid = endpoint.valid(fixture);
    const method = hostile.method ?? endpoint.method;
    const path = hostile.path ?? endpoint.path;
    let query = hostile.query === undefined ? valid.query ?? '' : typeof hostile.query === 'function' ? hostile.query(fixture) : hostile.query;
    if (hostile.addQuery) query = query ? `${query}&${hostile.addQuery}` : hostile.addQuery;

    const headers: Record<string, string> = {};
    if (endpoint.access !== 'none' || hostile.withKey) headers['X-Api-Key'] = caller.key;
    let body = valid.body === undefined || method === 'GET' || method === 'HEAD' ? undefined : JSON.stringify(valid.body);
    if (hostile.body !== undefined) body = hostile.body === null ? undefined : typeof hostile.body === 'function' ? hostile.body() : hostile.body;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    for (const [name, value] of Object.entries(hostile.headers ?? {})) {
      for (const present of Object.keys(headers)) if (present.toLowerCase() === name.toLowerCase()) delete headers[present];
      if (value !== null) headers[name] = value;
    }
    if (hostile.contentLength && body !== undefined) headers['Content-Length'] = hostile.contentLength(Buffer.byteLength(body));

    const before = await lastRecorded();
    const answer = await send(api().url, { method, path, query, headers, body });
    const recorded = await recordedAfter(before);
    const seen = `${method} ${path}${query ? `?${query.slice(0, 200)}` : ''} answered ${answer.status} ${answer.contentType}: ${answer.text.slice(0, 300)}`;

    if (hostile.documented5xx) {
      expect(answer.status, seen).toBe(500);
      expect((JSON.parse(answer.text) as { code: string }).code, seen).toBe(hostile.documented5xx);
    } else {
      expect(answer.status, seen).toBeLessThan(500);
    }
    let errorCode: string | undefined;
    if (hostile.answeredByWarp) {
      expect(answer.status, seen).toBe(400);
      expect(answer.contentType, seen).toMatch(/^text\/plain/);
    } else if (answer.status >= 400) {
      expect(answer.contentType, seen).toMatch(/^application\/json/);
      if (method !== 'HEAD') {
        const error = JSON.parse(answer.text) as Record<string, unknown>;
        expect(Object.keys(error).sort(), seen).toEqual(['code', 'details', 'hint', 'message']);
        expect(String(error.message).length, seen).toBeGreaterThan(0);
        errorCode = String(error.code);
      }
    }
    if (hostile.expect) {
      expect(answer.status, seen).toBe(hostile.expect.status);
      if (hostile.expect.code !== undefined) {
        expect([hostile.expect.code].flat(), seen).toContain(errorCode);
      }
    }

    // The log holds exactly what the answer acknowledges.
    const success = answer.status >= 200 && answer.status < 300;
    const receipts = endpoint.records && success && method === 'POST' ? receiptsIn(answer) : [];
    expect(recorded.length, `${seen}\nrecorded: ${recorded.join(', ')}`).toBe(receipts.length);
    const ids = receipts.map((receipt) => receipt.event__id).filter((id): id is string => typeof id === 'string');
    if (ids.length === receipts.length) expect([...ids].sort(), seen).toEqual(recorded);
  }

  for (const [name, endpoint] of Object.entries(endpoints)) {
    describe(`${endpoint.method} ${endpoint.path} (${name})`, () => {
      it('answers its succeeding call', async () => {
        await runCase(endpoint, { name: 'the succeeding call', expect: { status: 200 } });
      });
      for (const { group, cases } of casesFor(endpoint)) {
        it.each(cases.map((hostile) => [hostile.name, hostile] as const))(`${group}: %s`, async (_name, hostile) => {
          await runCase(endpoint, hostile);
        });
      }
    });
  }
});
