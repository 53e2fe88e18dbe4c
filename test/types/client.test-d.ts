import { describe, expectTypeOf, it } from 'vitest';
import { createLibEventClient, type components, type paths } from '../../scripts/client/client.ts';

const client = createLibEventClient({ baseUrl: 'http://localhost:3000', apiKey: 'lek_example' });

// Never called: they exist for their types.
const create = () => client.POST('/rpc/create', { body: { event_type: 'billing.invoice.paid' } });
const readEvents = () =>
  client.GET('/events', {
    params: {
      query: {
        event_type: 'eq.billing.invoice.paid',
        created_at: ['gte.2026-01-01T00:00:00Z', 'lt.2026-02-01T00:00:00Z'],
        select: 'event__id,event_type,created_at',
        order: 'created_at.desc',
        limit: 10,
        offset: 20,
      },
      header: { Prefer: 'count=exact' },
    },
  });

type CreateBody = paths['/rpc/create']['post']['requestBody']['content']['application/json'];
type Receipt = components['schemas']['event_receipt'];
type EventRow = components['schemas']['events'];

describe('createLibEventClient', () => {
  it('takes a base URL, an optional API key and an optional fetch', () => {
    expectTypeOf(createLibEventClient).parameter(0).toEqualTypeOf<{ baseUrl: string; apiKey?: string; fetch?: typeof fetch }>();
    expectTypeOf(createLibEventClient({ baseUrl: 'http://localhost:3000' }).POST).toBeFunction();
  });
});

describe('POST /rpc/create', () => {
  it('accepts the documented arguments, only event_type being required', () => {
    expectTypeOf(client.POST).toBeCallableWith('/rpc/create', { body: { event_type: 'billing.invoice.paid' } });
    expectTypeOf(client.POST).toBeCallableWith('/rpc/create', {
      body: {
        event_type: 'billing.invoice.paid',
        payload: { invoice: 'INV-1' },
        headers: { actor: 'ada' },
        occurred_at: '2026-01-02T03:04:05Z',
        source: '7b7a3c1e-3c55-4a8e-9a39-1d2a1f0e5d10',
        partition_key: null,
      },
    });
    expectTypeOf<CreateBody>().toHaveProperty('event_type').toEqualTypeOf<string>();
    expectTypeOf<CreateBody['source']>().toEqualTypeOf<string | null | undefined>();
  });

  it('refuses a wrong argument name', () => {
    // @ts-expect-error event_typ is not an argument of create
    void client.POST('/rpc/create', { body: { event_typ: 'billing.invoice.paid' } });
    // @ts-expect-error eventType is not an argument of create either
    void client.POST('/rpc/create', { body: { eventType: 'billing.invoice.paid' } });
    expectTypeOf<{ event_typ: string }>().not.toExtend<CreateBody>();
  });

  it('refuses a wrong argument type', () => {
    // @ts-expect-error event_type is a string
    void client.POST('/rpc/create', { body: { event_type: 42 } });
    // @ts-expect-error source is a uuid string
    void client.POST('/rpc/create', { body: { event_type: 'billing.invoice.paid', source: 7 } });
    expectTypeOf<{ event_type: number }>().not.toExtend<CreateBody>();
  });

  it('refuses a call without event_type', () => {
    // @ts-expect-error event_type has no default
    void client.POST('/rpc/create', { body: { payload: {} } });
  });

  it('answers with the receipt: event__id, times, consumer, headers', () => {
    type Data = NonNullable<Awaited<ReturnType<typeof create>>['data']>;
    expectTypeOf<Data>().toEqualTypeOf<Receipt>();
    expectTypeOf<Receipt>().toHaveProperty('event__id').toEqualTypeOf<string | null>();
    expectTypeOf<Receipt>().toHaveProperty('created_at').toEqualTypeOf<string | null>();
    expectTypeOf<Receipt>().toHaveProperty('consumer').toEqualTypeOf<string | null>();
    expectTypeOf<Receipt>().toHaveProperty('headers').toBeUnknown();
  });

  it('types the error body as PostgREST sends it', () => {
    type Failure = NonNullable<Awaited<ReturnType<typeof create>>['error']>;
    expectTypeOf<Failure>().toEqualTypeOf<components['schemas']['PostgrestError']>();
    expectTypeOf<Failure['code']>().toEqualTypeOf<string>();
    expectTypeOf<Failure['hint']>().toEqualTypeOf<string | null>();
  });
});

describe('GET /events', () => {
  it('takes filters, select, order, limit and offset as query parameters', () => {
    expectTypeOf(readEvents).returns.resolves.toHaveProperty('data');
    void client.HEAD('/events', { params: { query: { consumer: 'eq.billing' }, header: { Prefer: 'count=exact' } } });
    // @ts-expect-error HEAD is for views, not for /rpc/create
    void client.HEAD('/rpc/create', {});
    // @ts-expect-error limit is a number
    void client.GET('/events', { params: { query: { limit: 'ten' } } });
    // @ts-expect-error no column named kind
    void client.GET('/events', { params: { query: { kind: 'eq.x' } } });
  });

  it('answers with rows (JSON) or text (CSV), NOT NULL columns not nullable', () => {
    type Data = NonNullable<Awaited<ReturnType<typeof readEvents>>['data']>;
    // The document offers application/json and text/csv; Client<paths> types both.
    expectTypeOf<Data>().toEqualTypeOf<EventRow[] | string>();
    expectTypeOf<Extract<Data, unknown[]>>().toEqualTypeOf<EventRow[]>();
    expectTypeOf<EventRow['event__id']>().toEqualTypeOf<string>();
    expectTypeOf<EventRow['source']>().toEqualTypeOf<string | null>();
  });
});

describe('GET /rpc/api_key', () => {
  const describeKey = () => client.GET('/rpc/api_key');
  type Key = components['schemas']['presented_key'];

  it('takes no argument and answers with the key in use: consumer, access, scopes', () => {
    type Data = NonNullable<Awaited<ReturnType<typeof describeKey>>['data']>;
    expectTypeOf<Data>().toEqualTypeOf<Key>();
    expectTypeOf<Key['access']>().toEqualTypeOf<'producer' | 'reader' | 'producer_reader' | null>();
    expectTypeOf<Key['scoped']>().toEqualTypeOf<boolean | null>();
    expectTypeOf<Key['tenants']>().toEqualTypeOf<string[] | null>();
    expectTypeOf<Key['may_erase']>().toEqualTypeOf<boolean | null>();
    // @ts-expect-error it answers about the caller's own key, and takes no other
    void client.GET('/rpc/api_key', { params: { query: { api_key__id: '00000000-0000-0000-0000-000000000000' } } });
  });
});
