import type pg from 'pg';
import { exposedSchema, postgrestCall, type PostgrestResponse } from './postgrest-call.ts';

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * POST /rpc/<name> with `Prefer: params=single-object`: PostgREST passes the
 * whole request body, whatever its JSON shape (an array, say), as the one
 * json/jsonb argument of the function. For a set-returning function, as here.
 */
export async function rpcSingleObject<T>(
  pool: pg.Pool,
  name: string,
  body: unknown,
  options: { apiKey?: string } = {},
): Promise<PostgrestResponse<T>> {
  return postgrestCall<T>(pool, {
    method: 'POST',
    path: `/rpc/${name}`,
    headers: {
      prefer: 'params=single-object',
      ...(options.apiKey === undefined ? {} : { 'x-api-key': options.apiKey }),
    },
    query: {
      text: `select coalesce(json_agg(pgrst_call), '[]') as body from ${quote(exposedSchema)}.${quote(name)}($1::jsonb) pgrst_call`,
      values: [JSON.stringify(body)],
    },
  });
}
