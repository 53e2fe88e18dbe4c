import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { createProducer, httpTransport, type ProducerError } from '../../scripts/client/producer.ts';
import { issueKey } from '../support/api-keys.ts';
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
});
