import type pg from 'pg';

// What PostgREST runs around every request's main query, read in the source
// of the version db/postgrest.conf pins (PostgREST v16.2), so that the SQL
// tests, the benchmark and EXPLAIN see the request exactly as the server
// would run it. test/support/postgrest-behaviour.md lists each fact with its
// source file.

/** The settings db/postgrest.conf gives PostgREST. */
export const anonRole = 'lib_event_anon';
export const preRequest = 'lib_event.check_request';
export const exposedSchema = 'lib_events';
/** db-extra-search-path, whose default is public (Config.hs). */
export const extraSearchPath = ['public'];

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Envelope {
  method: HttpMethod;
  path: string;
  /** Request headers; PostgREST lowercases their names and leaves Cookie out. */
  headers?: Record<string, string>;
  /**
   * Whether the transaction is READ ONLY. Plan.hs decides: GET and HEAD
   * always, POST /rpc/<fn> when fn is STABLE or IMMUTABLE; writes otherwise.
   */
  readOnly: boolean;
}

/** A quoted SQL identifier, as PostgREST writes names (pgFmtIdent). */
export const quoteIdentifier = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Open the request's transaction and run what precedes the main query:
 *
 * 1. `BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY|READ WRITE`
 *    (MainTx.hs, mainTx: hasql-transaction's transactionNoRetry; READ
 *    COMMITTED unless the role or function sets another level).
 * 2. One `select` of transaction-local set_config calls, in this order:
 *    search_path, role, request.jwt.claims, request.method, request.path,
 *    request.headers, request.cookies (Query/PreQuery.hs, txVarQuery). The
 *    role is set with set_config('role', ...), not SET ROLE; without a JWT
 *    the claims are {"role": <db-anon-role>} (Auth/Jwt.hs, parseClaims).
 * 3. `select <db-pre-request>()` as a statement of its own, for every request
 *    that reaches the database, the root document included (MainTx.hs).
 *
 * The caller runs the main query and ends with commitRequest or
 * abortRequest.
 */
export async function beginRequest(client: pg.ClientBase, envelope: Envelope): Promise<void> {
  const headers = Object.fromEntries(
    Object.entries(envelope.headers ?? {})
      .map(([name, value]) => [name.toLowerCase(), value] as const)
      .filter(([name]) => name !== 'cookie'),
  );
  await client.query(`begin isolation level read committed ${envelope.readOnly ? 'read only' : 'read write'}`);
  await client.query(
    `select set_config('search_path', $1, true),
            set_config('role', $2, true),
            set_config('request.jwt.claims', $3, true),
            set_config('request.method', $4, true),
            set_config('request.path', $5, true),
            set_config('request.headers', $6, true),
            set_config('request.cookies', $7, true)`,
    [
      [exposedSchema, ...extraSearchPath].map(quoteIdentifier).join(', '),
      anonRole,
      JSON.stringify({ role: anonRole }),
      envelope.method,
      envelope.path,
      JSON.stringify(headers),
      '{}',
    ],
  );
  await client.query(`select ${preRequest}()`);
}

export async function commitRequest(client: pg.ClientBase): Promise<void> {
  await client.query('commit');
}

/** After an error: hasql-transaction ends a failed transaction with ABORT. */
export async function abortRequest(client: pg.ClientBase): Promise<void> {
  await client.query('abort');
}

/**
 * One whole request: beginRequest, the main query, commitRequest; on any
 * error (the pre-request's included) abortRequest, then the error is thrown
 * as the database raised it. Returns the main query's first row.
 */
export async function runRequest<Row extends pg.QueryResultRow>(
  client: pg.ClientBase,
  envelope: Envelope,
  query: { text: string; values?: unknown[] },
): Promise<Row | undefined> {
  try {
    await beginRequest(client, envelope);
    const { rows } = await client.query<Row>(query.text, query.values ?? []);
    await commitRequest(client);
    return rows[0];
  } catch (error) {
    await abortRequest(client);
    throw error;
  }
}

/** How the arguments of an RPC reach the function (Plan.hs, callPlan). */
export type Binding =
  /** POST with a JSON object body (or an array: its first element), by name. */
  | { kind: 'json'; array: boolean; params: { name: string; type: string }[] }
  /** POST to a function with one unnamed json/jsonb parameter: the whole body. */
  | { kind: 'whole body'; type: 'json' | 'jsonb' }
  /** GET: each query parameter a text value cast to the parameter's type. */
  | { kind: 'query'; params: { name: string; type: string }[] }
  /** No arguments: every parameter keeps its default. */
  | { kind: 'none' };

/**
 * The main query of POST or GET /rpc/<name> as PostgREST v16.2 builds it
 * (Query/QueryBuilder.hs, callPlanToQuery; Query/SqlFragment.hs,
 * fromJsonBodyF and asJsonF; Query/Statements.hs, mainCall), in its words
 * and spacing, without the count, header and status columns nothing here
 * reads: lib_event.check_write_request reads the statement (its read of
 * pgrst_source, whether an array body is bound), so the harness must write
 * what the server writes. Its one parameter is the request body as JSON text
 * (the query parameters' values for GET); it returns one row whose body
 * column is the response: the value itself for a function returning one
 * scalar or one row, an array for a set. `alias` is the name PostgREST reads
 * the result under: the composite type a function returns, else the
 * function's own name (Plan.hs, callReadPlan: funcTableName).
 */
export function callQuery(
  name: string,
  binding: Binding,
  returns: { set: boolean; composite: boolean; alias?: string },
): string {
  const fn = `${quoteIdentifier(exposedSchema)}.${quoteIdentifier(name)}`;
  const scalar = !returns.composite;
  const callIt = (args: string) => (scalar ? `(SELECT ${fn}(${args}) pgrst_scalar) pgrst_call` : `${fn}(${args}) pgrst_call`);
  let from: string;
  switch (binding.kind) {
    case 'whole body':
      from = callIt(`$1::${binding.type}`);
      break;
    case 'none':
      from = callIt('');
      break;
    case 'query':
      from = callIt(binding.params.map((p, i) => `${quoteIdentifier(p.name)} := $${i + 1}::${p.type}`).join(', '));
      break;
    case 'json': {
      const names = binding.params.map((p) => quoteIdentifier(p.name));
      from = '(SELECT $1::json AS json_data) pgrst_payload, ' +
        `LATERAL (SELECT ${names.join(', ')} FROM ${binding.array ? 'json_to_recordset' : 'json_to_record'}(pgrst_payload.json_data) ` +
        `AS _(${binding.params.map((p, i) => `${names[i]} ${p.type}`).join(', ')}) LIMIT 1) pgrst_body , ` +
        `LATERAL ${callIt(names.map((n) => `${n} := pgrst_body.${n}`).join(', '))}`;
    }
  }
  const alias = quoteIdentifier(returns.alias ?? name);
  const column = scalar ? '_postgrest_t.pgrst_scalar' : '_postgrest_t';
  const body = returns.set ? `coalesce(json_agg(${column}), '[]')` : `coalesce(json_agg(${column})->0, 'null')`;
  return `WITH pgrst_source AS (SELECT ${scalar ? 'pgrst_call.pgrst_scalar' : '"pgrst_call".*'} FROM ${from}) ` +
    `SELECT ${body} AS body FROM (SELECT ${alias}.* FROM "pgrst_source" AS ${alias}   ) _postgrest_t`;
}

/**
 * The main query of GET /<view> as PostgREST v16.2 builds it for a read
 * without embedding or a count (Query/QueryBuilder.hs, readPlanToQuery;
 * Query/Statements.hs, mainRead), in its words: the view's rows, filtered,
 * ordered and limited in a CTE, aggregated into one JSON array. `where` and
 * `orderBy` are SQL, as PostgREST writes them from the query string, with
 * `values` for the where clause's parameters; `limit` and `offset` become
 * the parameters after those (SqlFragment.hs, limitOffsetF: LIMIT $n
 * OFFSET $m, or LIMIT ALL OFFSET $m for an offset alone). lib_event.check_bounded_read refuses a
 * read of the events view without a limit, as it does PostgREST's.
 */
export function viewQuery(
  view: string,
  options: { where?: string; orderBy?: string; limit?: number; offset?: number; values?: unknown[] } = {},
): { text: string; values: unknown[] } {
  const values = [...(options.values ?? [])];
  const relation = `${quoteIdentifier(exposedSchema)}.${quoteIdentifier(view)}`;
  const where = options.where ? ` WHERE ${options.where}` : '';
  const orderBy = options.orderBy ? ` ORDER BY ${options.orderBy}` : '';
  let range = '';
  if (options.limit !== undefined) {
    values.push(options.limit, options.offset ?? 0);
    range = ` LIMIT $${values.length - 1} OFFSET $${values.length}`;
  } else if (options.offset !== undefined) {
    values.push(options.offset);
    range = ` LIMIT ALL OFFSET $${values.length}`;
  }
  return {
    text: `WITH pgrst_source AS ( SELECT ${relation}.* FROM ${relation}${where}${orderBy}${range} ) ` +
      `SELECT coalesce(json_agg(_postgrest_t), '[]') AS body FROM ( SELECT * FROM pgrst_source ) _postgrest_t`,
    values,
  };
}
