import { createPublicKey, sign } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckpointBody, parseNote, parseVkey, verifiedSigners, vkeyOf } from '../../scripts/log/checkpoint-note.ts';
import { signCheckpoint } from '../../scripts/log/sequencer.ts';
import { verifyLog } from '../../scripts/log/verify.ts';
import { testSigningKey } from '../support/database.ts';
import { dropSequencedLogs, publicKeys, sequencedLog, varied } from '../support/sequenced-log.ts';

// Checkpoints as C2SP signed notes (c2sp.org/tlog-checkpoint): the note
// text, the vkey beside the PEM, the origin kept; and checkpoints signed
// before, as lib_event checkpoint v1 text, still verify beside them.
afterAll(dropSequencedLogs);

interface CheckpointRow { tree_size: string; root_hash: string; signed_text: string; origin: string | null; note: string | null; signature: string }
const checkpoints = async (client: pg.Client) =>
  (await client.query<CheckpointRow>('select tree_size::text, root_hash, signed_text, origin, note, signature from lib_events.checkpoints order by tree_size::bigint')).rows;
const vkey = async (client: pg.Client) =>
  (await client.query<{ vkey: string }>('select vkey from lib_events.log_keys')).rows[0]?.vkey as string;
const sqlError = async (promise: Promise<unknown>) => promise.then(() => undefined, (error: { code?: string }) => error.code);

describe('C2SP checkpoints', () => {
  let client: pg.Client;
  beforeAll(async () => ({ client } = await sequencedLog(20)));
  afterAll(() => client.end());

  it('are notes: origin, tree size, base64 root, a blank line and the log\'s signature line, verified by the vkey of log_keys', async () => {
    const rows = await checkpoints(client);
    expect(rows.map((r) => r.tree_size)).toEqual(['10', '20']);
    const key = await vkey(client);
    // The database's vkey is the signing key's, under the stored origin.
    const { rows: [origin] } = await client.query<{ origin: string }>('select origin from lib_event.log_origin');
    expect(origin?.origin).toMatch(/^lib-event\.invalid\/lib_event_test_[0-9a-f]+\/\d+$/);
    expect(key).toBe(vkeyOf(origin?.origin as string, createPublicKey(testSigningKey.publicKeyPem)));
    for (const row of rows) {
      const note = row.note as string;
      expect(note).toBe(`${row.origin}\n${row.tree_size}\n${Buffer.from(row.root_hash, 'hex').toString('base64')}\n\n${note.split('\n\n')[1]}`);
      expect(row.signed_text).toBe(parseNote(note).text);
      expect(parseCheckpointBody(row.signed_text)).toMatchObject({ origin: row.origin, treeSize: Number(row.tree_size) });
      const { signers, failures } = verifiedSigners(note, [parseVkey(key)]);
      expect(failures).toEqual([]);
      expect(signers.map((s) => s.vkey)).toEqual([key]);
      // A note changed after signing does not verify.
      const forged = note.replace(`\n${row.tree_size}\n`, `\n${Number(row.tree_size) + 1}\n`);
      expect(verifiedSigners(forged, [parseVkey(key)]).failures).toHaveLength(1);
    }
    expect((await verifyLog(client, { publicKeys })).failures).toEqual([]);
  });

  it('keep their origin: another one is refused (LE073), as is one that is not a note key name (LE072)', async () => {
    const { rows: [stored] } = await client.query<{ origin: string }>('select lib_event.log_origin() as origin');
    expect(await sqlError(signCheckpoint(client, testSigningKey, 'audit.example.com/another'))).toBe('LE073');
    expect(await sqlError(client.query('select lib_event.log_origin($1)', [stored?.origin]))).toBeUndefined();
    const { client: fresh } = await sequencedLog(0);
    try {
      for (const bad of ['audit.example.com/a b', 'a+b', '', 'ünï']) {
        expect(await sqlError(fresh.query('select lib_event.log_origin($1)', [bad]))).toBe('LE072');
      }
      await fresh.query('select from lib_events.create($1, $2::jsonb)', ['iam.user.created', '{}']);
      await fresh.query('select lib_event.sequence_events()');
      expect(await signCheckpoint(fresh, testSigningKey, 'audit.example.com/lib_event')).toBe(1);
      expect((await checkpoints(fresh))[0]?.note).toMatch(/^audit\.example\.com\/lib_event\n1\n/);
      expect(await vkey(fresh)).toMatch(/^audit\.example\.com\/lib_event\+[0-9a-f]{8}\+/);
      // The origin stays, configured or not.
      expect(await sqlError(fresh.query(`update lib_event.log_origin set origin = 'x.example/y'`))).not.toBeUndefined();
    } finally {
      await fresh.end();
    }
  });
});

describe('checkpoints signed as lib_event checkpoint v1', () => {
  let client: pg.Client;
  beforeAll(async () => {
    ({ client } = await sequencedLog(0));
    await client.query('select from lib_events.create_many($1::jsonb)', [JSON.stringify(Array.from({ length: 12 }, (_, n) => varied(n)))]);
    await client.query('select lib_event.sequence_events()');
    // Signed as the sequencer did before C2SP checkpoints: the v1 text, add_checkpoint without origin.
    const { rows: [old] } = await client.query<{ at: string; text: string }>(
      `select s.at::text as at, lib_event.checkpoint_text(8, lib_event.tree_root(8), s.at) as text
         from (select date_trunc('milliseconds', now()) as at) s`);
    await client.query('select lib_event.add_checkpoint($1, $2, $3, $4, $5)',
      [8, old?.at, testSigningKey.publicKeyPem, testSigningKey.keyId, sign(null, Buffer.from(old?.text as string), testSigningKey.privateKey)]);
    await signCheckpoint(client, testSigningKey);
  });
  afterAll(() => client.end());

  it('keep their text, have no note, and verify beside the C2SP ones; a changed one still fails', async () => {
    const [old, c2sp] = await checkpoints(client);
    expect(old).toMatchObject({ tree_size: '8', origin: null, note: null });
    expect(old?.signed_text).toMatch(/^lib_event checkpoint v1\ntree_size 8\nroot [0-9a-f]{64}\ntime /);
    expect(c2sp).toMatchObject({ tree_size: '12' });
    expect(c2sp?.note).not.toBeNull();
    const intact = await verifyLog(client, { publicKeys });
    expect(intact.failures).toEqual([]);
    expect(intact.checkpoints).toBe(2);
    // Saved copies (as GET /checkpoints answers) with a changed v1 text, then a changed C2SP text.
    const saved = (await client.query(`select tree_size::text, root_hash, lib_event.utc_text(signed_at) as signed_at, key_id, signature, signed_text, origin, note
                                          from lib_events.checkpoints order by tree_size::bigint`)).rows;
    const oldChanged = saved.map((c, i) => i === 0 ? { ...c, signed_text: c.signed_text.replace('tree_size 8', 'tree_size 9') } : c);
    expect((await verifyLog(client, { publicKeys, checkpoints: oldChanged })).failures[0]).toMatch(/tree_size 8: its signed text names another tree size or root/);
    const newChanged = saved.map((c, i) => i === 1 ? { ...c, signature: Buffer.alloc(64, 1).toString('base64') } : c);
    expect((await verifyLog(client, { publicKeys, checkpoints: newChanged })).failures[0]).toMatch(/tree_size 12: the signature does not verify/);
  });
});
