import type pg from 'pg';
import { abortRequest, beginRequest } from '../../scripts/generate/postgrest-envelope.ts';

export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Filter?: string;
  'One-Time Filter'?: string;
  /** With analyze: how often the node ran; 0 for one never executed. */
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/**
 * EXPLAIN (FORMAT JSON) a GET's main query in the setting PostgREST runs it
 * in: a read-only transaction, the anonymous role, the request.* settings,
 * the pre-request function (which switches to the API key's role). Rolled back.
 * With `analyze` the query runs (EXPLAIN ANALYZE, without timing), so the
 * plan tells which nodes ran.
 */
export async function explainAsPostgrest(
  pool: pg.Pool,
  request: { path: string; apiKey: string; text: string; values?: unknown[]; analyze?: boolean },
): Promise<PlanNode> {
  const client = await pool.connect();
  try {
    await beginRequest(client, { method: 'GET', path: request.path, headers: { 'x-api-key': request.apiKey }, readOnly: true });
    const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      `explain (format json${request.analyze ? ', analyze, timing off, summary off' : ''}) ${request.text}`,
      request.values ?? [],
    );
    const plan = rows[0]?.['QUERY PLAN'][0]?.Plan;
    if (!plan) throw new Error(`EXPLAIN returned no plan for ${request.text}`);
    return plan;
  } finally {
    await abortRequest(client);
    client.release();
  }
}

/** Every node of a plan, depth first. */
export function planNodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(planNodes)];
}

/**
 * The nodes of an analyzed plan that ran, depth first: a subtree never
 * executed (a branch its one-time filter shut) is left out.
 */
export function executedNodes(plan: PlanNode): PlanNode[] {
  if (plan['Actual Loops'] === 0) return [];
  return [plan, ...(plan.Plans ?? []).flatMap(executedNodes)];
}
