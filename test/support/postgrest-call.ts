import type pg from 'pg';
import {
  anonRole, callQuery, exposedSchema, preRequest, runRequest, viewQuery,
  type Binding, type HttpMethod,
} from '../../scripts/generate/postgrest-envelope.ts';
import { errorHeadersFor, httpStatusFor } from './postgrest-status.ts';

// The SQL tests' stand-in for PostgREST v16.2: requests run through the same
// statements the server would send. Every imitated behaviour names the file
// of PostgREST's source it was read in; postgrest-behaviour.md lists them.

export { anonRole, exposedSchema, preRequest, type HttpMethod };

export interface PostgrestError {
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

export type PostgrestResponse<T> =
  | { status: 200 | 204; body: T; headers: Record<string, string> }
  | { status: number; body: PostgrestError; headers: Record<string, string> };

export interface PostgrestRequest {
  method: HttpMethod;
  path: string;
  /** Request headers; names are lowercased as PostgREST does. */
  headers?: Record<string, string>;
  /** Defaults to GET and HEAD being read-only; RPC sets it from the function's volatility. */
  readOnly?: boolean;
  /** The main query; it must return one row with a json column named body. */
  query: { text: string; values?: unknown[] };
  /** 204 with no body, as PostgREST answers a function returning void. */
  noContent?: boolean;
}

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };

/**
 * Run one request the way PostgREST runs it (scripts/generate/postgrest-envelope.ts:
 * transaction, settings, pre-request), then the main query, then commit.
 * A database error becomes PostgREST's error body, status and headers, and
 * the transaction is aborted.
 */
export async function postgrestCall<T>(pool: pg.Pool, request: PostgrestRequest): Promise<PostgrestResponse<T>> {
  const readOnly = request.readOnly ?? (request.method === 'GET' || request.method === 'HEAD');
  const client = await pool.connect();
  try {
    const row = await runRequest<{ body: T }>(client, { method: request.method, path: request.path, headers: request.headers, readOnly }, request.query);
    if (request.noContent) return { status: 204, body: null as T, headers: {} };
    return { status: 200, body: row?.body as T, headers: jsonHeaders };
  } catch (error) {
    return toErrorResponse(error);
  } finally {
    client.release();
  }
}

/** Error.hs: the body keeps code, message, details and hint; mapSQLtoHTTP gives the status. */
function toErrorResponse(error: unknown): { status: number; body: PostgrestError; headers: Record<string, string> } {
  const pgError = error as Partial<pg.DatabaseError>;
  if (typeof pgError.code !== 'string') throw error;
  const status = httpStatusFor(pgError.code, pgError.message ?? '');
  return {
    status,
    headers: errorHeadersFor(status, pgError.code),
    body: { code: pgError.code, message: pgError.message ?? '', details: pgError.detail ?? null, hint: pgError.hint ?? null },
  };
}

/** An error PostgREST answers itself, before or instead of the database. */
function pgrstError(status: number, code: string, message: string, details: string | null = null): PostgrestResponse<never> {
  return { status, headers: errorHeadersFor(status, code), body: { code, message, details, hint: null } };
}

interface RoutineParam {
  name: string;
  type: string;
  required: boolean;
}

interface Routine {
  params: RoutineParam[];
  volatility: 'i' | 's' | 'v';
  returnsSet: boolean;
  returnsComposite: boolean;
  returnsVoid: boolean;
  /** The name PostgREST reads the result under (Routine.hs, funcTableName): the composite type's, else the function's. */
  alias: string;
}

/**
 * The overloads of an exposed function as PostgREST's schema cache holds them
 * (SchemaCache.hs, funcsSqlQuery): each input parameter's name ('' when
 * unnamed), type as regtype text, and whether it is required (no default).
 * As PostgREST does, names (proargnames: OUT parameters too) are zipped with
 * types (proargtypes: inputs only) by position, so an OUT parameter written
 * first reads as a required input of that name (lib_events.create's receipt).
 */
async function routines(pool: pg.Pool, name: string): Promise<Routine[]> {
  const { rows } = await pool.query<Routine>(
    `select coalesce((select json_agg(json_build_object('name', coalesce(a.name, ''), 'type', a.type::regtype::text,
                                                        'required', a.idx <= p.pronargs - p.pronargdefaults) order by a.idx)
                        from unnest(p.proargnames, p.proargtypes::oid[], p.proargmodes) with ordinality as a(name, type, mode, idx)
                       where a.type is not null), '[]') as params,
            p.provolatile as volatility,
            p.proretset as "returnsSet",
            (t.typtype = 'c' or coalesce(p.proargmodes::text[] && '{t,b,o}', false)) as "returnsComposite",
            p.prorettype = 'void'::regtype as "returnsVoid",
            case when t.typtype = 'c' or coalesce(p.proargmodes::text[] && '{t,b,o}', false)
                 then coalesce(c.relname, t.typname) else p.proname end as alias
       from pg_proc p join pg_type t on t.oid = p.prorettype left join pg_class c on c.oid = t.typrelid
      where p.pronamespace = $1::regnamespace and p.proname = $2
      order by p.pronargs`,
    [exposedSchema, name],
  );
  return rows;
}

/**
 * What PostgREST makes of a JSON body (ApiRequest/Payload.hs,
 * payloadAttributes): an object's keys; an array whose objects all share the
 * keys of the first, those keys; any other array is refused (PGRST102); a
 * scalar or null becomes an empty array.
 */
function payloadKeys(body: unknown): { raw: unknown; keys: string[] } | 'not uniform' {
  if (Array.isArray(body)) {
    if (body.length === 0) return { raw: body, keys: [] };
    const isObject = (value: unknown): value is Record<string, unknown> =>
      typeof value === 'object' && value !== null && !Array.isArray(value);
    const first = body[0];
    if (!isObject(first)) return 'not uniform';
    const keys = Object.keys(first).sort();
    const uniform = body.every((item) => isObject(item) && Object.keys(item).sort().join('\0') === keys.join('\0'));
    return uniform ? { raw: body, keys } : 'not uniform';
  }
  if (typeof body === 'object' && body !== null) return { raw: body, keys: Object.keys(body).sort() };
  return { raw: [], keys: [] };
}

/**
 * Plan.hs, findProc: the overload whose parameters the argument names match
 * (every required one present, the rest optional ones); failing that, on a
 * POST with a JSON body, the overload with one unnamed json or jsonb
 * parameter, which receives the whole body.
 */
function findRoutine(overloads: Routine[], keys: string[], isPost: boolean): { routine: Routine; wholeBody: boolean } | Routine[] {
  const matches = (routine: Routine) => {
    const required = routine.params.filter((p) => p.required).map((p) => p.name);
    const optional = new Set(routine.params.filter((p) => !p.required).map((p) => p.name));
    const rest = keys.filter((key) => !optional.has(key));
    return rest.length === required.length && required.every((name) => rest.includes(name)) &&
      !(routine.params.length === 0 && keys.length > 0);
  };
  const named = overloads.filter(matches);
  if (named.length === 1) return { routine: named[0] as Routine, wholeBody: false };
  if (named.length > 1) return named;
  const fallback = overloads.filter((r) =>
    isPost && r.params.length === 1 && r.params[0]?.name === '' && ['json', 'jsonb'].includes(r.params[0].type));
  if (fallback.length === 1) return { routine: fallback[0] as Routine, wholeBody: true };
  return fallback;
}

/**
 * POST /rpc/<name> with a JSON body, or GET /rpc/<name> with the body's
 * entries as query parameters, as PostgREST v16.2 resolves and binds them
 * (findRoutine, then callQuery in scripts/generate/postgrest-envelope.ts): only the
 * parameters the body names are passed, the others keep their defaults; an
 * array body binds its first element alone, unless the function takes the
 * whole body. A function returning void answers 204.
 */
export async function rpc<T>(
  pool: pg.Pool,
  name: string,
  body: unknown,
  options: { apiKey?: string; method?: 'POST' | 'GET'; headers?: Record<string, string> } = {},
): Promise<PostgrestResponse<T>> {
  const method = options.method ?? 'POST';
  const isPost = method === 'POST';
  // A query string cannot carry null: a GET simply leaves such an argument out.
  const query = isPost ? {} : Object.fromEntries(Object.entries(body as object).filter(([, value]) => value != null));
  const payload = isPost ? payloadKeys(body) : { raw: query, keys: Object.keys(query).sort() };
  if (payload === 'not uniform') return pgrstError(400, 'PGRST102', 'All object keys must match');

  const found = findRoutine(await routines(pool, name), payload.keys, isPost);
  if (Array.isArray(found)) {
    if (found.length > 1) return pgrstError(300, 'PGRST203', `Could not choose the best candidate function for ${exposedSchema}.${name}`);
    const listed = payload.keys.length ? `(${payload.keys.join(', ')})` : ' without parameters';
    return pgrstError(404, 'PGRST202', `Could not find the function ${exposedSchema}.${name}${listed} in the schema cache`);
  }
  const { routine, wholeBody } = found;
  const specified = routine.params.filter((p) => payload.keys.includes(p.name));
  const binding: Binding = wholeBody
    ? { kind: 'whole body', type: routine.params[0]?.type as 'json' | 'jsonb' }
    : specified.length === 0 ? { kind: 'none' }
    : isPost ? { kind: 'json', array: Array.isArray(payload.raw), params: specified }
    : { kind: 'query', params: specified };
  const values = binding.kind === 'query'
    ? specified.map((p) => String((query as Record<string, unknown>)[p.name]))
    : binding.kind === 'none' ? [] : [JSON.stringify(payload.raw)];
  return postgrestCall<T>(pool, {
    method,
    path: `/rpc/${name}`,
    headers: { ...options.headers, ...apiKeyHeader(options.apiKey) },
    readOnly: !isPost || routine.volatility !== 'v',
    noContent: routine.returnsVoid,
    query: {
      text: callQuery(name, binding, { set: routine.returnsSet, composite: routine.returnsComposite, alias: routine.alias }),
      values,
    },
  });
}

function apiKeyHeader(apiKey: string | undefined): Record<string, string> {
  return apiKey === undefined ? {} : { 'x-api-key': apiKey };
}

/**
 * GET /<view>: the rows of an exposed view as a JSON array
 * (`coalesce(json_agg(_postgrest_t), '[]')`, Query/SqlFragment.hs asJsonF).
 * `where` is the SQL PostgREST would build from the query string's filters
 * (the tests write it out rather than parse PostgREST's syntax); `limit`
 * and `offset` are the query string's (GET /events needs a limit).
 */
export async function selectView<T>(
  pool: pg.Pool,
  view: string,
  options: { apiKey?: string; where?: string; values?: unknown[]; orderBy?: string; limit?: number; offset?: number } = {},
): Promise<PostgrestResponse<T[]>> {
  return postgrestCall<T[]>(pool, {
    method: 'GET',
    path: `/${view}`,
    headers: apiKeyHeader(options.apiKey),
    query: viewQuery(view, options),
  });
}
