import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { createLibEventClient, type components } from '../../scripts/client/client.ts';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { describeHttp } from './support/describe-http.ts';
import { choosePostgrest } from './support/postgrest-provider.ts';

type Receipt = components['schemas']['event_receipt'];
type EventRow = components['schemas']['events'];

const source = await choosePostgrest();

describeHttp(source, 'POST /rpc/create and GET /events through the typed client', (api) => {
  // Consumers unique to this run: the filters below then see only this run's
  // events, even on a database that already holds others (POSTGREST_URL).
  const run = randomBytes(4).toString('hex');
  const billing = `billing-${run}`;
  const iam = `iam-${run}`;
  const both = `in.(${billing},${iam})`;

  let billingKey: IssuedKey;
  let iamKey: IssuedKey;
  let readerKey: IssuedKey;

  const day = 24 * 60 * 60 * 1000;
  const base = Date.now() - 30 * day;
  const at = (days: number) => new Date(base + days * day).toISOString();
  const sourceId = '7b7a3c1e-3c55-4a8e-9a39-1d2a1f0e5d10';

  /** Receipts in recording order: drafted, paid (full), paid, user created. */
  const receipts: Receipt[] = [];
  const id = (index: number) => receipts[index]?.event__id;

  const reader = () => createLibEventClient({ baseUrl: api().url, apiKey: readerKey.key });

  beforeAll(async () => {
    billingKey = await issueKey(api().admin, billing, 'producer');
    iamKey = await issueKey(api().admin, iam, 'producer');
    readerKey = await issueKey(api().admin, `audit-${run}`, 'reader');

    const asBilling = createLibEventClient({ baseUrl: api().url, apiKey: billingKey.key });
    const asIam = createLibEventClient({ baseUrl: api().url, apiKey: iamKey.key });
    const calls = [
      () => asBilling.POST('/rpc/create', { body: { event_type: 'billing.invoice.drafted', payload: { invoice: 'INV-1' }, occurred_at: at(0) } }),
      () =>
        asBilling.POST('/rpc/create', {
          body: {
            event_type: 'billing.invoice.paid',
            payload: { invoice: 'INV-1', amount: 4200, lines: [{ sku: 'A-1', qty: 2 }] },
            headers: { actor: 'ada', 'auth level': 2 },
            occurred_at: at(5),
            source: sourceId,
            partition_key: 'invoice:INV-1',
          },
        }),
      () => asBilling.POST('/rpc/create', { body: { event_type: 'billing.invoice.paid', payload: { invoice: 'INV-2' }, occurred_at: at(10) } }),
      () => asIam.POST('/rpc/create', { body: { event_type: 'iam.user.created', payload: { user: 'grace' }, occurred_at: at(7) } }),
    ];
    for (const call of calls) {
      const { data, error, response } = await call();
      expect(error, JSON.stringify(error)).toBeUndefined();
      expect(response.status).toBe(200);
      receipts.push(data as Receipt);
    }
  });

  async function idsOf(query: Record<string, string | string[]>): Promise<(string | undefined)[]> {
    const { data, error, response } = await reader().GET('/events', {
      params: { query: { ...query, order: 'created_at.asc', limit: 100 } },
    });
    expect(error, JSON.stringify(error)).toBeUndefined();
    expect(response.status).toBe(200);
    // The success type is JSON rows or CSV text; without Accept: text/csv it is rows.
    return ((data ?? []) as EventRow[]).map((row) => row.event__id);
  }

  it('records a create_many array, and a {"events": [...]} body whose events differ in fields', async () => {
    // A consumer of its own, so the filters below still see only their four events.
    const batcher = await issueKey(api().admin, `batch-${run}`, 'producer');
    const asBatcher = createLibEventClient({ baseUrl: api().url, apiKey: batcher.key });
    const plain = await asBatcher.POST('/rpc/create_many', {
      body: [{ event_type: 'billing.invoice.sent', payload: { invoice: 'INV-9' } }, { event_type: 'billing.invoice.sent', payload: { invoice: 'INV-10' } }],
    });
    expect(plain.error, JSON.stringify(plain.error)).toBeUndefined();
    expect((plain.data as Receipt[]).map((r) => r.consumer)).toEqual([batcher.consumer, batcher.consumer]);

    const wrapped = await asBatcher.POST('/rpc/create_many', {
      body: { events: [{ event_type: 'billing.invoice.sent' }, { event_type: 'billing.invoice.sent', payload: { invoice: 'INV-11' } }] },
    });
    expect(wrapped.error, JSON.stringify(wrapped.error)).toBeUndefined();
    expect(wrapped.data).toHaveLength(2);
  });

  it('defers a payload over 256 KiB in GET /events, and GET /rpc/event_payload returns it', async () => {
    const storer = await issueKey(api().admin, `storage-${run}`, 'producer');
    const payload = { blob: 'y'.repeat(300 * 1024) };
    const created = await createLibEventClient({ baseUrl: api().url, apiKey: storer.key })
      .POST('/rpc/create', { body: { event_type: 'storage.blob.uploaded', payload } });
    expect(created.error, JSON.stringify(created.error)).toBeUndefined();
    const id = (created.data as Receipt).event__id as string;

    const listed = await reader().GET('/events', { params: { query: { event__id: `eq.${id}`, limit: 1 } } });
    expect((listed.data as EventRow[])[0]).toMatchObject({ payload: null, payload_deferred: true });
    const fetched = await reader().GET('/rpc/event_payload', { params: { query: { event__id: id } } });
    expect(fetched.response.status).toBe(200);
    expect(fetched.data).toEqual(payload);
  });

  it('answers a create with a receipt naming the key holder as consumer', () => {
    const receipt = receipts[1] as Receipt;
    expect(receipt.event__id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(receipt.event_type).toBe('billing.invoice.paid');
    expect(receipt.consumer).toBe(billing);
    expect(Date.parse(receipt.occurred_at ?? '')).toBe(Date.parse(at(5)));
    expect(receipt.headers).toMatchObject({
      actor: 'ada',
      'auth level': 2,
      event_type: 'billing.invoice.paid',
      event__id: receipt.event__id,
      source: sourceId,
      partition_key: 'invoice:INV-1',
      consumer: billing,
    });
  });

  it('reads a recorded event back by id, with its payload and headers intact', async () => {
    const receipt = receipts[1] as Receipt;
    const { data, response } = await reader().GET('/events', {
      params: { query: { event__id: `eq.${receipt.event__id}`, limit: 1 } },
    });
    expect(response.status).toBe(200);
    expect(data).toHaveLength(1);
    const event = (data as EventRow[])[0] as EventRow;
    expect(event).toMatchObject({
      event__id: receipt.event__id,
      event_type: 'billing.invoice.paid',
      consumer: billing,
      source: sourceId,
      partition_key: 'invoice:INV-1',
      payload: { invoice: 'INV-1', amount: 4200, lines: [{ sku: 'A-1', qty: 2 }] },
    });
    expect(event.headers).toEqual(receipt.headers);
    expect(Date.parse(event.created_at)).toBe(Date.parse(receipt.created_at ?? ''));
  });

  it('filters by event type with eq', async () => {
    expect(await idsOf({ consumer: both, event_type: 'eq.billing.invoice.paid' })).toEqual([id(1), id(2)]);
  });

  it('filters by an event type prefix with like (* for %)', async () => {
    expect(await idsOf({ consumer: both, event_type: 'like.billing.invoice.*' })).toEqual([id(0), id(1), id(2)]);
    expect(await idsOf({ consumer: both, event_type: 'like.iam.*' })).toEqual([id(3)]);
  });

  it('filters by consumer', async () => {
    expect(await idsOf({ consumer: `eq.${iam}` })).toEqual([id(3)]);
    expect(await idsOf({ consumer: `eq.${billing}` })).toEqual([id(0), id(1), id(2)]);
  });

  it('filters by a time range on occurred_at, the parameter repeated for AND', async () => {
    expect(await idsOf({ consumer: both, occurred_at: [`gte.${at(3)}`, `lt.${at(10)}`] })).toEqual([id(1), id(3)]);
  });

  it('filters by a time range on created_at, with offsets in the values', async () => {
    const from = receipts[1]?.created_at ?? '';
    const to = receipts[2]?.created_at ?? '';
    expect(await idsOf({ consumer: both, created_at: [`gte.${from}`, `lte.${to}`] })).toEqual([id(1), id(2)]);
  });

  it('answers CSV, a header line first, for Accept: text/csv', async () => {
    const { data, response } = await reader().GET('/events', {
      params: { query: { consumer: `eq.${billing}`, select: 'event__id,event_type,consumer', order: 'created_at.asc', limit: 100 } },
      headers: { Accept: 'text/csv' },
      parseAs: 'text',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = String(data).split(/\r?\n/).filter((line) => line !== '');
    expect(lines).toEqual([
      'event__id,event_type,consumer',
      `${id(0)},billing.invoice.drafted,${billing}`,
      `${id(1)},billing.invoice.paid,${billing}`,
      `${id(2)},billing.invoice.paid,${billing}`,
    ]);
  });

  it('puts the exact total in Content-Range for Prefer: count=exact', async () => {
    const all = await reader().GET('/events', {
      params: { query: { consumer: `eq.${billing}`, limit: 100 }, header: { Prefer: 'count=exact' } },
    });
    expect(all.response.status).toBe(200);
    expect(all.response.headers.get('content-range')).toBe('0-2/3');
    expect(all.data).toHaveLength(3);

    const page = await reader().GET('/events', {
      params: { query: { consumer: `eq.${billing}`, order: 'created_at.asc', limit: 1 }, header: { Prefer: 'count=exact' } },
    });
    expect(page.response.status).toBe(206);
    expect(page.response.headers.get('content-range')).toBe('0-0/3');
    expect((page.data as EventRow[]).map((row) => row.event__id)).toEqual([id(0)]);
  });
});
