import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { createProducer, httpTransport, type ProducerError, type ProducerEvent } from '../../scripts/client/producer.ts';
import { issueKey } from '../support/api-keys.ts';
import { startFaultProxy, type Fault } from '../support/fault-proxy.ts';
import { describeHttp } from './support/describe-http.ts';
import { choosePostgrest } from './support/postgrest-provider.ts';

const source = await choosePostgrest();

describeHttp(source, 'The producer client over HTTP (httpTransport)', (api) => {
  it('records every event in order under the key\'s consumer, and reports a refused one without retrying it', async () => {
    const run = randomBytes(4).toString('hex');
    const key = await issueKey(api().admin, `producer-${run}`, 'producer');
    const refused: ProducerError[] = [];
    const producer = createProducer({
      transport: httpTransport({ baseUrl: api().url, apiKey: key.key }),
      onError: (_event, error) => refused.push(error),
    });
    const tag = `http-${run}`;
    for (let n = 0; n < 250; n += 1) {
      // Events with different fields in one batch: the transport sends {"events": [...]}.
      producer.record(n % 2 ? { event_type: 'billing.invoice.paid', payload: { tag, n } } : { event_type: 'billing.invoice.paid', payload: { tag, n }, partition_key: `p${n}` });
    }
    const bad = producer.record({ event_type: 'billing.paid', payload: { tag, n: -1 } });
    await producer.close();
    await expect(bad).rejects.toMatchObject({ code: 'LE001', status: 400 });
    expect(refused).toHaveLength(1);
    const { rows } = await api().admin.query<{ n: number; consumer: string }>(
      `select (payload ->> 'n')::int as n, consumer from lib_event.event where payload ->> 'tag' = $1 order by xact_id, event__id`, [tag]);
    expect(rows.map((row) => row.n)).toEqual(Array.from({ length: 250 }, (_, n) => n));
    expect(new Set(rows.map((row) => row.consumer))).toEqual(new Set([key.consumer]));
    expect(producer.stats()).toMatchObject({ sent: 250, failed: 1, retried: 0 });
  });
  // What a client meets when PostgreSQL or PostgREST dies mid-request, each
  // injected by a proxy in front of the real PostgREST, once before the
  // request reaches it (nothing committed) and once after it answered (the
  // batch committed, the answer lost or replaced). None says the event is at
  // fault: each is retried with the same idempotency keys, and recorded once.
  const codeless = JSON.stringify({ code: '', message: 'server closed the connection unexpectedly', details: null, hint: null });
  const faults: [string, Fault['when'], Fault][] = (['before', 'after'] as const).flatMap((when) => [
    [`a 400 without a code (${when})`, when, { answer: { status: 400, body: codeless }, when }],
    [`a 400 with a SQLSTATE that is no data error (${when})`, when, { answer: { status: 400, body: JSON.stringify({ code: '57P02', message: 'crash shutdown', details: null, hint: null }) }, when }],
    [`a 400 whose body is not PostgREST's (${when})`, when, { answer: { status: 400, body: 'Bad Request' }, when }],
    [`a connection reset (${when})`, when, { reset: true, when }],
    [`a 500 (${when})`, when, { answer: { status: 500, body: JSON.stringify({ code: 'XX000', message: 'internal error', details: null, hint: null }) }, when }],
    [`a 503 (${when})`, when, { answer: { status: 503, body: JSON.stringify({ code: 'PGRST001', message: 'Database client error. Retrying the connection.', details: null, hint: null }) }, when }],
  ] as [string, Fault['when'], Fault][]);

  it.each(faults)('retries %s, and records every event once', async (_name, _when, fault) => {
    const run = randomBytes(4).toString('hex');
    const key = await issueKey(api().admin, `faults-${run}`, 'producer');
    const proxy = await startFaultProxy(api().url);
    const refused: ProducerError[] = [];
    const producer = createProducer({
      transport: httpTransport({ baseUrl: proxy.url, apiKey: key.key }),
      retryBaseMs: 10,
      onError: (_event, error) => refused.push(error),
    });
    try {
      const event = (n: number): ProducerEvent => ({ event_type: 'billing.invoice.paid', payload: { tag: run, n } });
      // A batch of one event meets the fault, then a batch of five meets it again.
      proxy.inject(fault);
      const alone = await producer.record(event(0));
      proxy.inject(fault);
      const five = await Promise.all([1, 2, 3, 4, 5].map((n) => producer.record(event(n))));
      await producer.close();
      expect(proxy.applied).toBe(2);
      expect(refused).toEqual([]);
      const { rows } = await api().admin.query<{ n: number; event__id: string }>(
        `select (payload ->> 'n')::int as n, event__id::text from lib_event.event where payload ->> 'tag' = $1 order by xact_id, event__id`, [run]);
      expect(rows.map((row) => row.n)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(rows.map((row) => row.event__id)).toEqual([alone, ...five].map((receipt) => String(receipt.event__id)));
      expect(producer.stats()).toMatchObject({ sent: 6, failed: 0 });
      expect(producer.stats().retried).toBeGreaterThanOrEqual(2);
    } finally {
      await proxy.close();
    }
  });
});
