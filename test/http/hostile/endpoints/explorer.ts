import type { Endpoint } from '../types.ts';

/** GET /rpc/explorer: the events explorer page (text/html); loads without a key. */
export const explorer: Endpoint = {
  path: '/rpc/explorer',
  method: 'GET',
  access: 'none',
  records: false,
  valid: () => ({}),
  wrongTypes: [
    { name: 'an argument it does not take', query: 'verbose=yes', expect: { status: 404, code: 'PGRST202' } },
  ],
  wrongShapes: [
    { name: 'POST with an object', method: 'POST', body: '{"verbose": true}', headers: { 'Content-Type': 'application/json' }, expect: { status: 404, code: 'PGRST202' } },
  ],
};
