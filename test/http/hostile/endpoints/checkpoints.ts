import type { Endpoint } from '../types.ts';

/** GET /checkpoints: the log's signed checkpoints. */
export const checkpoints: Endpoint = {
  path: '/checkpoints',
  method: 'GET',
  access: 'reader',
  records: false,
  valid: () => ({ query: 'order=tree_size.desc&limit=5' }),
  wrongTypes: [
    { name: 'tree_size not a number', addQuery: 'tree_size=eq.abc', expect: { status: 400, code: '22P02' } },
    { name: 'signed_at not a time', addQuery: 'signed_at=gt.x', expect: { status: 400, code: '22007' } },
  ],
  wrongShapes: [
    { name: 'an embedded resource that is not related', addQuery: 'select=*,events(*)', expect: { status: 400, code: 'PGRST200' } },
    { name: 'a column that does not exist', addQuery: 'select=nope', expect: { status: 400, code: '42703' } },
  ],
};
