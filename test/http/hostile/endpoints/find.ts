import type { Endpoint } from '../types.ts';

/** GET /rpc/find: a page of events by type, consumer and time, with a cursor. */
export const find: Endpoint = {
  path: '/rpc/find',
  method: 'GET',
  access: 'reader',
  records: false,
  valid: () => ({ query: 'page_size=5' }),
  wrongTypes: [
    { name: 'page_size not a number', query: 'page_size=abc', expect: { status: 400, code: '22P02' } },
    { name: 'page_size 0', query: 'page_size=0', expect: { status: 400, code: 'LE021' } },
    { name: 'page_size 1001', query: 'page_size=1001', expect: { status: 413, code: 'PT413' } },
    { name: 'page_size over an integer', query: 'page_size=99999999999', expect: { status: 400, code: '22003' } },
    { name: 'created_from not a time', query: 'created_from=soon', expect: { status: 400, code: '22007' } },
    { name: 'a cursor find did not hand out', query: 'cursor=garbage', expect: { status: 400, code: 'LE020' } },
    { name: 'type and event_type disagreeing', query: 'type=a.b.c&event_type=d.e.f', expect: { status: 400, code: 'LE080' } },
  ],
  wrongShapes: [
    { name: 'an argument it does not take', addQuery: 'nope=1', expect: { status: 404, code: 'PGRST202' } },
    { name: 'page_size twice', query: 'page_size=1&page_size=2' },
    { name: 'POST with a JSON array', method: 'POST', query: '', body: '[{"page_size": 1}, {"page_size": 2}]', headers: { 'Content-Type': 'application/json' } },
    { name: 'POST with a number', method: 'POST', query: '', body: '42', headers: { 'Content-Type': 'application/json' } },
  ],
};
