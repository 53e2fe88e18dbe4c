import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { expect, it } from 'vitest';
import { createProducer, httpTransport } from '../../scripts/client/producer.ts';
import { issueKey } from '../support/api-keys.ts';
import { describeHttp } from './support/describe-http.ts';
import { choosePostgrest } from './support/postgrest-provider.ts';

const source = await choosePostgrest();

// The sequencer is held still the way a second sequencer would be: by
// holding the lock lib_event.sequence_events takes first.
async function holdSequencer(databaseUrl: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`select pg_advisory_lock(hashtext('lib_event.sequence_events'))`);
  return async () => {
    await client.query(`select pg_advisory_unlock(hashtext('lib_event.sequence_events'))`);
    await client.end();
  };
}

describeHttp(source, 'Bounded lag: past the backlog\'s bound, writes are refused with 429 and Retry-After', (api) => {
  it('refuses create and create_many before writing once the sequencer is held, and the producer client delivers everything once it moves again', async () => {
    const run = randomBytes(4).toString('hex');
    const key = await issueKey(api().admin, `backlog-${run}`, 'producer');
    const count = async (tag?: string) => Number((await api().admin.query<{ n: string }>(
      tag ? `select count(*) as n from lib_event.event where payload ->> 'tag' = $1` : 'select count(*) as n from lib_event.event',
      tag ? [tag] : [])).rows[0]?.n);
    const post = (path: string, body: unknown) => fetch(`${api().url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key.key },
      body: JSON.stringify(body),
    });

    await api().admin.query('update lib_event.backlog_bound set max_events = 20, max_seconds = 3600, retry_after_seconds = 1, refresh_ms = 10');
    const release = await holdSequencer(api().databaseUrl);
    let released = false;
    try {
      // Flat out until refused: the backlog is counted once its oldest event
      // has waited a second.
      let refused: Response | undefined;
      const deadline = Date.now() + 30_000;
      while (!refused && Date.now() < deadline) {
        const response = await post('/rpc/create', { event_type: 'billing.invoice.paid', payload: { tag: `flat-${run}` } });
        if (response.status !== 200) refused = response;
        else await response.body?.cancel();
      }
      expect(refused?.status).toBe(429);
      expect(refused?.headers.get('retry-after')).toBe('1');
      const error = await refused?.json() as { code: string; message: string; hint: string };
      expect(error.code).toBe('PT429');
      expect(error.message).toMatch(/more than the 20 allowed; nothing was recorded/);
      expect(error.hint).toMatch(/after 1 s/);

      // Refused calls write nothing, create_many's included.
      const before = await count();
      const single = await post('/rpc/create', { event_type: 'billing.invoice.paid', payload: { tag: `refused-${run}` } });
      const many = await post('/rpc/create_many', { events: [{ event_type: 'billing.invoice.paid', payload: { tag: `refused-${run}` } }] });
      expect([single.status, many.status]).toEqual([429, 429]);
      expect(many.headers.get('retry-after')).toBe('1');
      expect(await count()).toBe(before);
      expect(await count(`refused-${run}`)).toBe(0);

      // The producer client keeps its events and tries again, no sooner than
      // Retry-After says.
      const tag = `client-${run}`;
      const producer = createProducer({ transport: httpTransport({ baseUrl: api().url, apiKey: key.key }), retryBaseMs: 10, lingerMs: 1 });
      const receipts = Array.from({ length: 300 }, (_, n) => producer.record({ event_type: 'billing.invoice.paid', payload: { tag, n } }));
      while (producer.stats().retried < 2) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await count(tag)).toBe(0);

      // The sequencer moves again: the backlog drains, the client delivers.
      await release();
      released = true;
      await producer.close();
      const recorded = await Promise.all(receipts);
      expect(new Set(recorded.map((receipt) => receipt.event__id)).size).toBe(300);
      const { rows } = await api().admin.query<{ n: number; copies: number }>(
        `select (payload ->> 'n')::int as n, count(*)::int as copies from lib_event.event where payload ->> 'tag' = $1 group by 1 order by 1`, [tag]);
      expect(rows.map((row) => row.n)).toEqual(Array.from({ length: 300 }, (_, n) => n));
      expect(rows.every((row) => row.copies === 1)).toBe(true);
    } finally {
      if (!released) await release();
      await api().admin.query('update lib_event.backlog_bound set max_events = 1000000000000, max_seconds = 2000000000');
    }
  }, 120_000);
});
