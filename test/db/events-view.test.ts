import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { explainAsPostgrest, planNodes } from '../support/explain.ts';
import { rpc, selectView, type PostgrestError } from '../support/postgrest-call.ts';
import { viewQuery } from '../../scripts/generate/postgrest-envelope.ts';

let db: TestDatabase;
let reader: IssuedKey;

beforeAll(async () => {
  db = await createTestDatabase();
  reader = await issueKey(db.admin, 'audit-desk', 'reader');
  await db.admin.query(`select lib_events.create('billing.invoice.paid') from generate_series(1, 5)`);
});
afterAll(() => db.drop());

describe('GET /events needs a limit', () => {
  it('refuses a read without limit or Range with 400 LE084, naming what to add', async () => {
    const response = await selectView(db.authenticator, 'events', { apiKey: reader.key });
    expect(response.status).toBe(400);
    const error = response.body as PostgrestError;
    expect(error.code).toBe('LE084');
    expect(error.message).toContain('GET /events');
    expect(error.hint).toMatch(/limit=/);
  });

  it('refuses an offset alone (LIMIT ALL), and answers a limit', async () => {
    expect((await selectView(db.authenticator, 'events', { apiKey: reader.key, offset: 1 })).body)
      .toMatchObject({ code: 'LE084' });
    const page = await selectView<unknown>(db.authenticator, 'events', { apiKey: reader.key, limit: 3, offset: 1 });
    expect(page.status).toBe(200);
    expect(page.body).toHaveLength(3);
  });

  it('leaves a SQL reader and the functions that read events alone', async () => {
    const { rows } = await db.admin.query<{ n: number }>('select count(*)::int as n from lib_events.events');
    expect(rows[0]?.n).toBe(5);
    const found = await rpc<unknown[]>(db.authenticator, 'find', {}, { apiKey: reader.key, method: 'GET' });
    expect(found.status).toBe(200);
    expect(found.body).toHaveLength(5);
  });

  it('checks once per statement, above the scans: the same scans as without the check', async () => {
    // The view as it was before the check, for comparison, reading the
    // same branches (lib_event.visible_event) and owned like the view by
    // the role the scope policy binds (its InitPlans in both).
    await db.admin.query(`
      create view public.events_unchecked as
        select e.event__id, e.event_type, e.occurred_at, e.created_at, e.source, e.partition_key, e.consumer, e.headers,
               case when (lib_event.deferred_payload_of(e.event__id)).event__id is null then e.payload end as payload
          from lib_event.visible_event e;
      grant select on public.events_unchecked to lib_event_reader;
      alter view public.events_unchecked owner to lib_event_scoped_reader`);
    const scans = async (relation: string) => {
      const query = viewQuery('events', { where: 'created_at >= $1', values: ['2026-01-01T00:00:00Z'], orderBy: 'created_at desc', limit: 10 });
      const plan = await explainAsPostgrest(db.authenticator, {
        path: '/events', apiKey: reader.key, values: query.values,
        text: query.text.replaceAll('"lib_events"."events"', relation),
      });
      const nodes = planNodes(plan) as (ReturnType<typeof planNodes>[number] & { 'Subplan Name'?: string; 'One-Time Filter'?: string })[];
      return {
        scans: nodes.filter((n) => n['Relation Name'] || n['Index Name']).map((n) => `${n['Node Type']} ${n['Relation Name'] ?? ''} ${n['Index Name'] ?? ''}`),
        initPlans: nodes.filter((n) => n['Subplan Name']?.startsWith('InitPlan')).length,
        gates: nodes.filter((n) => n['One-Time Filter'] !== undefined).length,
      };
    };
    const checked = await scans('"lib_events"."events"');
    const unchecked = await scans('"public"."events_unchecked"');
    expect(checked.scans).toEqual(unchecked.scans);
    expect(checked.scans.length).toBeGreaterThan(0);
    // The scope policy keeps the walk of the created_at index to the first
    // rows (no bitmap of the whole range and a sort), as without a policy.
    expect(checked.scans.every((scan) => scan.startsWith('Index Scan'))).toBe(true);
    expect(checked.initPlans).toBe(unchecked.initPlans + 1);
    expect(checked.gates).toBeGreaterThan(0);
  });
});
