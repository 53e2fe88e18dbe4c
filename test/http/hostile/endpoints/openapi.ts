import type { Endpoint } from '../types.ts';

/** GET /: lib_events.openapi, the API document (db-root-spec); public. */
export const openapi: Endpoint = {
  path: '/',
  method: 'GET',
  access: 'none',
  records: false,
  valid: () => ({}),
  wrongTypes: [
    { name: 'an argument it does not take', query: 'version=abc' },
    // As a function it needs a key, and no key's role may call it: only / serves it.
    { name: 'GET /rpc/openapi without a key', path: '/rpc/openapi', expect: { status: 401, code: 'PT401' } },
    { name: 'GET /rpc/openapi with a key', path: '/rpc/openapi', withKey: true, expect: { status: 403, code: 'PT403' } },
  ],
  wrongShapes: [
    { name: 'POST with a JSON body', method: 'POST', body: '{"openapi": "2.0"}', headers: { 'Content-Type': 'application/json' } },
    { name: 'GET /rpc/openapi with an argument', path: '/rpc/openapi', query: 'x=1', expect: { status: 404, code: 'PGRST202' } },
  ],
};
