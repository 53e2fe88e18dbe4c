import type { Endpoint } from '../types.ts';

/** GET /rpc/api_key: the calling key's consumer, access and scopes; any active key. */
export const apiKey: Endpoint = {
  path: '/rpc/api_key',
  method: 'GET',
  access: 'reader',
  records: false,
  valid: () => ({}),
  wrongTypes: [
    { name: 'a key id it does not take', query: 'api_key__id=00000000-0000-0000-0000-000000000000', expect: { status: 404, code: 'PGRST202' } },
    { name: 'a filter on a result column of the wrong type', query: 'scoped=eq.maybe', expect: { status: 400, code: '22P02' } },
  ],
  wrongShapes: [
    { name: 'POST naming another key', method: 'POST', body: '{"api_key": "lek_someone_else"}', headers: { 'Content-Type': 'application/json' }, expect: { status: 404, code: 'PGRST202' } },
    { name: 'POST with an array', method: 'POST', body: '[]', headers: { 'Content-Type': 'application/json' } },
    { name: 'a column that does not exist', query: 'select=key_hash', expect: { status: 400, code: '42703' } },
  ],
};
