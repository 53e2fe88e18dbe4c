import type { Endpoint } from '../types.ts';

const event = { event_type: 'hostile.batch.recorded', payload: { n: 1 } };
const batch = (...events: unknown[]) => JSON.stringify({ events });
const withField = (field: string, value: unknown) => batch(event, { ...event, [field]: value });

/** POST /rpc/create_many: lib_events.create_many(jsonb), the whole body. */
export const createMany: Endpoint = {
  path: '/rpc/create_many',
  method: 'POST',
  access: 'producer',
  records: true,
  writes: { resultColumn: 'event_type' },
  valid: () => ({ body: [event, event] }),
  wrongTypes: [
    { name: 'event_type a number', body: withField('event_type', 42), expect: { status: 400, code: 'LE041' } },
    { name: 'event_type an array', body: withField('event_type', ['hostile.batch.recorded']), expect: { status: 400, code: 'LE041' } },
    { name: 'partition_key a number', body: withField('partition_key', 42), expect: { status: 400, code: 'LE041' } },
    { name: 'partition_key an object', body: withField('partition_key', { id: 1 }), expect: { status: 400, code: 'LE041' } },
    { name: 'partition_key an array', body: withField('partition_key', ['p']), expect: { status: 400, code: 'LE041' } },
    { name: 'partition_key true', body: withField('partition_key', true), expect: { status: 400, code: 'LE041' } },
    { name: 'idempotency_key a number', body: withField('idempotency_key', 7), expect: { status: 400, code: 'LE041' } },
    { name: 'idempotency_key an object', body: withField('idempotency_key', { k: 1 }), expect: { status: 400, code: 'LE041' } },
    { name: 'idempotency_key false', body: withField('idempotency_key', false), expect: { status: 400, code: 'LE041' } },
    { name: 'source a number', body: withField('source', 7), expect: { status: 400, code: 'LE041' } },
    { name: 'occurred_at a number', body: withField('occurred_at', 1767607200), expect: { status: 400, code: 'LE041' } },
    { name: 'occurred_at yesterday', body: withField('occurred_at', 'yesterday'), expect: { status: 400, code: '22007' } },
    { name: 'occurred_at epoch', body: withField('occurred_at', 'epoch'), expect: { status: 400, code: '22007' } },
    { name: 'occurred_at today', body: withField('occurred_at', 'today'), expect: { status: 400, code: '22007' } },
    { name: 'occurred_at now', body: withField('occurred_at', 'now'), expect: { status: 400, code: '22007' } },
    { name: 'occurred_at without an offset', body: withField('occurred_at', '2026-01-05T10:00:00'), expect: { status: 400, code: '22007' } },
    { name: 'occurred_at as 01/05/2026', body: withField('occurred_at', '01/05/2026'), expect: { status: 400, code: '22007' } },
    { name: 'occurred_at on 30 February', body: withField('occurred_at', '2026-02-30T10:00:00Z'), expect: { status: 400, code: '22008' } },
    { name: 'headers an array', body: withField('headers', [1]), expect: { status: 400, code: 'LE002' } },
    { name: 'source not a uuid', body: withField('source', 'req-1'), expect: { status: 400, code: '22P02' } },
  ],
  wrongShapes: [
    // PostgREST passes a body that is no array or object as [] (Payload.hs).
    { name: 'a number', body: '42', expect: { status: 400, code: 'LE007' } },
    { name: 'null', body: 'null', expect: { status: 400, code: 'LE007' } },
    { name: 'a string', body: '"hostile.batch.recorded"', expect: { status: 400, code: 'LE007' } },
    { name: 'true', body: 'true', expect: { status: 400, code: 'LE007' } },
    { name: 'an empty array', body: '[]', expect: { status: 400, code: 'LE007' } },
    { name: '{"events": []}', body: '{"events": []}', expect: { status: 400, code: 'LE007' } },
    { name: 'an empty object', body: '{}', expect: { status: 400, code: 'LE007' } },
    { name: 'one event object, not an array', body: JSON.stringify(event), expect: { status: 400, code: 'LE007' } },
    { name: '{"events": 42}', body: '{"events": 42}', expect: { status: 400, code: 'LE007' } },
    { name: 'an array of numbers', body: '[1, 2]', expect: { status: 400, code: 'PGRST102' } },
    { name: '{"events": [1]}', body: '{"events": [1]}', expect: { status: 400, code: 'LE007' } },
    { name: 'an array of arrays', body: '{"events": [[{"event_type": "hostile.batch.recorded"}]]}', expect: { status: 400, code: 'LE007' } },
    { name: 'events with different keys, as a plain array', body: JSON.stringify([event, { event_type: 'hostile.batch.recorded' }]), expect: { status: 400, code: 'PGRST102' } },
    { name: 'an unknown field', body: withField('evnt_type', 'x'), expect: { status: 400, code: 'LE008' } },
    { name: 'no body', body: null },
    { name: 'not JSON', body: '[{"event_type": ', expect: { status: 400, code: 'PGRST102' } },
    { name: '1001 events', body: JSON.stringify(Array.from({ length: 1001 }, () => event)), expect: { status: 413, code: 'PT413' } },
    { name: 'a header key that reads as partition_key behind a no-break space', body: withField('headers', { 'partition_key\u00a0': 'x' }), expect: { status: 400, code: 'LE003' } },
  ],
  stray: [
    { name: 'limit=0: nothing called, nothing recorded', addQuery: 'limit=0', expect: { status: 200 } },
    // A single object for two receipts: PostgREST refuses after the call and rolls back.
    { name: 'Accept: application/vnd.pgrst.object+json for two events', headers: { Accept: 'application/vnd.pgrst.object+json' }, expect: { status: 406, code: 'PGRST116' } },
    { name: 'Prefer: max-affected=1, handling=strict for two events', headers: { Prefer: 'max-affected=1, handling=strict' }, expect: { status: 400, code: 'PGRST124' } },
  ],
};
