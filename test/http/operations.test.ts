import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Health } from '../../scripts/server/status.ts';
import { issueKey } from '../support/api-keys.ts';
import { eventually } from '../support/eventually.ts';
import { prometheusMissing, promtool, startPrometheus, type RunningPrometheus } from '../support/prometheus.ts';
import { describeHttp } from './support/describe-http.ts';
import { choosePostgrest } from './support/postgrest-provider.ts';

// What an operator's probe and Prometheus get from lib_event: GET
// /rpc/health (200, or 500 naming what is wrong) and GET /rpc/metrics in
// Prometheus's text format, both without a key, checked by promtool and
// scraped by a real Prometheus.

const source = await choosePostgrest();
const missing = prometheusMissing();
if (missing) console.warn(`operations: the promtool and Prometheus checks skip: ${missing}`);

/** What Prometheus 2.x sends when it scrapes. */
const scrapeAccept = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

describeHttp(source, 'Health and metrics for operators', (api) => {
  let prometheus: RunningPrometheus | undefined;
  afterAll(async () => {
    await prometheus?.stop();
  });

  const setLimit = (item: string, bound: number) =>
    api().admin.query('update lib_event.health_limit set healthy_at_most = $2::float8 where item = $1', [item, bound]);

  let producerKey = '';
  beforeAll(async () => {
    // Something to count: a service records, the sequencer places it.
    const producer = await issueKey(api().admin, 'billing', 'producer');
    producerKey = producer.key;
    const response = await fetch(`${api().url}/rpc/create`, {
      method: 'POST',
      headers: { 'X-Api-Key': producer.key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ event_type: 'billing.invoice.paid', payload: { invoice: 'INV-1' } }),
    });
    expect(response.status).toBe(200);
    await eventually('the event is counted', async () => {
      const { rows: [row] } = await api().admin.query<{ n: number }>('select coalesce(sum(events), 0)::int as n from lib_event.event_tally');
      return row!.n === 1;
    });
  });

  it('GET /rpc/health answers a probe without a key: 200 and every item when healthy', async () => {
    const response = await fetch(`${api().url}/rpc/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const health = await response.json() as Health;
    expect(health).toMatchObject({ healthy: true, unhealthy: [], log_size: 1 });
    expect(health.items.find((i) => i.item === 'sequencer_backlog_events')).toMatchObject({ value: 0, healthy: true });
  });

  /** How many times PostgREST has loaded its schema cache, from its admin server's metrics. */
  const schemaCacheLoads = async (adminUrl: string) => {
    const text = await (await fetch(`${adminUrl}/metrics`)).text();
    return [...text.matchAll(/^pgrst_schema_cache_loads_total\{[^}]*\} (\d+(?:\.\d+)?)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  };

  it('answers 500 naming the item outside its range, and 200 again once it is back', async () => {
    await setLimit('checkpoint_age', -1);
    try {
      const response = await fetch(`${api().url}/rpc/health`);
      expect(response.status).toBe(500);
      expect(response.headers.get('retry-after')).toBeNull();
      const health = await response.json() as Health;
      expect(health.healthy).toBe(false);
      expect(health.unhealthy).toEqual(['checkpoint_age']);
    } finally {
      await setLimit('checkpoint_age', 60);
    }
    expect((await fetch(`${api().url}/rpc/health`)).status).toBe(200);
  });

  it('leaves PostgREST alone when unhealthy: probes polling a 500 reload no schema cache (a 503 would, each time)', async () => {
    const adminUrl = api().adminUrl;
    // Only a PostgREST this suite started itself tells where its admin server is.
    if (!adminUrl) return expect(source.available && source.name).not.toMatch(/^local PostgREST binary/);
    const before = await schemaCacheLoads(adminUrl);
    expect(before).toBeGreaterThan(0);
    await setLimit('checkpoint_age', -1);
    try {
      for (let probe = 0; probe < 3; probe++) {
        expect((await fetch(`${api().url}/rpc/health`)).status).toBe(500);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    } finally {
      await setLimit('checkpoint_age', 60);
    }
    expect(await schemaCacheLoads(adminUrl)).toBe(before);
  });

  it('GET /rpc/metrics answers Prometheus in its text format, without a key', async () => {
    const response = await fetch(`${api().url}/rpc/metrics`, { headers: { Accept: scrapeAccept } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('# TYPE lib_event_events_total counter');
    expect(text).toContain('lib_event_events_total{type_prefix="billing",consumer="billing"} 1');
    expect(text).toMatch(/^lib_event_sequencer_backlog_events 0$/m);
    expect(text).toMatch(/^lib_event_up 1$/m);
    expect(text).toContain('# TYPE lib_event_keys_used_last_day gauge');
  });

  it('counts refused writes by error code, although the refused transaction rolls back', async () => {
    const refusals = async (code: string): Promise<number> => {
      const text = await (await fetch(`${api().url}/rpc/metrics`, { headers: { Accept: scrapeAccept } })).text();
      const sample = new RegExp(`^lib_event_refusals_total\\{code="${code}"\\} (\\d+)$`, 'm').exec(text);
      expect(sample, `lib_event_refusals_total{code="${code}"} in the metrics`).not.toBeNull();
      return Number(sample![1]);
    };
    const post = (path: string, body: unknown) => fetch(`${api().url}/rpc/${path}`, {
      method: 'POST',
      headers: { 'X-Api-Key': producerKey, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const [numbers, badTypes] = [await refusals('LE041'), await refusals('LE001')];

    const numeric = await post('create_many', [{ event_type: 'billing.invoice.paid', partition_key: 42 }]);
    expect(numeric.status).toBe(400);
    expect(await numeric.json()).toMatchObject({ code: 'LE041' });
    const misnamed = await post('create', { event_type: 'not an event type' });
    expect(misnamed.status).toBe(400);
    expect(await misnamed.json()).toMatchObject({ code: 'LE001' });
    const inBatch = await post('create_many', [{ event_type: 'billing.invoice.paid' }, { event_type: 'Billing' }]);
    expect(inBatch.status).toBe(400);

    expect(await refusals('LE041')).toBe(numbers + 1);
    // The event of a batch that failed is counted once, not again where the batch says which one it was.
    expect(await refusals('LE001')).toBe(badTypes + 2);
  });

  it('counts writes refused before they start: no key, an unknown key, Prefer: tx=rollback; not a read refused', async () => {
    const count = async (code: string) => Number(new RegExp(`^lib_event_refusals_total\\{code="${code}"\\} (\\d+)$`, 'm')
      .exec(await (await fetch(`${api().url}/rpc/metrics`, { headers: { Accept: scrapeAccept } })).text())?.[1]);
    const [unauthorized, rollback] = [await count('PT401'), await count('LE083')];
    expect(Number.isInteger(unauthorized) && Number.isInteger(rollback)).toBe(true);
    const body = JSON.stringify({ event_type: 'billing.invoice.paid' });
    const json = { 'Content-Type': 'application/json' };
    expect((await fetch(`${api().url}/rpc/create`, { method: 'POST', headers: json, body })).status).toBe(401);
    expect((await fetch(`${api().url}/rpc/create`, { method: 'POST', headers: { ...json, 'X-Api-Key': 'lek_unknown' }, body })).status).toBe(401);
    const rolledBack = await fetch(`${api().url}/rpc/create`, { method: 'POST', headers: { ...json, 'X-Api-Key': producerKey, Prefer: 'tx=rollback' }, body });
    expect(rolledBack.status).toBe(400);
    expect(await rolledBack.json()).toMatchObject({ code: 'LE083' });
    // A read runs read-only: its refusal is not counted (db/operations.md).
    expect((await fetch(`${api().url}/events?limit=1`)).status).toBe(401);
    expect(await count('PT401')).toBe(unauthorized + 2);
    expect(await count('LE083')).toBe(rollback + 1);
  });

  it('keeps every other path behind a key', async () => {
    expect((await fetch(`${api().url}/events?limit=1`)).status).toBe(401);
    expect((await fetch(`${api().url}/rpc/follow`)).status).toBe(401);
  });

  it.skipIf(missing)('promtool check metrics accepts them', async () => {
    const text = await (await fetch(`${api().url}/rpc/metrics`, { headers: { Accept: scrapeAccept } })).text();
    const checked = promtool(['check', 'metrics'], text);
    expect(checked.output).toBe('');
    expect(checked.code).toBe(0);
  });

  it.skipIf(missing)('a real Prometheus scrapes them and answers a query for the backlog', async () => {
    prometheus = await startPrometheus(new URL(`${api().url}/rpc/metrics`));
    const running = prometheus;
    await eventually('Prometheus has scraped lib_event', async () => (await running.query('lib_event_sequencer_backlog_events')).length > 0, 60_000, 250);
    expect(await running.target()).toMatchObject({ health: 'up', lastError: '' });
    const [backlog] = await running.query('lib_event_sequencer_backlog_events');
    expect(backlog!.metric).toMatchObject({ __name__: 'lib_event_sequencer_backlog_events', job: 'lib_event' });
    expect(backlog!.value[1]).toBe('0');
    const [counted] = await running.query('sum(lib_event_events_total{type_prefix="billing"})');
    expect(counted!.value[1]).toBe('1');
  });
});
