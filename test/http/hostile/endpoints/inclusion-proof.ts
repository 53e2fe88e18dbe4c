import type { Endpoint } from '../types.ts';

/** GET /rpc/inclusion_proof: the audit path of one event in a tree size. */
export const inclusionProof: Endpoint = {
  path: '/rpc/inclusion_proof',
  method: 'GET',
  access: 'reader',
  records: false,
  valid: (fixture) => ({ query: `event__id=${fixture.eventId}&tree_size=${fixture.position}` }),
  wrongTypes: [
    { name: 'event__id not a uuid', query: 'event__id=abc', expect: { status: 400, code: '22P02' } },
    { name: 'tree_size not a number', query: 'event__id=00000000-0000-7000-8000-000000000000&tree_size=abc', expect: { status: 400, code: '22P02' } },
    { name: 'an event never recorded', query: 'event__id=00000000-0000-7000-8000-000000000000&tree_size=1', expect: { status: 404, code: 'PT404' } },
    { name: 'tree_size 0', query: (fixture) => `event__id=${fixture.eventId}&tree_size=0`, expect: { status: 400, code: 'LE070' } },
    { name: 'tree_size past the log', query: (fixture) => `event__id=${fixture.eventId}&tree_size=999999999`, expect: { status: 400, code: 'LE070' } },
    { name: 'tree_size negative', query: (fixture) => `event__id=${fixture.eventId}&tree_size=-1`, expect: { status: 400, code: 'LE070' } },
  ],
  wrongShapes: [
    { name: 'no argument', query: '', expect: { status: 404, code: 'PGRST202' } },
    { name: 'tree_size alone', query: 'tree_size=1', expect: { status: 404, code: 'PGRST202' } },
  ],
};
