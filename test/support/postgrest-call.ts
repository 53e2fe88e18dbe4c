import type pg from 'pg';
import { httpStatusFor } from './postgrest-status.ts';

/** The settings PostgREST is configured with (see postgrest.conf). */
export const anonRole = 'lib_event_anon';
export const preRequest = 'lib_event.check_request';
export const exposedSchema = 'lib_events';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface PostgrestError {
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

export type PostgrestResponse<T> =
  | { status: 200; body: T }
  | { status: number; body: PostgrestError };

export interface PostgrestRequest {
  method: HttpMethod;
  path: string;
  /** Request headers; names are lowercased as PostgREST does. */
  headers?: Record<string, string>;
  /** The main query; it must return one row with a json column named body. */
  query: { text: string; values?: unknown[] };
}

/**
 * Run one request the way PostgREST runs it: one transaction (read-only for
 * GET and HEAD), the anonymous role, the request.* settings, the pre-request
 * function, the main query, commit. Errors become PostgREST's error body and
 * status, and the transaction is rolled back.
 */
export async function postgrestCall<T>(pool: pg.Pool, request: PostgrestRequest): Promise<PostgrestResponse<T>> {
  const headers = Object.fromEntries(
    Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const readOnly = request.method === 'GET' || request.method === 'HEAD';
  const client = await pool.connect();
  try {
    await client.query(readOnly ? 'begin isolation level read committed read only' : 'begin isolation level read committed');
    await client.query(
      `select set_config('role', $1, true),
              set_config('request.method', $2, true),
              set_config('request.path', $3, true),
              set_config('request.headers', $4, true),
              set_config('request.cookies', '{}', true),
              set_config('request.jwt.claims', $5, true)`,
      [anonRole, request.method, request.path, JSON.stringify(headers), JSON.stringify({ role: anonRole })],
    );
    await client.query(`select ${preRequest}()`);
    const result = await client.query<{ body: T }>(request.query);
    await client.query('commit');
    return { status: 200, body: result.rows[0]?.body as T };
  } catch (error) {
    await client.query('rollback');
    return toErrorResponse(error);
  } finally {
    client.release();
  }
}

function toErrorResponse(error: unknown): { status: number; body: PostgrestError } {
  const pgError = error as Partial<pg.DatabaseError>;
  if (typeof pgError.code !== 'string') throw error;
  return {
    status: httpStatusFor(pgError.code),
    body: {
      code: pgError.code,
      message: pgError.message ?? '',
      details: pgError.detail ?? null,
      hint: pgError.hint ?? null,
    },
  };
}

function apiKeyHeader(apiKey: string | undefined): Record<string, string> {
  return apiKey === undefined ? {} : { 'x-api-key': apiKey };
}

interface FunctionShape {
  args: { name: string; type: string }[];
  returnsSet: boolean;
}

/** Argument names and types of an exposed function, as PostgREST's schema cache holds them. */
async function functionShape(pool: pg.Pool, name: string): Promise<FunctionShape | undefined> {
  const { rows } = await pool.query<{ args: { name: string; type: string }[]; returns_set: boolean }>(
    `select coalesce(
              (select json_agg(json_build_object('name', a.name, 'type', format_type(a.type, null)) order by a.position)
                 from unnest(p.proargnames[1:p.pronargs], p.proargtypes::oid[]) with ordinality as a(name, type, position)),
              '[]') as args,
            p.proretset as returns_set
       from pg_proc p
      where p.pronamespace = $1::regnamespace and p.proname = $2`,
    [exposedSchema, name],
  );
  const row = rows[0];
  return row && { args: row.args, returnsSet: row.returns_set };
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * POST /rpc/<name> with a JSON object body: the arguments present in the
 * body are passed by name, read through json_to_record with their declared
 * types, as PostgREST does; the others take their defaults.
 */
export async function rpc<T>(
  pool: pg.Pool,
  name: string,
  body: Record<string, unknown>,
  options: { apiKey?: string; method?: 'POST' | 'GET' } = {},
): Promise<PostgrestResponse<T>> {
  const method = options.method ?? 'POST';
  const shape = await functionShape(pool, name);
  const args = shape?.args.filter((arg) => arg.name in body) ?? [];
  if (!shape || args.length !== Object.keys(body).length) {
    return {
      status: 404,
      body: {
        code: 'PGRST202',
        message: `Could not find the ${exposedSchema}.${name}(${Object.keys(body).sort().join(', ')}) function in the schema cache`,
        details: null,
        hint: null,
      },
    };
  }
  const call = `${quote(exposedSchema)}.${quote(name)}(${args.map((a) => `${quote(a.name)} := pgrst_args.${quote(a.name)}`).join(', ')})`;
  const record = args.length ? args.map((a) => `${quote(a.name)} ${a.type}`).join(', ') : 'pgrst_none int';
  const from = `json_to_record($1::json) as pgrst_args(${record})`;
  // A set-returning function answers with an array, anything else with the value itself.
  const text = shape.returnsSet
    ? `select coalesce(json_agg(pgrst_call), '[]') as body from ${from}, lateral ${call} pgrst_call`
    : `select to_json(${call}) as body from ${from}`;
  return postgrestCall<T>(pool, {
    method,
    path: `/rpc/${name}`,
    headers: apiKeyHeader(options.apiKey),
    query: { text, values: [JSON.stringify(body)] },
  });
}

/**
 * GET /<view>: the rows of an exposed view as a JSON array. `where` is the SQL
 * PostgREST would build from the query string's filters (the tests write it
 * out rather than parse PostgREST's syntax).
 */
export async function selectView<T>(
  pool: pg.Pool,
  view: string,
  options: { apiKey?: string; where?: string; values?: unknown[]; orderBy?: string } = {},
): Promise<PostgrestResponse<T[]>> {
  const where = options.where ? ` where ${options.where}` : '';
  const orderBy = options.orderBy ? ` order by ${options.orderBy}` : '';
  return postgrestCall<T[]>(pool, {
    method: 'GET',
    path: `/${view}`,
    headers: apiKeyHeader(options.apiKey),
    query: {
      text: `select coalesce(json_agg(pgrst_source), '[]') as body from (select * from ${quote(exposedSchema)}.${quote(view)}${where}${orderBy}) pgrst_source`,
      values: options.values ?? [],
    },
  });
}
