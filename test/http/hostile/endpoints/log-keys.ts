import type { Endpoint } from '../types.ts';

/** GET /log_keys: the public keys checkpoints are signed with. */
export const logKeys: Endpoint = {
  path: '/log_keys',
  method: 'GET',
  access: 'reader',
  records: false,
  valid: () => ({ query: 'limit=5' }),
  wrongTypes: [
    { name: 'created_at not a time', addQuery: 'created_at=eq.x', expect: { status: 400, code: '22007' } },
  ],
  wrongShapes: [
    { name: 'a column that does not exist', addQuery: 'select=nope', expect: { status: 400, code: '42703' } },
    { name: 'checkpoints embedded', addQuery: 'select=key_id,checkpoints(tree_size)&checkpoints.limit=1' },
  ],
};
