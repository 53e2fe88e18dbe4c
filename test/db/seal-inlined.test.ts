import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// Recording computes each event's content commitment and v2 leaf hash in the
// seal trigger (lib_event.seal_content). The SQL functions behind them must
// inline into the trigger's expressions: one left as a call of its own pays
// a SQL function's start-up per field, eleven times an event. PostgreSQL
// never inlines a function declared IMMUTABLE whose body calls a STABLE one
// (to_char, convert_to), so the declared volatility decides it.
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

it('recording an event calls the seal trigger, and none of the hash functions under it as calls of their own', async () => {
  const client = await db.admin.connect();
  try {
    await client.query('begin');
    // Counts every call of a function that was not inlined, in this transaction.
    await client.query(`set local track_functions = 'all'`);
    await client.query(`select lib_events.create('billing.invoice.paid', '{"invoice": "INV-1"}', '{"actor": "ada@example.com"}')`);
    const { rows } = await client.query<{ funcname: string }>(
      `select funcname from pg_stat_xact_user_functions where schemaname = 'lib_event' order by funcname`);
    const called = rows.map((row) => row.funcname);
    expect(called).toContain('seal_content');
    expect(called.filter((name) => ['leaf_field', 'content_commitment', 'leaf_hash_v2', 'utc_text'].includes(name))).toEqual([]);
  } finally {
    await client.query('rollback');
    client.release();
  }
});
