import { generateKeyPairSync } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafHash, MerkleBuilder, verifyConsistency, verifyInclusion, type LeafFields } from '../../scripts/log-hash.ts';
import { signCheckpoint, startSequencer } from '../../scripts/sequencer.ts';
import { signingKeyFromPem, type SigningKey } from '../../scripts/signing-key.ts';
import { checkInclusionProof, verifyLog, type InclusionProof } from '../../scripts/verify.ts';
import { issueKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { rpc, selectView } from '../support/postgrest-call.ts';

// The sequenced, hash-chained log: positions, leaf hashes, the tree, signed
// checkpoints, and verify catching each kind of tampering by the owner.
const newKey = (): SigningKey => signingKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const key = newKey();
const databases: TestDatabase[] = [];
afterAll(() => Promise.all(databases.map((db) => db.drop())));

const varied = (n: number) => ({
  event_type: n % 2 ? 'billing.invoice.paid' : 'iam.user.created',
  payload: n % 5 === 0 ? null : { n, text: 'Ünïcødé 😀 𝄞', amount: 12345678901234567890.1, nested: { list: [n, null, true] } },
  headers: { trace: `t-${n}` },
  partition_key: n % 3 ? `tenant-${n % 3}` : undefined,
});

/** A database with `count` events in batches, all sequenced, with a checkpoint after each batch. */
async function sequencedLog(count: number, batch = 10): Promise<{ db: TestDatabase; client: pg.Client }> {
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
    await signCheckpoint(client, key);
  }
  return { db, client };
}

const publicKeys = [key.publicKeyPem];
const verify = (client: pg.Client) => verifyLog(client, { publicKeys });
const as = async (client: pg.Client, sql: string, values: unknown[] = []) => {
  await client.query(`set session_replication_role = replica`); // triggers off: the tamperer is a superuser
  await client.query(sql, values);
  await client.query(`set session_replication_role = origin`);
};
const eventAt = async (client: pg.Client, position: number) =>
  (await client.query<{ event__id: string }>('select event__id::text from lib_event.log_entry where position = $1', [position])).rows[0]?.event__id as string;

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
    const { rows } = await client.query<LeafFields & { leaf: string }>(
      `select e.event__id::text, e.event_type::text, lib_event.utc_text(e.occurred_at) as occurred_at, lib_event.utc_text(e.created_at) as created_at,
              e.source::text, e.partition_key::text, e.consumer::text, e.headers::text, e.payload::text, encode(l.leaf_hash, 'hex') as leaf
         from lib_event.log_entry l join lib_event.event e using (event__id) order by l.position`);
    for (const row of rows) expect(leafHash(row).toString('hex')).toBe(row.leaf);
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
    const sequencer = startSequencer({ databaseUrl: db.url, signingKey: key, idleMs: 5, checkpointEveryMs: 3_600_000 });
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

interface ConsistencyProof { first_size: number; second_size: number; first_root: string; second_root: string; path: string[] }
const hex = (values: string[]) => values.map((value) => Buffer.from(value, 'hex'));
const inclusion = async (c: pg.Client, id: string, size?: number) =>
  (await c.query<{ proof: InclusionProof & { root_hash: string } }>('select lib_events.inclusion_proof($1, $2) as proof', [id, size ?? null])).rows[0]?.proof as InclusionProof & { root_hash: string };
const consistency = async (c: pg.Client, first: number, second?: number) =>
  (await c.query<{ proof: ConsistencyProof }>('select lib_events.consistency_proof($1, $2) as proof', [first, second ?? null])).rows[0]?.proof as ConsistencyProof;
const holds = (p: InclusionProof & { root_hash: string }, root = p.root_hash) =>
  verifyInclusion(p.leaf_index, p.tree_size, Buffer.from(p.leaf_hash, 'hex'), hex(p.path), Buffer.from(root, 'hex'));

describe('proofs', () => {
  let client: pg.Client;
  let ids: string[];
  beforeAll(async () => {
    ({ client } = await sequencedLog(40));
    ids = (await client.query<{ event__id: string }>('select event__id::text from lib_event.log_entry order by position')).rows.map((r) => r.event__id);
  });
  afterAll(() => client.end());

  it('prove each event is in every tree that holds it, whatever the tree size', async () => {
    for (let size = 1; size <= 40; size += 1) {
      for (const position of new Set([1, Math.ceil(size / 2), size])) {
        const proof = await inclusion(client, ids[position - 1] as string, size);
        expect(proof).toMatchObject({ position, leaf_index: position - 1, tree_size: size });
        expect(holds(proof)).toBe(true);
        // Another leaf, or a changed path, proves nothing.
        expect(holds({ ...proof, leaf_hash: Buffer.alloc(32, 7).toString('hex') })).toBe(false);
        const flipped = (h: string) => `${h.slice(0, -2)}${h.endsWith('00') ? 'ff' : '00'}`;
        if (proof.path.length > 0) expect(holds({ ...proof, path: [flipped(proof.path[0] as string), ...proof.path.slice(1)] })).toBe(false);
      }
    }
    // Against the latest signed checkpoint by default, and checked by verify against its signature.
    const latest = await inclusion(client, ids[12] as string);
    expect(latest.tree_size).toBe(40);
    expect(await checkInclusionProof(client, latest, { publicKeys })).toEqual([]);
  });

  it('prove every later tree extends every earlier one', async () => {
    for (let first = 1; first <= 40; first += 1) {
      for (const second of new Set([first, first + 1, 33, 40].filter((n) => n >= first && n <= 40))) {
        const proof = await consistency(client, first, second);
        const roots = [Buffer.from(proof.first_root, 'hex'), Buffer.from(proof.second_root, 'hex')] as const;
        expect(verifyConsistency(first, second, ...roots, hex(proof.path))).toBe(true);
        if (first < second) expect(verifyConsistency(first, second, roots[1], roots[0], hex(proof.path))).toBe(false);
      }
    }
  });

  it('refuses an event not yet sequenced and sizes the log does not have', async () => {
    const { rows: [fresh] } = await client.query<{ event__id: string }>(`select event__id::text from lib_events.create('billing.invoice.paid')`);
    await expect(inclusion(client, fresh?.event__id as string)).rejects.toMatchObject({ code: 'LE071' });
    await expect(inclusion(client, ids[39] as string, 39)).rejects.toMatchObject({ code: 'LE071' });
    await expect(inclusion(client, ids[0] as string, 41)).rejects.toMatchObject({ code: 'LE070' });
    await expect(consistency(client, 0, 10)).rejects.toMatchObject({ code: 'LE070' });
    await expect(consistency(client, 20, 10)).rejects.toMatchObject({ code: 'LE070' });
  });

  it('fail against the signed checkpoints once the log is rewritten', async () => {
    const { client: c } = await sequencedLog(40);
    try {
      const signed = new Map((await c.query<{ tree_size: string; root: string }>(`select tree_size::text, encode(root_hash, 'hex') as root from lib_event.log_checkpoint`)).rows
        .map((row) => [Number(row.tree_size), row.root]));
      const id = await eventAt(c, 33);
      await as(c, `update lib_event.event set payload = '{"n": "forged"}' where event__id = $1`, [id]);
      await as(c, `update lib_event.log_entry l set leaf_hash = lib_event.leaf_hash(e.event__id, e.event_type, e.occurred_at, e.created_at,
                     e.source, e.partition_key, e.consumer, e.headers, e.payload) from lib_event.event e where e.event__id = l.event__id and l.position = 33`);
      await as(c, 'delete from lib_event.merkle_node');
      await as(c, 'select lib_event.add_tree_nodes(0, 40)');
      // The rewritten tree proves itself, but not against what was signed.
      const proof = await inclusion(c, id, 40);
      expect(holds(proof)).toBe(true);
      expect(holds(proof, signed.get(40))).toBe(false);
      expect(await checkInclusionProof(c, proof, { publicKeys })).not.toEqual([]);
      const extension = await consistency(c, 30, 40);
      expect(verifyConsistency(30, 40, Buffer.from(signed.get(30) as string, 'hex'), Buffer.from(signed.get(40) as string, 'hex'), hex(extension.path))).toBe(false);
    } finally {
      await c.end();
    }
  });
});

describe('verify, against a log tampered with by the owner', () => {
  it.each([
    ['a payload changed with the trigger off', async (c: pg.Client) => {
      await as(c, `update lib_event.event set payload = '{"n": "forged"}' where event__id = $1`, [await eventAt(c, 17)]);
    }, /^position 17 \(event [0-9a-f-]+\): altered/],
    ['one event deleted', async (c: pg.Client) => {
      await as(c, 'delete from lib_event.event where event__id = $1', [await eventAt(c, 23)]);
    }, /^position 23 \(event [0-9a-f-]+\): the event is gone/],
    ['a forged event with a plausible id inserted among the others', async (c: pg.Client) => {
      await as(c, `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers, xact_id)
        select lib_event.uuid_v7(created_at), 'billing.invoice.paid', occurred_at, created_at, consumer, headers, xact_id
          from lib_event.event where event__id = $1`, [await eventAt(c, 12)]);
    }, /^event [0-9a-f-]+: not in the log, though the sequencer has passed its place \(inserted\)/],
    ['two events swapped in position', async (c: pg.Client) => {
      for (const [from, to] of [[5, 1_000_000], [6, 5], [1_000_000, 6]]) {
        await as(c, 'update lib_event.log_entry set position = $2 where position = $1', [from, to]);
      }
    }, /^checkpoint tree_size 10: the first 10 events do not hash to its signed root: something at positions 1 to 10/],
    ['the tail cut off', async (c: pg.Client) => {
      await as(c, 'delete from lib_event.event where event__id in (select event__id from lib_event.log_entry where position > 35)');
      await as(c, 'delete from lib_event.log_entry where position > 35');
    }, /^checkpoint tree_size 40: the log has only 35 events \(its tail was cut\)/],
    ['a checkpoint root replaced', async (c: pg.Client) => {
      await as(c, `update lib_event.log_checkpoint set root_hash = sha256('forged') where tree_size = 20`);
    }, /^checkpoint tree_size 20: the signature does not verify/],
    ['a checkpoint signature replaced', async (c: pg.Client) => {
      const { rows: [other] } = await c.query<{ signature: Buffer }>('select signature from lib_event.log_checkpoint where tree_size = 10');
      await as(c, 'update lib_event.log_checkpoint set signature = $1 where tree_size = 30', [other?.signature]);
    }, /^checkpoint tree_size 30: the signature does not verify/],
    ['a payload, its leaf and the tree rewritten to agree', async (c: pg.Client) => {
      const id = await eventAt(c, 33);
      await as(c, `update lib_event.event set payload = '{"n": "forged"}' where event__id = $1`, [id]);
      await as(c, `update lib_event.log_entry l set leaf_hash = lib_event.leaf_hash(e.event__id, e.event_type, e.occurred_at, e.created_at,
                     e.source, e.partition_key, e.consumer, e.headers, e.payload) from lib_event.event e where e.event__id = l.event__id and l.position = 33`);
      await as(c, 'delete from lib_event.merkle_node');
      await as(c, 'select lib_event.add_tree_nodes(0, 40)');
    }, /^checkpoint tree_size 40: the first 40 events do not hash to its signed root: something at positions 31 to 40/],
  ])('catches %s and names the place', async (_name, tamper, first) => {
    const { client } = await sequencedLog(40);
    try {
      expect((await verify(client)).ok).toBe(true);
      await tamper(client);
      const result = await verify(client);
      expect(result.ok).toBe(false);
      expect(result.failures[0]).toMatch(first);
    } finally {
      await client.end();
    }
  });

  it('catches an event appended with an id two hours old, placed after checkpoints signed without it', async () => {
    const { client } = await sequencedLog(40);
    try {
      // Inserted by the owner with the triggers off, in a transaction of now:
      // the sequencer places it at the end, as it would a late producer.
      await as(client, `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers)
        select lib_event.uuid_v7(created_at - interval '2 hours'), 'billing.invoice.paid', occurred_at - interval '2 hours',
               created_at - interval '2 hours', consumer, headers
          from lib_event.event where event__id = $1`, [await eventAt(client, 12)]);
      for (let tries = 0; tries < 500; tries += 1) {
        await client.query('select lib_event.sequence_events()');
        if ((await client.query<{ n: number }>('select lib_event.tree_size()::int as n')).rows[0]?.n === 41) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await signCheckpoint(client, key);
      const result = await verify(client);
      expect(result.failures).toEqual([expect.stringMatching(
        /^position 41 \(event [0-9a-f-]+\): recorded at \S+, yet not in the checkpoint of 40 events signed at \S+: inserted later with a backdated id/)]);
      // A tolerance over two hours lets it pass: the check is about time, nothing else was changed.
      expect((await verifyLog(client, { publicKeys, backdateToleranceMs: 3 * 3_600_000 })).ok).toBe(true);
    } finally {
      await client.end();
    }
  });
});
