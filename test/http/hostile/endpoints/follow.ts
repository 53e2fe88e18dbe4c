import type { Endpoint } from '../types.ts';

/** GET /rpc/follow: the log in order, from a cursor. */
export const follow: Endpoint = {
  path: '/rpc/follow',
  method: 'GET',
  access: 'reader',
  records: false,
  valid: () => ({ query: 'page_size=5' }),
  wrongTypes: [
    { name: 'cursor not a position', query: 'cursor=garbage', expect: { status: 400, code: 'LE030' } },
    { name: 'cursor past the end', query: 'cursor=999999999', expect: { status: 400, code: 'LE033' } },
    { name: 'page_size not a number', query: 'page_size=abc', expect: { status: 400, code: '22P02' } },
    { name: 'page_size 0', query: 'page_size=0', expect: { status: 400, code: 'LE031' } },
    { name: 'page_size 1001', query: 'page_size=1001', expect: { status: 400, code: 'LE031' } },
    { name: 'max and page_size disagreeing', query: 'max=1&page_size=2', expect: { status: 400, code: 'LE080' } },
  ],
  wrongShapes: [
    { name: 'an argument it does not take', addQuery: 'nope=1', expect: { status: 404, code: 'PGRST202' } },
    { name: 'POST with a JSON array', method: 'POST', query: '', body: '[{"page_size": 1}]', headers: { 'Content-Type': 'application/json' } },
  ],
};
