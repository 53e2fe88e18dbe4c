import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSequencer, type SequencerHandle } from '../../scripts/log/sequencer.ts';
import type { Health, HealthItem } from '../../scripts/server/status.ts';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, testSigningKey, type TestDatabase } from '../support/database.ts';
import { eventually } from '../support/eventually.ts';
import { rpc } from '../support/postgrest-call.ts';

// lib_events.health(): each item of the log's state against its healthy
// range (lib_event.health_limit), and the 500 a probe reads. The same
// database runs without a sequencer at first, as when its process is down.

let db: TestDatabase;
let producer: IssuedKey;
let sequencer: SequencerHandle | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  producer = await issueKey(db.admin, `billing-${randomBytes(3).toString('hex')}`, 'producer');
});
afterAll(async () => {
  await sequencer?.stop();
  await db.drop();
});

/** health() and the response status it asked PostgREST for, in one transaction as PostgREST runs it. */
async function health(): Promise<{ body: Health; status: string | null }> {
  const client = await db.admin.connect();
  try {
    await client.query('begin');
    const { rows: [row] } = await client.query<{ body: Health; status: string | null }>(
      `select lib_events.health() as body, nullif(current_setting('response.status', true), '') as status`);
    await client.query('rollback');
    return row!;
  } finally {
    client.release();
  }
}
const item = (body: Health, name: string, subject: string | null = null): HealthItem => {
  const found = body.items.find((i) => i.item === name && i.subject === subject);
  if (!found) throw new Error(`no health item ${name} ${subject ?? ''}: ${JSON.stringify(body.items.map((i) => i.item))}`);
  return found;
};
const record = async (n = 1) => {
  for (let i = 0; i < n; i++) {
    const response = await rpc(db.authenticator, 'create', { event_type: 'billing.invoice.paid', payload: { i } }, { apiKey: producer.key });
    expect(response.status).toBe(200);
  }
};
const setLimit = (name: string, bound: number) =>
  db.admin.query(`update lib_event.health_limit
                     set healthy_at_most = case when healthy_at_most is not null then $2::float8 end,
                         healthy_at_least = case when healthy_at_least is not null then $2::float8 end
                   where item = $1`, [name, bound]);

describe('a fresh log', () => {
  it('is healthy, every item inside its range, and answers a probe without a key', async () => {
    const { body, status } = await health();
    expect(body.healthy).toBe(true);
    expect(body.unhealthy).toEqual([]);
    expect(status).toBeNull();
    expect(body.items.map((i) => i.item).sort()).toEqual([
      'archive_failed', 'checkpoint_age', 'events_outside_partitions', 'partitions_ahead',
      'partitions_past_retention', 'sequencer_backlog_age', 'sequencer_backlog_events',
    ]);
    for (const i of body.items) expect(i.healthy_when).toMatch(/^at (most|least) /);
    // The migration made partitions for the coming months.
    expect(item(body, 'partitions_ahead').value).toBeGreaterThanOrEqual(1);

    const keyless = await rpc<Health>(db.authenticator, 'health', {}, { method: 'GET' });
    expect(keyless.status).toBe(200);
    expect((keyless.body as Health).healthy).toBe(true);
    const metrics = await rpc<string>(db.authenticator, 'metrics', {}, { method: 'GET' });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('lib_event_up 1');
  });

  it('still asks for a key for everything else', async () => {
    const response = await rpc(db.authenticator, 'inclusion_proof', { event__id: '00000000-0000-0000-0000-000000000000' }, { method: 'GET' });
    expect(response.status).toBe(401);
  });
});

describe('a stopped sequencer', () => {
  it('turns the backlog unhealthy once it passes its bound, named in the answer with a 500', async () => {
    await record(3);
    let { body } = await health();
    expect(item(body, 'sequencer_backlog_events').value).toBe(3);
    expect(item(body, 'sequencer_backlog_events').healthy).toBe(true);
    expect(item(body, 'sequencer_backlog_age').value).toBeGreaterThanOrEqual(0);

    await setLimit('sequencer_backlog_events', 2);
    const answer = await health();
    body = answer.body;
    expect(body.healthy).toBe(false);
    expect(body.unhealthy).toEqual(['sequencer_backlog_events']);
    expect(answer.status).toBe('500');
    expect(item(body, 'sequencer_backlog_events').healthy).toBe(false);
  });

  it('is healthy again once the sequencer has placed the backlog, and its counters count it', async () => {
    sequencer = startSequencer({ databaseUrl: db.loginUrl('lib_event_sequencer'), signingKey: testSigningKey });
    await sequencer.checkpoint(3);
    await eventually('the backlog is placed', async () => item((await health()).body, 'sequencer_backlog_events').value === 0);
    const { body } = await health();
    expect(body.healthy).toBe(true);
    expect(body.log_size).toBe(3);
    expect(item(body, 'checkpoint_age').value).toBe(0);
    const { rows } = await db.admin.query('select type_prefix, consumer, events::int from lib_event.event_tally');
    expect(rows).toEqual([{ type_prefix: 'billing', consumer: producer.consumer, events: 3 }]);
    const { rows: [tally] } = await db.admin.query<{ batches: number; events: number; seconds: number }>(
      'select batches::int, events::int, batch_seconds as seconds from lib_event.sequencer_tally');
    expect(tally!.events).toBe(3);
    expect(tally!.batches).toBeGreaterThanOrEqual(1);
    expect(tally!.seconds).toBeGreaterThan(0);
    await setLimit('sequencer_backlog_events', 100000);
  });
});

describe('the other items', () => {
  it('names a relay or bridge that falls behind', async () => {
    await db.admin.query(`insert into lib_event.relay_cursor (relay, cursor) values ('audit-relay', '1')`);
    await db.admin.query(`insert into lib_event.bridge_cursor (bridge, cursor) values ('audit-bridge', '3')`);
    let { body } = await health();
    expect(item(body, 'relay_lag_events', 'audit-relay').value).toBe(2);
    expect(item(body, 'bridge_lag_events', 'audit-bridge').value).toBe(0);
    await setLimit('relay_lag_events', 1);
    ({ body } = await health());
    expect(body.unhealthy).toEqual(['relay_lag_events:audit-relay']);
    await setLimit('relay_lag_events', 100000);
    await db.admin.query(`delete from lib_event.relay_cursor where relay = 'audit-relay'`);
    await db.admin.query(`delete from lib_event.bridge_cursor where bridge = 'audit-bridge'`);
  });

  it('reports a failed archive until one succeeds', async () => {
    await db.admin.query(`select lib_event.note_job('archive', false, 'could not write .data/archive: disk full')`);
    let { body } = await health();
    expect(body.unhealthy).toEqual(['archive_failed']);
    await db.admin.query(`select lib_event.note_job('archive', true, 'archived 1 partition')`);
    ({ body } = await health());
    expect(body.healthy).toBe(true);
    const { rows: [run] } = await db.admin.query('select succeeded, last_success_at is not null as has_success from lib_event.job_run where job = $1', ['archive']);
    expect(run).toEqual({ succeeded: true, has_success: true });
  });

  it('turns unhealthy when the partitions for the coming days are missing', async () => {
    // Empty partitions of the future, dropped as a careless operator might.
    const { rows } = await db.admin.query<{ partition: string }>(
      `select partition from lib_event.partitions where starts_at > now() order by starts_at`);
    expect(rows.length).toBeGreaterThan(0);
    for (const { partition } of rows) await db.admin.query(`drop table lib_event.${partition}`);
    const { body, status } = await health();
    expect(item(body, 'partitions_ahead')).toMatchObject({ value: 0, healthy: false });
    expect(body.unhealthy).toEqual(['partitions_ahead']);
    expect(status).toBe('500');
    // maintain_partitions makes them again.
    await db.admin.query('select lib_event.maintain_partitions()');
    expect((await health()).body.healthy).toBe(true);
  });
});
