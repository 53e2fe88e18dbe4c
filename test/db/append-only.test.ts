import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let db: TestDatabase;
let eventId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const { rows } = await db.admin.query<{ event__id: string }>(
    `select (lib_events.create('iam.user.created', '{"name": "ada"}')).event__id`,
  );
  eventId = rows[0]?.event__id ?? '';
});
afterAll(() => db.drop());

/** Run one statement as `role` inside a transaction that is always rolled back. */
async function asRole(role: string, sql: string, values: unknown[] = []): Promise<unknown> {
  const client = await db.admin.connect();
  try {
    await client.query('begin');
    await client.query(`set local role ${role}`);
    return await client.query(sql, values);
  } finally {
    await client.query('rollback');
    client.release();
  }
}

const apiRoles = ['lib_event_anon', 'lib_event_producer', 'lib_event_reader', 'lib_event_producer_reader'];

describe('the event log is append-only', () => {
  describe.each(apiRoles)('as %s', (role) => {
    it.each([
      ['UPDATE the table', `update lib_event.event set payload = '{}' where event__id = $1`, [() => eventId]],
      ['DELETE from the table', 'delete from lib_event.event where event__id = $1', [() => eventId]],
      ['TRUNCATE the table', 'truncate lib_event.event', []],
      ['INSERT into the table directly', `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers) values (gen_random_uuid(), 'a.b.c', now(), now(), 'x', '{}')`, []],
      // The view reads one of two branches (a UNION ALL, db/security.md), so
      // it is not updatable at all: PostgreSQL refuses before any privilege check.
      ['UPDATE through the view', `update lib_events.events set headers = '{}' where event__id = $1`, [() => eventId], { code: '55000', message: expect.stringMatching(/^cannot update view/) }],
      ['DELETE through the view', 'delete from lib_events.events where event__id = $1', [() => eventId], { code: '55000', message: expect.stringMatching(/^cannot delete from view/) }],
    ] as [string, string, (() => string)[], object?][])('may not %s', async (_what, sql, values, refusal = { code: '42501' }) => {
      await expect(asRole(role, sql, values.map((value) => value()))).rejects.toMatchObject(refusal);
    });
  });

  it('refuses an UPDATE even from the owner', async () => {
    await expect(
      asRole('lib_event_owner', `update lib_event.event set payload = '{}' where event__id = $1`, [eventId]),
    ).rejects.toMatchObject({ code: 'LE009' });
  });

  it('leaves the event as it was', async () => {
    const { rows } = await db.admin.query('select payload from lib_event.event where event__id = $1', [eventId]);
    expect(rows).toEqual([{ payload: { name: 'ada' } }]);
  });

  it('lets only the owner delete events (retention)', async () => {
    const { rows } = await db.admin.query<{ grantee: string }>(
      `select grantee from information_schema.role_table_grants
        where table_schema = 'lib_event' and table_name = 'event' and privilege_type in ('DELETE', 'TRUNCATE', 'UPDATE')
        group by grantee order by grantee`,
    );
    expect(rows.map((row) => row.grantee)).toEqual(['lib_event_owner']);
  });
});
