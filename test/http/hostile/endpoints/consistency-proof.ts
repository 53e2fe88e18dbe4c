import type { Endpoint } from '../types.ts';

/** GET /rpc/consistency_proof: that one tree size extends another. */
export const consistencyProof: Endpoint = {
  path: '/rpc/consistency_proof',
  method: 'GET',
  access: 'reader',
  records: false,
  valid: (fixture) => ({ query: `first_size=1&second_size=${fixture.position}` }),
  wrongTypes: [
    { name: 'first_size not a number', query: 'first_size=abc', expect: { status: 400, code: '22P02' } },
    { name: 'first_size 0', query: 'first_size=0', expect: { status: 400, code: 'LE070' } },
    { name: 'first_size after second_size', query: (fixture) => `first_size=${fixture.position + 1}&second_size=${fixture.position}`, expect: { status: 400, code: 'LE070' } },
    { name: 'second_size past the log', query: 'first_size=1&second_size=999999999', expect: { status: 400, code: 'LE070' } },
    { name: 'first_size a fraction', query: 'first_size=1.5', expect: { status: 400, code: '22P02' } },
  ],
  wrongShapes: [
    { name: 'no argument', query: '', expect: { status: 404, code: 'PGRST202' } },
    { name: 'second_size alone', query: 'second_size=1', expect: { status: 404, code: 'PGRST202' } },
    { name: 'POST with a JSON array', method: 'POST', query: '', body: '[{"first_size": 1}, {"first_size": 2}]', headers: { 'Content-Type': 'application/json' } },
  ],
};
