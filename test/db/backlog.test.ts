import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// The backlog's bound from SQL: what the ingest loader and SQL producers
// meet (over HTTP: test/http/backlog.test.ts).
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.admin.query(`insert into lib_event.ingest_publisher (amqp_user, consumer) values ('backlog-loader', 'billing')`);
});
afterAll(() => db.drop());

const count = async () => Number((await db.admin.query<{ n: string }>('select count(*) as n from lib_event.event')).rows[0]?.n);
const sqlState = (promise: Promise<unknown>) => promise.then(() => 'no error', (error: { code?: string }) => error.code);

describe('the bound on the unsequenced backlog', () => {
  it('ships with defaults of 50,000 events and 30 seconds', async () => {
    const { rows } = await db.admin.query(`select max_events, max_seconds, retry_after_seconds, refresh_ms
      from lib_event.backlog_bound where only_row`);
    // The test template lifts the bound (test/global-setup.ts); the migration's defaults are the columns'.
    const { rows: defaults } = await db.admin.query<{ column_name: string; column_default: string }>(
      `select column_name, column_default from information_schema.columns
        where table_schema = 'lib_event' and table_name = 'backlog_bound' and column_name <> 'only_row' order by column_name`);
    expect(rows).toHaveLength(1);
    expect(Object.fromEntries(defaults.map((d) => [d.column_name, d.column_default]))).toEqual({
      max_events: '50000', max_seconds: '30', refresh_ms: '500', retry_after_seconds: '1',
    });
  });

  it('refuses create, create_many and the ingest queue with PT429 before writing, and lets them through once sequenced', async () => {
    await db.admin.query(`select lib_events.create('billing.invoice.paid') from generate_series(1, 5)`);
    // The oldest waiting event is counted once it has waited a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await db.admin.query('update lib_event.backlog_bound set max_events = 3, max_seconds = 3600, refresh_ms = 10');
    try {
      const before = await count();
      expect(await sqlState(db.admin.query(`select lib_events.create('billing.invoice.paid')`))).toBe('PT429');
      expect(await sqlState(db.admin.query(`select * from lib_events.create_many('[{"event_type": "billing.invoice.paid"}]')`))).toBe('PT429');
      const refusal = await db.admin.query(`select * from lib_event.ingest('backlog-loader', '[{"id": "m-1", "body": "{\\"event_type\\": \\"billing.invoice.paid\\"}"}]')`)
        .then(() => undefined, (error: { code?: string; message: string; hint?: string }) => error);
      expect(refusal?.code).toBe('PT429');
      expect(refusal?.message).toMatch(/or more events are waiting to be sequenced, more than the 3 allowed; nothing was recorded/);
      expect(refusal?.hint).toMatch(/Send the same events again after 1 s/);
      const { rows: [transient] } = await db.admin.query<{ retried: boolean }>(`select lib_event.is_transient('PT429') as retried`);
      expect(transient?.retried).toBe(true);
      expect(await count()).toBe(before);

      // Sequenced, the backlog is empty: the same calls record.
      while ((await db.admin.query<{ n: number }>('select lib_event.sequence_events() as n')).rows[0]?.n) { /* until caught up */ }
      await new Promise((resolve) => setTimeout(resolve, 20));
      await db.admin.query(`select lib_events.create('billing.invoice.paid')`);
      const { rows: ingested } = await db.admin.query<{ event__id: string | null }>(
        `select event__id from lib_event.ingest('backlog-loader', '[{"id": "m-1", "body": "{\\"event_type\\": \\"billing.invoice.paid\\"}"}]')`);
      expect(ingested[0]?.event__id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await count()).toBe(before + 2);
    } finally {
      await db.admin.query('update lib_event.backlog_bound set max_events = 1000000000000, max_seconds = 2000000000, refresh_ms = 500');
    }
  });

  it('refuses by age: an event waiting longer than max_seconds', async () => {
    await db.admin.query(`select lib_events.create('billing.invoice.paid')`);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await db.admin.query('update lib_event.backlog_bound set max_events = 1000000, max_seconds = 1, refresh_ms = 10');
    try {
      const error = await db.admin.query(`select lib_events.create('billing.invoice.paid')`).then(() => undefined, (e: { code?: string; message: string }) => e);
      expect(error?.code).toBe('PT429');
      expect(error?.message).toMatch(/the oldest event waiting to be sequenced was recorded \d+ s ago, more than the 1 s allowed/);
    } finally {
      await db.admin.query('update lib_event.backlog_bound set max_events = 1000000000000, max_seconds = 2000000000, refresh_ms = 500');
    }
  });
});
