import type { Endpoint } from '../types.ts';

/** POST /rpc/request_checkpoint: asks the sequencer to sign; writes a notification, no event. */
export const requestCheckpoint: Endpoint = {
  path: '/rpc/request_checkpoint',
  method: 'POST',
  access: 'reader',
  records: false,
  // Its result is a number, with no column to filter on: a filter is 42703.
  writes: { resultColumn: 'request_checkpoint' },
  valid: () => ({}),
  wrongTypes: [
    { name: 'an argument it does not take', body: '{"tree_size": "abc"}', expect: { status: 404, code: 'PGRST202' } },
  ],
  wrongShapes: [
    { name: 'an array', body: '[{}]' },
    { name: 'a number', body: '42' },
    { name: 'not JSON', body: '{', expect: { status: 400, code: 'PGRST102' } },
    { name: 'a query parameter as argument', addQuery: 'tree_size=1', expect: { status: 400, code: 'PGRST100' } },
  ],
};
