import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// Issuing and revoking API keys as the owner (lib_event.api_key_create and
// lib_event.api_key_revoke, behind npm run key:create / key:revoke). What a
// key may then do is checked before each request: api-key.test.ts.
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

describe('lib_event.api_key_create', () => {
  it('stores only the hash of the key', async () => {
    const issued = await issueKey(db.admin, 'hashing', 'reader');
    expect(issued.key).toMatch(/^lek_[0-9a-f]{64}$/);
    const { rows } = await db.admin.query(
      `select key_hash = sha256(convert_to($2, 'UTF8')) as hash_matches,
              to_jsonb(k)::text like '%' || $2 || '%' as plaintext_stored,
              key_prefix = left($2, 12) as prefix_matches
         from lib_event.api_key k where api_key__id = $1`,
      [issued.id, issued.key],
    );
    expect(rows[0]).toEqual({ hash_matches: true, plaintext_stored: false, prefix_matches: true });
  });

  it('gives every key a different secret', async () => {
    const keys = await Promise.all(Array.from({ length: 20 }, () => issueKey(db.admin, 'many', 'reader')));
    expect(new Set(keys.map((k) => k.key)).size).toBe(20);
  });

  it.each([
    ['an uppercase consumer name', 'Billing', 'producer', 'LE010'],
    ['an empty consumer name', '', 'producer', 'LE010'],
    ['a consumer name with spaces', 'bill ing', 'producer', 'LE010'],
    ['an unknown access', 'billing', 'admin', 'LE011'],
  ])('refuses %s', async (_label, consumer, access, code) => {
    await expect(db.admin.query('select * from lib_event.api_key_create($1, $2)', [consumer, access])).rejects.toMatchObject({ code });
  });

  it('gives the erase right to a key that reads, and refuses it to a producer key (LE016)', async () => {
    const office = await issueKey(db.admin, 'privacy-office', 'reader', { erase: true });
    const desk = await issueKey(db.admin, 'audit-desk', 'producer_reader', { erase: true });
    const plain = await issueKey(db.admin, 'plain-desk', 'reader');
    const { rows } = await db.admin.query<{ id: string; may_erase: boolean }>(
      'select api_key__id::text as id, may_erase from lib_event.api_key where api_key__id = any($1::uuid[]) order by consumer',
      [[office.id, desk.id, plain.id]]);
    expect(rows).toEqual([{ id: desk.id, may_erase: true }, { id: plain.id, may_erase: false }, { id: office.id, may_erase: true }]);
    await expect(issueKey(db.admin, 'billing', 'producer', { erase: true })).rejects.toMatchObject({ code: 'LE016' });
    await expect(db.admin.query(`select * from lib_event.api_key_create('billing', 'reader', may_erase => null)`)).rejects.toMatchObject({ code: 'LE016' });
    // The table holds the rule too.
    await expect(db.admin.query(`update lib_event.api_key set access = 'producer' where api_key__id = $1`, [office.id]))
      .rejects.toMatchObject({ code: '23514' });
  });

  it('revokes by id or by consumer, not both and not neither', async () => {
    await expect(db.admin.query('select lib_event.api_key_revoke()')).rejects.toMatchObject({ code: 'LE012' });
    await expect(
      db.admin.query(`select lib_event.api_key_revoke(gen_random_uuid(), 'billing')`),
    ).rejects.toMatchObject({ code: 'LE012' });
  });
});
