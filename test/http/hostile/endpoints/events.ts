import type { Endpoint } from '../types.ts';

/** GET /events: the events view, filtered with PostgREST's operators. */
export const events: Endpoint = {
  path: '/events',
  method: 'GET',
  access: 'reader',
  records: false,
  valid: () => ({ query: 'limit=5&order=created_at.desc' }),
  wrongTypes: [
    { name: 'event__id not a uuid', addQuery: 'event__id=eq.abc', expect: { status: 400, code: '22P02' } },
    { name: 'created_at not a time', addQuery: 'created_at=gte.soon', expect: { status: 400, code: '22007' } },
    { name: 'headers=cs. not JSON', addQuery: 'headers=cs.notjson', expect: { status: 400, code: '22P02' } },
    { name: 'payload_size not a number', addQuery: 'payload_size=gt.abc', expect: { status: 400, code: '22P02' } },
    { name: 'payload_deferred not a boolean', addQuery: 'payload_deferred=is.maybe', expect: { status: 400, code: 'PGRST100' } },
    { name: 'an operator that does not exist', addQuery: 'event_type=foo.x', expect: { status: 400, code: 'PGRST100' } },
    { name: 'in.() not closed', addQuery: 'consumer=in.(a,b', expect: { status: 400, code: 'PGRST100' } },
  ],
  wrongShapes: [
    // Without a limit the read would return every event (LE084).
    { name: 'no limit', query: '', expect: { status: 400, code: 'LE084' } },
    { name: 'limit=abc, which PostgREST ignores', query: 'limit=abc', expect: { status: 400, code: 'LE084' } },
    { name: 'an offset alone', query: 'offset=5', expect: { status: 400, code: 'LE084' } },
    { name: 'a filter alone', query: 'event_type=eq.hostile.event.recorded', expect: { status: 400, code: 'LE084' } },
    { name: 'no limit, counted', query: '', headers: { Prefer: 'count=exact' }, expect: { status: 400, code: 'LE084' } },
    { name: 'no limit, HEAD', method: 'HEAD', query: '', expect: { status: 400 } },
    { name: 'no limit, as CSV', query: '', headers: { Accept: 'text/csv' }, expect: { status: 400, code: 'LE084' } },
    { name: 'a Range header instead of limit', query: '', headers: { Range: '0-4' } },
    { name: 'an embedded resource', addQuery: 'select=*,checkpoints(*)', expect: { status: 400, code: 'PGRST200' } },
    { name: 'a column that does not exist', addQuery: 'select=nope', expect: { status: 400, code: '42703' } },
    { name: 'limit=0', query: 'limit=0' },
  ],
};
