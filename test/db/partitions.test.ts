import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPartitionMaintenance } from '../../scripts/lifecycle/partitions.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { httpStatusFor } from '../support/postgrest-status.ts';

// Partitions as the owner keeps them, on this project's scheme
// (test/support/partition-schemes.ts).
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

interface Partition {
  partition: string;
  starts_at: Date;
  ends_at: Date;
  subpartitioned: boolean;
}

async function partitions(): Promise<Partition[]> {
  const { rows } = await db.admin.query<Partition>('select * from lib_event.partitions order by starts_at');
  return rows;
}

/** Record `count` events; their ids. */
async function recordSome(count: number): Promise<string[]> {
  const { rows } = await db.admin.query<{ event__id: string }>('select event__id from lib_events.create_many($1::jsonb)',
    [JSON.stringify(Array.from({ length: count }, (_, n) => ({ event_type: 'billing.invoice.paid', partition_key: `tenant-${n}` })))]);
  return rows.map((row) => row.event__id);
}

/** The (leaf) partition holding each event, in the order given. */
async function partitionsOf(ids: string[]): Promise<{ event__id: string; partition: string }[]> {
  const { rows } = await db.admin.query<{ event__id: string; partition: string }>(
    `select e.event__id, e.tableoid::regclass::text as partition
       from unnest($1::uuid[]) with ordinality i(id, n) join lib_event.event e on e.event__id = i.id order by i.n`, [ids]);
  return rows;
}

describe('lib_event.event partitions', () => {
  it('is partitioned by range of event__id, with the current period and the next ones ready, contiguous', async () => {
    const { rows: [table] } = await db.admin.query<{ strategy: string; key: string }>(
      `select partstrat as strategy, pg_get_partkeydef('lib_event.event'::regclass) as key from pg_partitioned_table
        where partrelid = 'lib_event.event'::regclass`);
    expect(table).toEqual({ strategy: 'r', key: 'RANGE (event__id)' });
    const ready = await partitions();
    const { rows: [policy] } = await db.admin.query<{ period: string; periods_ahead: number }>(
      'select period, periods_ahead from lib_event.partition_policy');
    expect(ready.length).toBeGreaterThanOrEqual((policy?.periods_ahead ?? 0) + 1);
    expect(ready[0]?.starts_at.getTime()).toBeLessThanOrEqual(Date.now());
    for (let i = 1; i < ready.length; i += 1) expect(ready[i]?.starts_at).toEqual(ready[i - 1]?.ends_at);
    const scheme = inject('partitionScheme');
    expect(policy?.period).toBe(scheme === 'daily-hash4' ? 'day' : 'month');
    for (const partition of ready) expect(partition.subpartitioned).toBe(scheme === 'daily-hash4');
  });

  it('npm start\'s maintenance makes what a longer policy asks for, and says so', async () => {
    const before = await partitions();
    await db.admin.query('update lib_event.partition_policy set periods_ahead = periods_ahead + 2');
    const lines: string[] = [];
    const maintenance = startPartitionMaintenance(db.url, { log: (line) => lines.push(line) });
    await maintenance.ran;
    maintenance.stop();
    const after = await partitions();
    expect(after.length).toBeGreaterThanOrEqual(before.length + 1);
    expect(lines.length).toBe(after.length - before.length);
    expect(lines[0]).toMatch(/^partitions: made event_p\d{8} for \d{4}-/);
  });

  it('maintain_partitions is idempotent, and runs ahead as far as asked', async () => {
    const { rows: again } = await db.admin.query('select * from lib_event.maintain_partitions()');
    expect(again).toHaveLength(0);
    const before = await partitions();
    const { rows: made } = await db.admin.query<{ action: string; partition: string; starts_at: Date }>(
      `select * from lib_event.maintain_partitions(now() + interval '40 days')`);
    expect(made.length).toBeGreaterThan(0);
    expect(made[0]?.starts_at).toEqual(before.at(-1)?.ends_at);
    const after = await partitions();
    expect(after.map((p) => p.partition)).toEqual([...before.map((p) => p.partition), ...made.map((m) => m.partition)]);
    for (let i = 1; i < after.length; i += 1) expect(after[i]?.starts_at).toEqual(after[i - 1]?.ends_at);
  });

  it('records each event in the partition of its time, and find reads only the partitions of its time bounds', async () => {
    // Not within 5 s of a period's end: the events and the search stay in one partition.
    const near = (await partitions()).find((p) => Math.abs(p.ends_at.getTime() - Date.now()) < 5_000);
    if (near) await new Promise((resolve) => setTimeout(resolve, 10_000));
    const now = Date.now();
    const current = (await partitions()).find((p) => p.starts_at.getTime() <= now && now < p.ends_at.getTime());
    const rows = await partitionsOf(await recordSome(8));
    expect(rows).toHaveLength(8);
    for (const row of rows) expect(row.partition.replace(/^lib_event\./, '')).toMatch(new RegExp(`^${current?.partition}(_h\\d)?$`));

    // auto_explain shows the plan of the query find runs inside.
    const client = await db.admin.connect();
    const plans: string[] = [];
    client.on('notice', (notice) => plans.push(notice.message ?? ''));
    try {
      await client.query(`load 'auto_explain'`);
      await client.query(`set auto_explain.log_min_duration = 0; set auto_explain.log_nested_statements = on; set client_min_messages = log`);
      await client.query(`select * from lib_events.find(created_from => now() - interval '2 seconds', created_to => now() + interval '2 seconds')`);
    } finally {
      await client.query('reset client_min_messages; reset auto_explain.log_min_duration').catch(() => {});
      client.release();
    }
    // The plan that scans the events (find reads them through lib_event.visible_event).
    const plan = plans.find((text) => /\bevent_p\d/.test(text)) ?? '';
    expect(plan).toContain(current?.partition);
    const others = (await partitions()).filter((p) => p.partition !== current?.partition);
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) expect(plan).not.toMatch(new RegExp(`\\b${other.partition}(_h\\d+)?\\b`));
  });

  it('refuses an event that no partition takes (PT507, HTTP 507) and keeps nothing', async () => {
    const error = await db.admin.query(
      `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers)
       values (lib_event.uuid_v7('2199-01-01'), 'billing.invoice.paid', now(), now(), 'postgres', '{}')`).catch((e: Error & { code: string }) => e);
    expect(error).toMatchObject({ code: 'PT507' });
    expect((error as Error).message).toMatch(/no partition of lib_event.event is ready for events recorded at 2199-01-01/);
    expect(httpStatusFor('PT507', (error as Error).message)).toBe(507);
    const { rows } = await db.admin.query(`select 1 from lib_event.event_outside_partitions`);
    expect(rows).toHaveLength(0);
  });

  it('refuses an UPDATE aimed at a partition itself, even by the owner', async () => {
    const [recorded] = await partitionsOf(await recordSome(1));
    const error = await db.admin.query(`set role lib_event_owner; update ${recorded?.partition} set consumer = 'forged'`).catch((e: Error & { code: string }) => e);
    await db.admin.query('reset role');
    expect(error).toMatchObject({ code: 'LE009' });
  });
});
