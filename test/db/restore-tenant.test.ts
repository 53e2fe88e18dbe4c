import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyRetention, manifestPath } from '../../scripts/lifecycle/archive.ts';
import { restorePartition } from '../../scripts/lifecycle/restore.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// Archive files hold no tenant column: a restored partition takes each
// event's tenant from headers.tenant, where recording put it, so a
// tenant-scoped key reads restored events as it did before the archive.
let db: TestDatabase;
let client: pg.Client;
let maintenance: pg.Client;
let dir: string;
const month = ['2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z'];

beforeAll(async () => {
  db = await createTestDatabase({ sequencer: true });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  maintenance = new pg.Client({ connectionString: db.loginUrl('lib_event_maintenance') });
  await maintenance.connect();
  dir = mkdtempSync(join(tmpdir(), 'lib_event-restore-tenant-'));
  await client.query('select lib_event.make_partitions($1, $2)', month);
}, 120_000);
afterAll(async () => {
  await maintenance?.end();
  await client?.end();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

it('gives restored events their tenant back from headers.tenant, and none where the header is no tenant', async () => {
  // As recording stores them: the tenant in its column and in headers.tenant;
  // an event from before tenants existed with a header no tenant may be; one without.
  await client.query(
    `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers, payload, tenant)
     select lib_event.uuid_v7(t), 'billing.invoice.paid', t, t, 'billing', h::jsonb, jsonb_build_object('n', n), tenant
       from (values (1, '{"tenant": "acme"}', 'acme'), (2, '{"tenant": " padded "}', null), (3, '{"tenant": 42}', null), (4, '{}', null))
            v (n, h, tenant),
            lateral (select $1::timestamptz + interval '2 days' + n * interval '1 minute' as t) x`, [month[0]]);
  const tenants = async () => (await client.query<{ n: number; tenant: string | null }>(
    `select (payload ->> 'n')::int as n, tenant from lib_event.event where event_type = 'billing.invoice.paid' order by 1`)).rows;
  const before = await tenants();
  expect(before.map((row) => row.tenant)).toEqual(['acme', null, null, null]);

  await client.query(`select lib_event.set_retention('400 days')`);
  await db.placed();
  expect(await applyRetention(maintenance, dir, () => {})).toBe(1);
  expect(await tenants()).toEqual([]);
  const { rows: [partition] } = await client.query<{ partition: string }>(
    `select partition from lib_event.partition_archive order by starts_at desc limit 1`);
  await restorePartition(maintenance, manifestPath(dir, partition!.partition));

  expect(await tenants()).toEqual(before);
});
