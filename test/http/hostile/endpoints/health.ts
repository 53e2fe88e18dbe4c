import type { Endpoint } from '../types.ts';

/** GET /rpc/health: whether lib_event keeps up (200, or 503 naming what is wrong); public, no key. */
export const health: Endpoint = {
  path: '/rpc/health',
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
