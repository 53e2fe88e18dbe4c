import type { Endpoint } from '../types.ts';

/** GET /rpc/follow_head: the cursor of the log's last placed event. */
export const followHead: Endpoint = {
  path: '/rpc/follow_head',
  method: 'GET',
  access: 'reader',
  records: false,
  valid: () => ({}),
  wrongTypes: [
    { name: 'a cursor it does not take', query: 'cursor=abc', expect: { status: 404, code: 'PGRST202' } },
  ],
  wrongShapes: [
    { name: 'POST with an object', method: 'POST', body: '{"cursor": 1}', headers: { 'Content-Type': 'application/json' }, expect: { status: 404, code: 'PGRST202' } },
    { name: 'POST with an array', method: 'POST', body: '[]', headers: { 'Content-Type': 'application/json' } },
  ],
};
