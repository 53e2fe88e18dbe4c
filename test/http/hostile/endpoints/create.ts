import type { Endpoint } from '../types.ts';

const event = { event_type: 'hostile.event.recorded', payload: { n: 1 } };
const body = (value: unknown) => JSON.stringify(value);
const withField = (field: string, value: unknown) => body({ ...event, [field]: value });
const deep = (depth: number) => `{"event_type": "hostile.event.recorded", "payload": ${'['.repeat(depth)}${']'.repeat(depth)}}`;

/** POST /rpc/create: lib_events.create, named arguments from a JSON object. */
export const create: Endpoint = {
  path: '/rpc/create',
  method: 'POST',
  access: 'producer',
  records: true,
  writes: { resultColumn: 'event_type' },
  valid: () => ({ body: event }),
  // The body reaches lib_events.create(jsonb) as it was sent (PostgREST's
  // whole-body call: the SQL API's named overload declares an OUT receipt
  // first, which PostgREST reads as a required parameter no body has), and
  // is checked on its JSON types as create_many's events are.
  wrongTypes: [
    { name: 'event_type a number', body: withField('event_type', 42), expect: { status: 400, code: 'LE041' } },
    { name: 'event_type an object', body: withField('event_type', { a: 1 }), expect: { status: 400, code: 'LE041' } },
    { name: 'event_type null', body: withField('event_type', null), expect: { status: 400, code: 'LE001' } },
    { name: 'headers an array', body: withField('headers', ['actor']), expect: { status: 400, code: 'LE002' } },
    { name: 'headers a string', body: withField('headers', 'actor'), expect: { status: 400, code: 'LE002' } },
    { name: 'occurred_at a number', body: withField('occurred_at', 1767607200), expect: { status: 400, code: 'LE041' } },
    { name: 'occurred_at true', body: withField('occurred_at', true), expect: { status: 400, code: 'LE041' } },
    { name: 'occurred_at an object', body: withField('occurred_at', { at: 1 }), expect: { status: 400, code: 'LE041' } },
    { name: 'occurred_at infinity', body: withField('occurred_at', 'infinity'), expect: { status: 400, code: '22007' } },
    { name: 'occurred_at tomorrow', body: withField('occurred_at', 'tomorrow'), expect: { status: 400, code: '22007' } },
    { name: 'occurred_at yesterday', body: withField('occurred_at', 'yesterday'), expect: { status: 400, code: '22007' } },
    { name: 'occurred_at epoch', body: withField('occurred_at', 'epoch'), expect: { status: 400, code: '22007' } },
    { name: 'occurred_at without an offset', body: withField('occurred_at', '2026-01-05 10:00:00'), expect: { status: 400, code: '22007' } },
    { name: 'occurred_at as RFC 3339 (accepted)', body: withField('occurred_at', '2026-01-05T10:00:00.250+01:00') },
    { name: 'source a number', body: withField('source', 7), expect: { status: 400, code: 'LE041' } },
    { name: 'source an object', body: withField('source', { id: 1 }), expect: { status: 400, code: 'LE041' } },
    { name: 'payload a string (any JSON value is a payload)', body: withField('payload', 'text') },
    { name: 'partition_key a number', body: withField('partition_key', 42), expect: { status: 400, code: 'LE041' } },
    { name: 'partition_key a boolean', body: withField('partition_key', true), expect: { status: 400, code: 'LE041' } },
    { name: 'partition_key "42" (a string: accepted)', body: withField('partition_key', '42') },
    { name: 'idempotency_key an array', body: withField('idempotency_key', ['k']), expect: { status: 400, code: 'LE041' } },
    { name: 'idempotency_key a number', body: withField('idempotency_key', 42), expect: { status: 400, code: 'LE041' } },
  ],
  wrongShapes: [
    { name: 'an array of two events', body: body([event, event]), expect: { status: 400, code: 'LE082' } },
    { name: 'an array of one event', body: body([event]), expect: { status: 400, code: 'LE082' } },
    // PostgREST passes an empty array, a scalar or null as [].
    { name: 'an empty array', body: '[]', expect: { status: 400, code: 'LE082' } },
    { name: 'an empty object', body: '{}', expect: { status: 400, code: 'LE001' } },
    { name: 'a number', body: '42', expect: { status: 400, code: 'LE082' } },
    { name: 'null', body: 'null', expect: { status: 400, code: 'LE082' } },
    { name: 'a string', body: '"hostile.event.recorded"', expect: { status: 400, code: 'LE082' } },
    { name: 'no body', body: null, expect: { status: 400, code: '22P02' } },
    { name: 'not JSON', body: '{"event_type": ', expect: { status: 400, code: 'PGRST102' } },
    { name: 'a field create does not take', body: withField('evnt_type', 'x'), expect: { status: 400, code: 'LE008' } },
    { name: 'the fields of create_many', body: body({ events: [event] }), expect: { status: 400, code: 'LE008' } },
    // The SQL API's overload, as PostgREST reads it, takes a required "receipt": a body with that key is
    // bound to it, and PostgreSQL finds no such function.
    { name: 'a receipt field', body: withField('receipt', 'x'), expect: { status: 404, code: '42883' } },
    { name: 'duplicate keys (the last wins, as in jsonb)', body: '{"event_type": "x", "event_type": "hostile.event.recorded"}' },
    { name: 'a payload nested 129 deep', body: deep(129), expect: { status: 400, code: 'LE040' } },
    { name: 'a header key that reads as consumer behind a vertical tab', body: withField('headers', { 'consumer\v': 'x' }), expect: { status: 400, code: 'LE003' } },
    { name: 'a header key that reads as consumer behind a form feed', body: withField('headers', { '\fconsumer': 'x' }), expect: { status: 400, code: 'LE003' } },
    { name: 'a header key that reads as consumer behind a no-break space', body: withField('headers', { '\u00a0consumer': 'x' }), expect: { status: 400, code: 'LE003' } },
    { name: 'a header key that reads as source in full-width letters', body: withField('headers', { 'ＳＯＵＲＣＥ': 'x' }), expect: { status: 400, code: 'LE003' } },
    // The one documented 5xx: deeper than PostgreSQL's JSON parser goes, the
    // parse fails inside PostgREST's own query (db/errors.md).
    { name: 'a payload nested 100,000 deep', body: deep(100_000), documented5xx: '54001' },
  ],
  stray: [
    // PostgreSQL never reads a result limited to no rows: create is not
    // called, nothing is recorded, and the answer (null) claims nothing.
    { name: 'limit=0: nothing called, nothing recorded', addQuery: 'limit=0', expect: { status: 200 } },
    // Names in select are quoted in PostgREST's statement: they can neither
    // pass for a clause nor hide one from lib_event.check_write_request.
    { name: 'select with an alias that reads like a limit', addQuery: 'select=e:event__id,%22x%20LIMIT%201%20OFFSET%20%241)%20_postgrest_t%22:event_type', expect: { status: 200 } },
    { name: 'select with a JSON key that reads like the end of the statement', addQuery: "select=e:event__id,headers->>%22')%20_postgrest_t%22", expect: { status: 200 } },
    { name: 'such an alias beside a real limit', addQuery: 'select=%22x%20FROM%20%5C%22pgrst_source%5C%22%22:event_type&limit=1', expect: { status: 400, code: 'LE081' } },
    // Refused from its length before the body is parsed: a bad event_type
    // would otherwise answer LE001 once PostgreSQL had parsed 66 MiB.
    {
      name: 'a 66 MiB body whose Content-Length has leading zeros',
      body: () => JSON.stringify({ event_type: 'Bad', payload: 'x'.repeat(66 * 1024 * 1024) }),
      contentLength: (bytes) => `${'0'.repeat(20)}${bytes}`,
      expect: { status: 413, code: 'PT413' },
    },
  ],
};
