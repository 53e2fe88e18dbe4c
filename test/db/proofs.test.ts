import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyConsistency, verifyInclusion } from '../../scripts/log/log-hash.ts';
import { checkInclusionProof, type InclusionProof } from '../../scripts/log/verify.ts';
import { issueKey } from '../support/api-keys.ts';
import type { TestDatabase } from '../support/database.ts';
import { rpc, type PostgrestError } from '../support/postgrest-call.ts';
import { dropSequencedLogs, publicKeys, rewriteEvent, sequencedLog } from '../support/sequenced-log.ts';

// lib_events.inclusion_proof and lib_events.consistency_proof: proofs an
// auditor checks against the signed checkpoints, here with the independent
// implementation in scripts/log/log-hash.ts.
afterAll(dropSequencedLogs);

interface ConsistencyProof { first_size: number; second_size: number; first_root: string; second_root: string; path: string[] }
const hex = (values: string[]) => values.map((value) => Buffer.from(value, 'hex'));
const inclusion = async (c: pg.Client, id: string, size?: number) =>
  (await c.query<{ proof: InclusionProof & { root_hash: string } }>('select lib_events.inclusion_proof($1, $2) as proof', [id, size ?? null])).rows[0]?.proof as InclusionProof & { root_hash: string };
const consistency = async (c: pg.Client, first: number, second?: number) =>
  (await c.query<{ proof: ConsistencyProof }>('select lib_events.consistency_proof($1, $2) as proof', [first, second ?? null])).rows[0]?.proof as ConsistencyProof;
const holds = (p: InclusionProof & { root_hash: string }, root = p.root_hash) =>
  verifyInclusion(p.leaf_index, p.tree_size, Buffer.from(p.leaf_hash, 'hex'), hex(p.path), Buffer.from(root, 'hex'));

describe('proofs', () => {
  let db: TestDatabase;
  let client: pg.Client;
  let ids: string[];
  beforeAll(async () => {
    ({ db, client } = await sequencedLog(40));
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
    expect((await checkInclusionProof(client, latest, { publicKeys })).failures).toEqual([]);
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

  it('answers an id never recorded with 404 (PT404), and keeps LE071 for an event recorded but not sequenced yet', async () => {
    const reader = await issueKey(db.admin, 'proof-desk', 'reader');
    const proofOf = (id: string) => rpc<unknown>(db.authenticator, 'inclusion_proof', { event__id: id }, { apiKey: reader.key, method: 'GET' });
    const never = '01937a1c-2f4e-7d3a-9c1b-5e2f0a9d8c11';
    const unknown = await proofOf(never);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'PT404', message: `no event ${never}` });
    // Nothing runs the sequencer on this database: a new event stays unplaced.
    const { rows: [fresh] } = await client.query<{ event__id: string }>(`select event__id::text from lib_events.create('billing.invoice.paid')`);
    const pending = await proofOf(fresh?.event__id as string);
    expect(pending.status).toBe(400);
    expect((pending.body as PostgrestError).code).toBe('LE071');
    expect((await proofOf(ids[5] as string)).status).toBe(200);
  });

  it('fail against the signed checkpoints once the log is rewritten', async () => {
    const { client: c } = await sequencedLog(40);
    try {
      const signed = new Map((await c.query<{ tree_size: string; root: string }>(`select tree_size::text, encode(root_hash, 'hex') as root from lib_event.log_checkpoint`)).rows
        .map((row) => [Number(row.tree_size), row.root]));
      const id = await rewriteEvent(c, 33, 40);
      // The rewritten tree proves itself, but not against what was signed.
      const proof = await inclusion(c, id, 40);
      expect(holds(proof)).toBe(true);
      expect(holds(proof, signed.get(40))).toBe(false);
      expect((await checkInclusionProof(c, proof, { publicKeys })).failures).not.toEqual([]);
      const extension = await consistency(c, 30, 40);
      expect(verifyConsistency(30, 40, Buffer.from(signed.get(30) as string, 'hex'), Buffer.from(signed.get(40) as string, 'hex'), hex(extension.path))).toBe(false);
    } finally {
      await c.end();
    }
  });
});
