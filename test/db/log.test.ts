import { generateKeyPairSync } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventLeaf, MerkleBuilder, type StoredEvent } from '../../scripts/log/log-hash.ts';
import { startSequencer } from '../../scripts/log/sequencer.ts';
import { signingKeyFromPem, type SigningKey } from '../../scripts/log/signing-key.ts';
import { verifyLog } from '../../scripts/log/verify.ts';
import { issueKey } from '../support/api-keys.ts';
import { testSigningKey } from '../support/database.ts';
import { rpc, selectView } from '../support/postgrest-call.ts';
import { dropSequencedLogs, publicKeys, sequencedLog, varied } from '../support/sequenced-log.ts';

// The sequenced, hash-chained log: positions, leaf hashes, the tree, signed
// checkpoints, and the sequencer process that makes them. The proofs are in
// proofs.test.ts, verify against a tampered log in test/scripts/verify.test.ts.
const newKey = (): SigningKey => signingKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
afterAll(dropSequencedLogs);

const verify = (client: pg.Client) => verifyLog(client, { publicKeys });

describe('the sequenced log', () => {
  let client: pg.Client;
  beforeAll(async () => {
    ({ client } = await sequencedLog(40));
  });
  afterAll(() => client.end());

  it('gives every event one position, dense from 1, in the never-skipping (transaction, id) order', async () => {
    const { rows } = await client.query<{ position: string; event__id: string }>('select l.position::text, l.event__id::text from lib_event.log_entry l order by l.position');
    expect(rows.map((row) => Number(row.position))).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const walked = (await client.query<{ event__id: string }>(
      `select event__id::text from lib_event.follow_after('0', '00000000-0000-0000-0000-000000000000', 1000)`)).rows;
    expect(rows.map((row) => row.event__id)).toEqual(walked.map((row) => row.event__id));
    const followed = (await client.query<{ event__id: string; position: string }>('select event__id::text, position::text from lib_events.follow(null, 1000)')).rows;
    expect(followed).toEqual(rows);
  });

  it('hashes each event as the specification says (the SQL and an independent implementation agree)', async () => {
    const { rows } = await client.query<StoredEvent & { leaf: string }>(
      `select e.event__id::text, e.event_type::text, lib_event.utc_text(e.occurred_at) as occurred_at, lib_event.utc_text(e.created_at) as created_at,
              e.source::text, e.partition_key::text, e.consumer::text, e.headers::text, e.payload::text, encode(l.leaf_hash, 'hex') as leaf,
              encode(e.content_salt, 'hex') as content_salt, encode(e.content_commitment, 'hex') as content_commitment, e.erased_at::text
         from lib_event.log_entry l join lib_event.event e using (event__id) order by l.position`);
    for (const row of rows) expect(eventLeaf(row).leaf?.toString('hex')).toBe(row.leaf);
    // Every tree size: the stored tree's root equals one folded from the leaves.
    const tree = new MerkleBuilder();
    for (const [i, row] of rows.entries()) {
      tree.add(Buffer.from(row.leaf, 'hex'));
      const { rows: [root] } = await client.query<{ root: string }>(`select encode(lib_event.tree_root($1), 'hex') as root`, [i + 1]);
      expect(root?.root).toBe(tree.root().toString('hex'));
    }
  });

  it('signs checkpoints the auditor can check with the public key, and verify finds the log intact', async () => {
    const { rows } = await client.query<{ tree_size: string; signed_text: string }>('select tree_size::text, signed_text from lib_events.checkpoints order by tree_size');
    expect(rows.map((row) => Number(row.tree_size))).toEqual([10, 20, 30, 40]);
    const result = await verify(client);
    expect(result).toMatchObject({ ok: true, failures: [], events: 40, checkpoints: 4, warnings: [] });
    // With a key the auditor does not trust, nothing verifies.
    const stranger = await verifyLog(client, { publicKeys: [newKey().publicKeyPem] });
    expect(stranger.failures[0]).toMatch(/checkpoint tree_size 10: signed by key \w+, which is not a trusted key/);
  });

  it('refuses to change or remove positions, tree nodes and checkpoints', async () => {
    for (const table of ['log_entry', 'merkle_node', 'log_checkpoint']) {
      await expect(client.query(`delete from lib_event.${table}`)).rejects.toMatchObject({ code: 'LE009' });
    }
  });

  it('the sequencer process sequences and signs on demand', async () => {
    const { db, client: c } = await sequencedLog(0);
    const sequencer = startSequencer({ databaseUrl: db.url, signingKey: testSigningKey, idleMs: 5, checkpointEveryMs: 3_600_000 });
    try {
      await c.query('select from lib_events.create_many($1::jsonb)', [JSON.stringify(Array.from({ length: 25 }, (_, n) => varied(n)))]);
      // Other tests' open transactions on the server may hold the events back a moment.
      expect(await sequencer.checkpoint(25)).toBe(25);
      expect((await verify(c)).ok).toBe(true);

      // A reader asks over the API (POST /rpc/request_checkpoint): the
      // sequencer, which would otherwise sign only hourly here, signs one
      // covering what the answer said the log held.
      const reader = await issueKey(db.admin, 'audit-desk', 'reader');
      await c.query('select from lib_events.create_many($1::jsonb)', [JSON.stringify([varied(1), varied(2)])]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const asked = await rpc<number>(db.authenticator, 'request_checkpoint', {}, { apiKey: reader.key });
      expect(asked.status).toBe(200);
      const size = Number(asked.body);
      expect(size).toBeGreaterThanOrEqual(25);
      const signed = async () => {
        const response = await selectView<{ tree_size: number }>(db.authenticator, 'checkpoints', {
          apiKey: reader.key, where: 'tree_size >= $1', values: [size] });
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        return response.body as { tree_size: number }[];
      };
      for (let waited = 0; (await signed()).length === 0 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await signed()).length).toBeGreaterThan(0);
      expect((await verify(c)).ok).toBe(true);
    } finally {
      await sequencer.stop();
      await c.end();
    }
  });
});
