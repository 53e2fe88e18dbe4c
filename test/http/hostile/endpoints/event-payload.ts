import type { Endpoint } from '../types.ts';

/** GET /rpc/event_payload?event__id=...: one event's payload. */
export const eventPayload: Endpoint = {
  path: '/rpc/event_payload',
  method: 'GET',
  access: 'reader',
  records: false,
  valid: (fixture) => ({ query: `event__id=${fixture.eventId}` }),
  wrongTypes: [
    { name: 'event__id not a uuid', query: 'event__id=abc', expect: { status: 400, code: '22P02' } },
    { name: 'event__id a number', query: 'event__id=42', expect: { status: 400, code: '22P02' } },
    { name: 'event__id of no event', query: 'event__id=00000000-0000-7000-8000-000000000000', expect: { status: 404, code: 'PT404' } },
    // On GET an argument with an operator is a filter of the result: no argument is left.
    { name: 'event__id with an operator', query: 'event__id=eq.00000000-0000-7000-8000-000000000000', expect: { status: 404, code: 'PGRST202' } },
  ],
  wrongShapes: [
    { name: 'no event__id', query: '', expect: { status: 404, code: 'PGRST202' } },
    { name: 'an argument it does not take', addQuery: 'tree_size=1', expect: { status: 404, code: 'PGRST202' } },
    { name: 'event__id twice', query: 'event__id=00000000-0000-7000-8000-000000000000&event__id=abc' },
    { name: 'POST with a JSON array', method: 'POST', query: '', body: '[{"event__id": "00000000-0000-7000-8000-000000000000"}]', headers: { 'Content-Type': 'application/json' } },
  ],
};
