import { describe, expectTypeOf, it } from 'vitest';
// Through the package export, as a team would import it.
import { createLibEventClient, type components } from 'lib_event/client';

// The typed client example of scripts/client/README.md, kept compiling. Never called.
async function readmeExample() {
  const producer = createLibEventClient({ baseUrl: 'http://localhost:3000', apiKey: process.env.AUDIT_API_KEY });
  const { data: receipt, error } = await producer.POST('/rpc/create', {
    body: {
      event_type: 'billing.invoice.paid',
      payload: { invoice: 'INV-1', amount: 4200 },
      headers: { actor: 'ada' },
    },
  });
  if (error) throw new Error(`${error.code}: ${error.message} (${error.hint ?? 'no hint'})`);
  const reader = createLibEventClient({ baseUrl: 'http://localhost:3000', apiKey: process.env.AUDIT_READER_KEY });
  const { data: events, response } = await reader.GET('/events', {
    params: {
      query: {
        event_type: 'like.billing.invoice.*',
        created_at: ['gte.2026-01-01T00:00:00Z', 'lt.2026-02-01T00:00:00Z'],
        order: 'created_at.desc',
        limit: 50,
      },
      header: { Prefer: 'count=exact' },
    },
  });
  const csv = await reader.GET('/events', { params: { query: { limit: 10 } }, headers: { Accept: 'text/csv' }, parseAs: 'text' });
  return { receipt, events, range: response.headers.get('content-range'), csv: csv.data };
}

describe('the typed client example', () => {
  it('compiles through the package export, with the documented types', () => {
    type Result = Awaited<ReturnType<typeof readmeExample>>;
    expectTypeOf<Result['receipt']>().toEqualTypeOf<components['schemas']['event_receipt']>();
    expectTypeOf<Result['events']>().toEqualTypeOf<components['schemas']['events'][] | string | undefined>();
    expectTypeOf<Result['csv']>().toEqualTypeOf<string | undefined>();
  });
});
