import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { migrate } from '../../scripts/database/dbmate.ts';
import { externalPostgres } from '../../scripts/database/postgres-server.ts';
import { startSequencer } from '../../scripts/log/sequencer.ts';
import { testSigningKey } from '../support/database.ts';
import { migrateUntil } from '../support/migrate-until.ts';

// An install from before partitioning, with events in it, migrated in place.
const name = `lib_event_conversion_${randomBytes(4).toString('hex')}`;
const server = externalPostgres(inject('serverUrl'));
const url = server.url(name);
let db: pg.Client;

beforeAll(async () => {
  await migrateUntil(url, '20261128000600');
  db = new pg.Client({ connectionString: url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  const maintenance = new pg.Client({ connectionString: server.url('postgres') });
  await maintenance.connect();
  await maintenance.query(`drop database if exists ${name} with (force)`);
  await maintenance.end();
});

const everything = `select to_jsonb(e) - 'tableoid' as row from lib_event.event e order by event__id`;
const catchUp = (after: string | null) =>
  db.query<{ event__id: string; checkpoint: string }>('select event__id, checkpoint from lib_events.follow($1, 1000)', [after]);

/** follow from `after` until it returns `count` events: a transaction open elsewhere on the server may hold new ones back a moment. */
async function catchUpTo(after: string | null, count: number): Promise<{ event__id: string; checkpoint: string }[]> {
  for (let waited = 0; ; waited += 20) {
    const { rows } = await catchUp(after);
    if (rows.length >= count || waited > 30_000) return rows;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('partitioning an install that already holds events', () => {
  it('keeps every event, checkpoint, idempotency record and deferred payload, and the notify mode', async () => {
    const events = Array.from({ length: 300 }, (_, n) => ({
      event_type: n % 3 ? 'billing.invoice.paid' : 'iam.user.created',
      payload: n === 7 ? { big: 'x'.repeat(300_000) } : { n, text: 'ünïcødé ✓ 𝄞', nested: { deep: [n, null, true] } },
      headers: { trace: `t-${n}` },
      partition_key: n % 5 ? `tenant-${n % 5}` : undefined,
      idempotency_key: `key-${n}`,
    }));
    const { rows: receipts } = await db.query<{ event__id: string }>('select event__id from lib_events.create_many($1::jsonb)', [JSON.stringify(events)]);
    await db.query(`select lib_event.set_notify_mode('relay')`);
    const followed = await catchUpTo(null, 300);
    const midway = followed[99]?.checkpoint as string;
    const before = (await db.query(everything)).rows;
    const keysBefore = (await db.query('select * from lib_event.idempotency_key order by idempotency_key')).rows;
    const deferredBefore = (await db.query('select * from lib_event.deferred_payload')).rows;
    expect(deferredBefore).toHaveLength(1);

    await migrate(url);

    const { rows: [kind] } = await db.query<{ relkind: string }>(`select relkind from pg_class where oid = 'lib_event.event'::regclass`);
    expect(kind?.relkind).toBe('p');
    // Migrations after the conversion add columns (leaf format v2, erasure):
    // the events recorded before them hold what they held, and null there.
    const after = (await db.query<{ row: Record<string, unknown> }>(everything)).rows;
    const columnsBefore = Object.keys((before[0] as { row: Record<string, unknown> }).row);
    expect(after.map(({ row }) => ({ row: Object.fromEntries(columnsBefore.map((column) => [column, row[column]])) }))).toEqual(before);
    expect(new Set(after.flatMap(({ row }) => Object.keys(row).filter((column) => !columnsBefore.includes(column)).map((column) => row[column]))))
      .toEqual(new Set([null]));
    expect((await db.query('select * from lib_event.idempotency_key order by idempotency_key')).rows).toEqual(keysBefore);
    expect((await db.query('select * from lib_event.deferred_payload')).rows).toEqual(deferredBefore);
    expect((await db.query<{ mode: string }>('select lib_event.notify_mode() as mode')).rows[0]?.mode).toBe('relay');

    // A follower's checkpoint from before (a transaction id and an event id)
    // goes on where it was, once the sequencer has placed the events.
    const sequencer = startSequencer({ databaseUrl: url, signingKey: testSigningKey });
    onTestFinished(() => sequencer.stop());
    await sequencer.checkpoint(300);
    expect(midway).toMatch(/^\d+\/[0-9a-f-]{36}$/);
    expect((await catchUp(midway)).rows.map((row) => row.event__id)).toEqual(followed.slice(100).map((row) => row.event__id));
    // A retry of an event recorded before gets its original receipt, nothing new.
    const { rows: again } = await db.query<{ event__id: string }>('select event__id from lib_events.create_many($1::jsonb)', [JSON.stringify(events.slice(0, 10))]);
    expect(again.map((row) => row.event__id)).toEqual(receipts.slice(0, 10).map((row) => row.event__id));
    expect((await db.query('select count(*)::int as n from lib_event.event')).rows[0]?.n).toBe(300);
    // The old rows are the first partition; a payload deferred before still reads.
    const { rows: [first] } = await db.query<{ partition: string; starts_at: number }>(
      `select partition, starts_at from lib_event.partitions order by starts_at limit 1`);
    expect(first?.partition).toBe('event_before_partitioning');
    const { rows: [big] } = await db.query<{ size: number }>(
      `select length(lib_events.event_payload($1)::text) as size`, [receipts[7]?.event__id]);
    expect(big?.size).toBeGreaterThan(300_000);
    // New events are recorded and followed after the old ones.
    const { rows: [fresh] } = await db.query<{ event__id: string }>(`select event__id from lib_events.create('billing.invoice.paid')`);
    expect((await catchUpTo(followed.at(-1)?.checkpoint as string, 1)).map((row) => row.event__id)).toEqual([fresh?.event__id]);
  });
});
