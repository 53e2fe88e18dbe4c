import type pg from 'pg';
import { anonRole, preRequest } from './postgrest-call.ts';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/**
 * EXPLAIN (FORMAT JSON) a GET's main query in the setting PostgREST runs it
 * in: a read-only transaction, the anonymous role, the request.* settings,
 * the pre-request function (which switches to the API key's role). Rolled back.
 */
export async function explainAsPostgrest(
  pool: pg.Pool,
  request: { path: string; apiKey: string; text: string; values?: unknown[] },
): Promise<PlanNode> {
  const client = await pool.connect();
  try {
    await client.query('begin isolation level read committed read only');
    await client.query(
      `select set_config('role', $1, true), set_config('request.method', 'GET', true),
              set_config('request.path', $2, true), set_config('request.headers', $3, true),
              set_config('request.cookies', '{}', true), set_config('request.jwt.claims', $4, true)`,
      [anonRole, request.path, JSON.stringify({ 'x-api-key': request.apiKey }), JSON.stringify({ role: anonRole })],
    );
    await client.query(`select ${preRequest}()`);
    const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      `explain (format json) ${request.text}`,
      request.values ?? [],
    );
    const plan = rows[0]?.['QUERY PLAN'][0]?.Plan;
    if (!plan) throw new Error(`EXPLAIN returned no plan for ${request.text}`);
    return plan;
  } finally {
    await client.query('rollback');
    client.release();
  }
}

/** Every node of a plan, depth first. */
export function planNodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(planNodes)];
}
