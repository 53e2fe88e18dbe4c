import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viewFilters } from '../../scripts/bench/filters.ts';
import { loadEvents } from '../../scripts/bench/seed-events.ts';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { selectView } from '../support/postgrest-call.ts';
import { executedNodes, explainAsPostgrest } from '../support/explain.ts';

const rows = 1_000_000;
let db: TestDatabase;
let reader: IssuedKey;

beforeAll(async () => {
  db = await createTestDatabase();
  reader = await issueKey(db.admin, 'audit-desk', 'reader');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await loadEvents(client, rows);
  } finally {
    await client.end();
  }
}, 300_000);
afterAll(() => db.drop());

// The main query of GET /events?<filter>, as the selectView helper (and
// PostgREST) builds it: the view, the filter, json_agg of the rows.
const viewQuery = (where: string) =>
  `select coalesce(json_agg(pgrst_source), '[]') as body from (select * from "lib_events"."events" where ${where}) pgrst_source`;

describe(`the events view's common filters at ${rows.toLocaleString('en')} events`, () => {
  it('has the rows loaded', async () => {
    const { rows: counted } = await db.admin.query<{ n: number }>('select count(*)::int as n from lib_event.event');
    expect(counted[0]?.n).toBe(rows);
  });

  // An unscoped key reads past the scope policy (lib_event.every_event): the
  // branch under the policy is in the plan too, shut by its one-time filter,
  // so only what ran counts. Under the policy a filter PostgreSQL does not
  // know to be leakproof (LIKE, jsonb @>) could not drive an index scan.
  for (const filter of viewFilters) it(`${filter.name} uses an index, never a sequential scan of the events, and no scope policy`, async () => {
    const plan = await explainAsPostgrest(db.authenticator, {
      path: '/events',
      apiKey: reader.key,
      text: viewQuery(filter.where),
      values: filter.values,
      analyze: true,
    });
    const nodes = executedNodes(plan);
    const scans = nodes.filter((node) => /^event(_|$)/.test(node['Relation Name'] ?? '') || node['Index Name']?.startsWith('event_'));
    // A sequential scan only of a partition with (next to) nothing in it.
    const scanned = scans.filter((n) => n['Node Type'] === 'Seq Scan').map((n) => n['Relation Name'] as string);
    const { rows: sizes } = await db.admin.query<{ relname: string; rows: number }>(
      `select relname, reltuples::int as rows from pg_class where relnamespace = 'lib_event'::regnamespace and relname = any($1)`, [scanned]);
    expect(sizes.filter((s) => s.rows > 1000)).toEqual([]);
    expect(scans.some((n) => ['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'].includes(n['Node Type']))).toBe(true);
    expect(nodes.filter((n) => n.Filter?.includes('within_key_scope'))).toEqual([]);
  });

  it.each(viewFilters.map((f) => [f.name, f] as const))('%s answers with the rows it should, through the API', async (_name, filter) => {
    const response = await selectView<unknown>(db.authenticator, 'events', {
      apiKey: reader.key,
      where: filter.where,
      values: filter.values,
      limit: 100,
    });
    expect(response.status).toBe(200);
    expect((response.body as unknown[]).length).toBeGreaterThan(0);
  });

  it('find answers each of its filters with a full page', async () => {
    for (const args of [
      `event_type := 'billing.invoice.paid'`,
      `consumer := 'consumer42'`,
      `created_from := '2026-01-05T00:00:00Z', created_to := '2026-01-05T01:00:00Z'`,
    ]) {
      const start = performance.now();
      const { rows: found } = await db.admin.query(`select * from lib_events.find(${args}, page_size := 100)`);
      expect(found).toHaveLength(100);
      // No timed assertion: the time is printed for the record only.
      console.log(`find(${args}): ${(performance.now() - start).toFixed(1)} ms`);
    }
  });
});
