import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Health } from '../../scripts/server/status.ts';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { eventually } from '../support/eventually.ts';
import { describeHttp } from './support/describe-http.ts';
import { choosePostgrest } from './support/postgrest-provider.ts';

// A key's use, reader keys too: PostgREST runs a GET READ ONLY, so the
// pre-request announces the use on lib_event.key_used (once a minute per
// session and key) and the sequencer notes it in api_key.last_used_at.

const source = await choosePostgrest();

// One pooled session, so that a second request surely reuses the first's.
describeHttp(source, 'When each API key was last used', (api) => {
  let listener: pg.PoolClient;
  let heard: string[] = [];

  beforeAll(async () => {
    listener = await api().admin.connect();
    listener.on('notification', (message) => heard.push(message.payload ?? ''));
    await listener.query('listen "lib_event.key_used"');
  });
  afterAll(() => listener?.release());

  /** Every key_used payload heard from here until every request made so far has been announced (a marker sent after them arrives after them). */
  async function announcedSince(start: () => Promise<void>): Promise<string[]> {
    heard = [];
    await start();
    const marker = `marker ${Math.random()}`;
    await api().admin.query(`select pg_notify('lib_event.key_used', $1)`, [marker]);
    await eventually('the marker notification arrives', () => heard.includes(marker));
    return heard.filter((payload) => payload !== marker);
  }

  const readEvents = (key: string) => fetch(`${api().url}/events?limit=1`, { headers: { 'X-Api-Key': key } });

  const lastUsed = async (key: IssuedKey) => (await api().admin.query<{ last_used_at: Date | null }>(
    'select last_used_at from lib_event.api_key where api_key__id = $1', [key.id])).rows[0]?.last_used_at ?? null;

  const keysUsedLastDay = async () => ((await (await fetch(`${api().url}/rpc/health`)).json()) as Health).activity.keys_used_last_day;

  /** Start in the first 50 seconds of a minute: a pair of requests across a minute's end is rightly announced twice. */
  const awayFromTheMinutesEnd = () => eventually('the minute has more than 10 s left', async () =>
    (await api().admin.query<{ s: number }>('select extract(second from now())::float8 as s')).rows[0]!.s < 50, 15_000, 500);

  it('a GET /events with a reader key notes its use: last_used_at is set and health counts it', async () => {
    const reader = await issueKey(api().admin, 'audit-desk', 'reader');
    const before = await keysUsedLastDay();
    expect(await lastUsed(reader)).toBeNull();

    const announced = await announcedSince(async () => {
      expect((await readEvents(reader.key)).status).toBe(200);
    });
    expect(announced).toEqual([reader.id]);

    await eventually('the sequencer notes the reader key\'s use', async () => (await lastUsed(reader)) !== null);
    expect(await keysUsedLastDay()).toBe(before + 1);
    const metrics = await (await fetch(`${api().url}/rpc/metrics`, { headers: { Accept: 'text/plain' } })).text();
    expect(metrics).toMatch(new RegExp(`^lib_event_keys_used_last_day ${before + 1}$`, 'm'));
  });

  it('a second GET within the minute, on the same session, sends no second notification', async () => {
    const reader = await issueKey(api().admin, 'audit-desk-2', 'reader');
    await awayFromTheMinutesEnd();
    const announced = await announcedSince(async () => {
      expect((await readEvents(reader.key)).status).toBe(200);
      expect((await readEvents(reader.key)).status).toBe(200);
    });
    expect(announced).toEqual([reader.id]);
  });

  it('a revoked or unknown key, or a request without a key, sends nothing and is not noted', async () => {
    const revoked = await issueKey(api().admin, 'audit-desk-3', 'reader');
    await api().admin.query('select lib_event.api_key_revoke($1)', [revoked.id]);
    const announced = await announcedSince(async () => {
      expect((await readEvents(revoked.key)).status).toBe(401);
      expect((await readEvents('lek_unknown_0000000000000000000000000000')).status).toBe(401);
      expect((await fetch(`${api().url}/rpc/health`)).status).toBe(200);
    });
    expect(announced).toEqual([]);
    expect(await lastUsed(revoked)).toBeNull();
  });

  it('a request refused after its key is authenticated announces nothing: it rolls back', async () => {
    const reader = await issueKey(api().admin, 'audit-desk-4', 'reader');
    const announced = await announcedSince(async () => {
      const response = await fetch(`${api().url}/rpc/create`, {
        method: 'POST',
        headers: { 'X-Api-Key': reader.key, 'Content-Type': 'application/json' },
        body: JSON.stringify({ event_type: 'billing.invoice.paid' }),
      });
      expect(response.status).toBe(403);
    });
    expect(announced).toEqual([]);
  });
}, { PGRST_DB_POOL: '1' });
