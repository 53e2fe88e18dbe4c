import type { Endpoint } from '../types.ts';

const body = (fields: Record<string, unknown>) => JSON.stringify({ reason: 'hostile suite', ...fields });

/**
 * POST /rpc/erase: lib_events.erase, named arguments, for a key with the
 * erase right. The succeeding call erases the run's erasable event; once it
 * has, the same call matches nothing (LE092), which the invariants allow.
 */
export const erase: Endpoint = {
  path: '/rpc/erase',
  method: 'POST',
  access: 'reader',
  // Its success records the erasure's lib_event.event.erased event, under the key's consumer.
  records: true,
  // A text column: a filter on it reaches the call, which refuses it (LE081).
  writes: { resultColumn: 'erased_by' },
  valid: (fixture) => ({ body: { reason: 'hostile suite', partition_key: fixture.erasable } }),
  wrongTypes: [
    { name: 'event_ids a string', body: body({ event_ids: 'abc' }), expect: { status: 400, code: '22P02' } },
    { name: 'event_ids holding no uuid', body: body({ event_ids: ['abc'] }), expect: { status: 400, code: '22P02' } },
    { name: 'event_ids holding a number', body: body({ event_ids: [42] }), expect: { status: 400, code: '22P02' } },
    { name: 'header a string', body: body({ header: 'user:42' }), expect: { status: 400, code: 'LE091' } },
    { name: 'header an array', body: body({ header: [{ subject: 'user:42' }] }), expect: { status: 400, code: 'LE091' } },
    { name: 'header null and nothing else', body: body({ header: null }), expect: { status: 400, code: 'LE091' } },
    { name: 'confirm a word', body: body({ partition_key: 'hostile:nobody', confirm: 'abc' }), expect: { status: 400, code: '22P02' } },
    { name: 'confirm a fraction', body: body({ partition_key: 'hostile:nobody', confirm: 1.5 }), expect: { status: 400, code: '22P02' } },
    { name: 'break_v1_proofs a word', body: body({ partition_key: 'hostile:nobody', break_v1_proofs: 'perhaps' }), expect: { status: 400, code: '22P02' } },
    { name: 'reason null', body: JSON.stringify({ reason: null, partition_key: 'hostile:nobody' }), expect: { status: 400, code: 'LE090' } },
    { name: 'reason blank', body: JSON.stringify({ reason: '  ', partition_key: 'hostile:nobody' }), expect: { status: 400, code: 'LE090' } },
  ],
  wrongShapes: [
    { name: 'no selector', body: body({}), expect: { status: 400, code: 'LE091' } },
    { name: 'two selectors', body: body({ partition_key: 'hostile:nobody', header: { subject: 'user:42' } }), expect: { status: 400, code: 'LE091' } },
    { name: 'an empty header', body: body({ header: {} }), expect: { status: 400, code: 'LE091' } },
    { name: 'no event ids', body: body({ event_ids: [] }), expect: { status: 400, code: 'LE091' } },
    { name: 'an empty partition_key', body: body({ partition_key: '' }), expect: { status: 400, code: 'LE091' } },
    { name: 'an unknown id', body: body({ event_ids: ['00000000-0000-7000-8000-000000000000'] }), expect: { status: 400, code: 'LE092' } },
    { name: 'a partition_key nobody has', body: body({ partition_key: 'hostile:nobody' }), expect: { status: 400, code: 'LE092' } },
    { name: 'an empty object', body: '{}', expect: { status: 404, code: 'PGRST202' } },
    { name: 'an unknown field', body: body({ partition_key: 'hostile:nobody', subject: 'user:42' }), expect: { status: 404, code: 'PGRST202' } },
    { name: 'an array', body: `[${body({ partition_key: 'hostile:nobody' })}]`, expect: { status: 400, code: 'LE082' } },
    { name: 'a number', body: '42' },
    { name: 'no body', body: null },
    { name: 'not JSON', body: '{', expect: { status: 400, code: 'PGRST102' } },
    { name: 'a query parameter as argument', addQuery: 'reason=x', expect: { status: 400, code: 'PGRST100' } },
  ],
};
