import pg from 'pg';
import { signCheckpoint } from '../../scripts/log/sequencer.ts';
import { createTestDatabase, testSigningKey, type TestDatabase } from './database.ts';

/**
 * Databases whose log is sequenced and signed, for tests of the log, its
 * proofs and verify; and the owner's ways of tampering with them.
 * Drop them with `afterAll(dropSequencedLogs)`.
 */

const databases: TestDatabase[] = [];

/** Drop every database sequencedLog made in this test file. */
export const dropSequencedLogs = (): Promise<void[]> => Promise.all(databases.splice(0).map((db) => db.drop()));

/** The keys the checkpoints of sequencedLog are signed with: testSigningKey's. */
export const publicKeys = [testSigningKey.publicKeyPem];

/** Event n of a varied run: two types, null payloads, Unicode, big numbers, partition keys or none. */
export const varied = (n: number) => ({
  event_type: n % 2 ? 'billing.invoice.paid' : 'iam.user.created',
  payload: n % 5 === 0 ? null : { n, text: 'Ünïcødé 😀 𝄞', amount: 12345678901234567890.1, nested: { list: [n, null, true] } },
  headers: { trace: `t-${n}` },
  partition_key: n % 3 ? `tenant-${n % 3}` : undefined,
});

/** A database with `count` events in batches, all sequenced, with a checkpoint after each batch. */
export async function sequencedLog(count: number, batch = 10): Promise<{ db: TestDatabase; client: pg.Client }> {
  const db = await createTestDatabase();
  databases.push(db);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  for (let i = 0; i < count; i += batch) {
    await client.query('select from lib_events.create_many($1::jsonb)', [JSON.stringify(Array.from({ length: Math.min(batch, count - i) }, (_, j) => varied(i + j)))]);
    // A transaction open elsewhere on the server may hold the newest events
    // back a moment (the never-skip horizon): sequence until all are in.
    const recorded = Math.min(count, i + batch);
    for (let tries = 0; ; tries += 1) {
      await client.query('select lib_event.sequence_events()');
      const { rows: [size] } = await client.query<{ n: number }>('select lib_event.tree_size()::int as n');
      if ((size?.n ?? 0) >= recorded || tries > 500) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await signCheckpoint(client, testSigningKey);
  }
  return { db, client };
}

/** Run `sql` as the owner with the triggers off, as a tamperer with superuser rights would. */
export async function asOwner(client: pg.Client, sql: string, values: unknown[] = []): Promise<void> {
  await client.query(`set session_replication_role = replica`);
  await client.query(sql, values);
  await client.query(`set session_replication_role = origin`);
}

/** The id of the event at `position` in the log. */
export const eventAt = async (client: pg.Client, position: number) =>
  (await client.query<{ event__id: string }>('select event__id::text from lib_event.log_entry where position = $1', [position])).rows[0]?.event__id as string;

/**
 * Forge the payload of the event at `position`, then rewrite its leaf and the
 * tree of the first `size` leaves to agree: a log that proves itself, which
 * only the signed checkpoints give away. Returns the event's id.
 */
export async function rewriteEvent(client: pg.Client, position: number, size: number): Promise<string> {
  const id = await eventAt(client, position);
  await asOwner(client, `update lib_event.event set payload = '{"n": "forged"}' where event__id = $1`, [id]);
  await asOwner(client, `update lib_event.log_entry l set leaf_hash = case when e.content_salt is null
                 then lib_event.leaf_hash(e.event__id, e.event_type, e.occurred_at, e.created_at, e.source, e.partition_key, e.consumer, e.headers, e.payload)
                 else lib_event.leaf_hash_v2(e.event__id, e.event_type, e.occurred_at, e.created_at, e.source, e.partition_key, e.consumer,
                                             lib_event.content_commitment(e.content_salt, e.headers, e.payload)) end
                 from lib_event.event e where e.event__id = l.event__id and l.position = $1`, [position]);
  await asOwner(client, 'delete from lib_event.merkle_node');
  await asOwner(client, 'select lib_event.add_tree_nodes(0, $1)', [size]);
  return id;
}
