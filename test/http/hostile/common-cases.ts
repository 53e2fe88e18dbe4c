import type { Endpoint, HostileCase } from './types.ts';

// The cases every endpoint gets, built from its succeeding call: wrong
// methods, stray query parameters, stray Prefer, Accept, Range, Content-Type
// and Authorization headers, and headers over Warp's limit. Expectations are
// set where lib_event or PostgREST v16.2 decide the answer; the other cases
// are held to the invariants alone (hostile.test.ts).

const rpcMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** A JSON Web Token signed with nothing (alg none): refused like any other. */
const unsignedToken = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"role":"lib_event_owner"}').toString('base64url')}.`;

function wrongMethods(endpoint: Endpoint): HostileCase[] {
  if (endpoint.path.startsWith('/rpc/')) {
    return rpcMethods.filter((method) => method !== endpoint.method).map((method) => ({
      name: method,
      method,
      // PostgREST: "Cannot use the PUT method on RPC" (ApiRequest.hs).
      expect: ['PUT', 'PATCH', 'DELETE'].includes(method) ? { status: 405, code: 'PGRST101' } : undefined,
    }));
  }
  // A view or the API document: nothing but GET and HEAD reads; nothing writes.
  return ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].map((method) => ({
    name: method,
    method,
    body: method === 'OPTIONS' ? null : '{"event_type": "hostile.method.sent"}',
    headers: { 'Content-Type': 'application/json' },
  }));
}

/**
 * A write must not take query parameters other than select: PostgREST would
 * apply them to its answer after the write (LE081). Filters on a scalar
 * result name no column PostgREST can find (42703): refused before the call.
 */
function strayQueryOnWrite(column: string): HostileCase[] {
  const refused = { status: 400, code: ['LE081', '42703'] };
  return [
    { name: 'limit=1', query: 'limit=1', expect: refused },
    { name: 'offset=1', query: 'offset=1', expect: refused },
    { name: 'limit=1&offset=5', query: 'limit=1&offset=5', expect: refused },
    { name: `order=${column}`, query: `order=${column}`, expect: refused },
    { name: `${column}=eq.x`, query: `${column}=eq.x`, expect: refused },
    { name: `${column}=neq.x`, query: `${column}=neq.x`, expect: refused },
    { name: `or=(${column}.eq.x)`, query: `or=(${column}.eq.x)`, expect: refused },
    { name: 'limit=0 with Prefer: count=exact', query: 'limit=0', headers: { Prefer: 'count=exact' }, expect: refused },
    { name: 'offset=5 with Prefer: count=exact', query: 'offset=5', headers: { Prefer: 'count=exact' }, expect: refused },
    { name: 'select=nonexistent', query: 'select=nonexistent', expect: { status: 400, code: '42703' } },
    { name: 'select=* (allowed)', query: 'select=*' },
    // PostgREST ignores these: the write is answered in full.
    { name: 'limit=abc', query: 'limit=abc' },
    { name: 'offset=0', query: 'offset=0' },
    { name: 'offset=-1', query: 'offset=-1' },
    { name: 'on_conflict=x', query: 'on_conflict=x' },
    { name: 'a parameter without an operator', query: `${column}=x`, expect: { status: 400, code: 'PGRST100' } },
    { name: 'a=eq.b&a=eq.c', query: 'a=eq.b&a=eq.c', expect: { status: 400, code: ['LE081', '42703'] } },
  ].map(({ query, ...c }) => ({ ...c, addQuery: query }));
}

function strayQueryOnRead(): HostileCase[] {
  return [
    'limit=1', 'offset=1', 'limit=abc', 'limit=-1', 'offset=-1', 'limit=1&offset=999999999',
    'select=nonexistent', 'select=*,events(*)', 'order=nonexistent', 'order=nonexistent.desc.nullsfirst',
    'nonexistent=eq.1', 'or=(broken', 'and=()', 'columns=x', 'on_conflict=x', 'select=' + 'x,'.repeat(500) + 'x',
  ].map((query) => ({ name: query.length > 60 ? `${query.slice(0, 40)}...` : query, addQuery: query }));
}

function strayPrefer(endpoint: Endpoint): HostileCase[] {
  // The keyless reads (the API document, health, metrics, the explorer page)
  // are let through before the API-key and Prefer checks: nothing to roll back.
  const refusedRollback = endpoint.access === 'none' ? undefined : { status: 400, code: 'LE083' };
  return [
    ...['count=exact', 'count=planned', 'count=estimated', 'return=minimal', 'return=representation',
      'return=headers-only', 'resolution=merge-duplicates', 'resolution=ignore-duplicates', 'missing=default',
      'missing=null', 'handling=strict', 'handling=lenient', 'timezone=Asia/Tokyo', 'params=single-object',
      'tx=commit', 'max-affected=0', 'max-affected=abc', 'x'.repeat(2000)]
      .map((prefer) => ({ name: prefer.length > 60 ? 'a 2000-character preference' : prefer, headers: { Prefer: prefer } })),
    { name: 'handling=strict, bogus', headers: { Prefer: 'handling=strict, bogus' }, expect: { status: 400, code: 'PGRST122' } },
    { name: 'max-affected=0, handling=strict', headers: { Prefer: 'max-affected=0, handling=strict' } },
    { name: 'timezone=Nowhere/Land', headers: { Prefer: 'timezone=Nowhere/Land' }, expect: { status: 400, code: '22023' } },
    { name: 'tx=rollback', headers: { Prefer: 'tx=rollback' }, expect: refusedRollback },
    { name: 'tx=rollback, handling=strict', headers: { Prefer: 'tx=rollback, handling=strict' }, expect: refusedRollback },
    { name: ' TX=Rollback ', headers: { Prefer: ' TX=Rollback ' }, expect: refusedRollback },
  ];
}

function strayAccept(): HostileCase[] {
  return ['application/json', '*/*', 'text/csv', 'application/vnd.pgrst.object+json', 'application/vnd.pgrst.array+json',
    'application/vnd.pgrst.plan+json', 'application/vnd.pgrst.plan+text; for="application/json"', 'application/openapi+json',
    'application/octet-stream', 'text/plain', 'application/xml', 'text/html', 'application/geo+json', 'x/y;q=abc',
    'application/json;q=0', '', 'text/csv, application/json;q=0.1']
    .map((accept) => ({ name: accept === '' ? '(empty)' : accept, headers: { Accept: accept } }));
}

function strayRange(): HostileCase[] {
  return ['0-0', '0-4', '5-1', '0-', '-1', 'abc', 'items=0-0', 'bytes=0-0', '0-9999999999999999999999']
    .map((range) => ({ name: range, headers: { Range: range, 'Range-Unit': 'items' } }));
}

function strayContentType(endpoint: Endpoint): HostileCase[] {
  if (endpoint.method !== 'POST') return [];
  return [
    ...['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'application/xml',
      'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/vnd.pgrst.object+json',
      'text/csv', 'application/json; charset=utf-8']
      .map((type) => ({ name: type, headers: { 'Content-Type': type } })),
    { name: '(none)', headers: { 'Content-Type': null } },
  ];
}

function strayAuthorization(endpoint: Endpoint): HostileCase[] {
  // PostgREST checks a JSON Web Token before anything else: no key verifies one.
  const refused = { status: 401, code: 'PGRST301' };
  return [
    { name: 'Bearer abc', headers: { Authorization: 'Bearer abc' }, expect: refused },
    { name: 'Bearer a.b.c', headers: { Authorization: 'Bearer a.b.c' }, expect: refused },
    { name: 'Bearer (empty)', headers: { Authorization: 'Bearer ' }, expect: refused },
    { name: 'Bearer, unsigned (alg none), role lib_event_owner', headers: { Authorization: `Bearer ${unsignedToken}` }, expect: refused },
    { name: 'Basic', headers: { Authorization: 'Basic dXNlcjpwYXNz' } },
    ...(endpoint.access === 'none' ? [] : [{ name: 'X-Api-Key twice in one header', headers: { 'X-Api-Key': 'lek_a, lek_b' }, expect: { status: 401, code: 'PT401' } }]),
  ];
}

/**
 * Warp, PostgREST's HTTP server, reads at most 50 KiB of request headers
 * (measured: 51,147 bytes of one header pass, 51,148 do not) and answers more
 * itself. Just over the limit, so Warp has read the whole request when it
 * answers: far over it, it closes with bytes unread and the client may see a
 * reset instead of the answer.
 */
function oversizedHeaders(): HostileCase[] {
  return [{ name: 'a 52,000-byte header', headers: { 'X-Pad': 'p'.repeat(52_000) }, answeredByWarp: true }];
}

export interface CaseGroup {
  group: string;
  cases: HostileCase[];
}

/** Every case an endpoint gets, its own (wrong types, wrong shapes, stray) and the common ones, by group. */
export function casesFor(endpoint: Endpoint): CaseGroup[] {
  return [
    { group: 'wrong types', cases: endpoint.wrongTypes },
    { group: 'wrong shapes', cases: endpoint.wrongShapes },
    { group: 'wrong methods', cases: wrongMethods(endpoint) },
    { group: 'stray query parameters', cases: endpoint.writes ? strayQueryOnWrite(endpoint.writes.resultColumn) : strayQueryOnRead() },
    { group: 'stray Prefer headers', cases: strayPrefer(endpoint) },
    { group: 'stray Accept headers', cases: strayAccept() },
    { group: 'stray Range headers', cases: strayRange() },
    { group: 'stray Content-Type headers', cases: strayContentType(endpoint) },
    { group: 'stray Authorization headers', cases: strayAuthorization(endpoint) },
    { group: 'oversized headers', cases: oversizedHeaders() },
    { group: 'its own stray parameters and headers', cases: endpoint.stray ?? [] },
  ].filter((group) => group.cases.length > 0);
}
