import { execFile } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vkeyOf } from '../../scripts/log/checkpoint-note.ts';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { signCheckpoint, startSequencer } from '../../scripts/log/sequencer.ts';
import { verifyLog } from '../../scripts/log/verify.ts';
import { startWitnessing, type WitnessingHandle } from '../../scripts/log/witness-client.ts';
import { createTestDatabase, testSigningKey, type TestDatabase } from '../support/database.ts';
import { eventually } from '../support/eventually.ts';
import { buildGoProgram, goCheck, startGoWitness, type GoWitness } from '../support/go-c2sp.ts';
import { publicKeys, varied } from '../support/sequenced-log.ts';

// Witness cosigning (c2sp.org/tlog-witness) against a witness written from
// the spec in Go (test/go/c2sp witness, golang.org/x/mod/sumdb/note): the
// checkpoints get cosigned, a witness's 409 is answered with a proof from
// its size, one that is down is retried and holds nothing up, and a second
// history shown under the same key and origin (a split view) is refused by a
// witness that cosigned the first, so verify --witness catches it.

const go = await buildGoProgram();
const origin = 'audit.example.com/lib_event';
const logVkey = vkeyOf(origin, createPublicKey(testSigningKey.publicKeyPem));
const seed = (n: number) => Buffer.alloc(32, n);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Record `count` events, place them, sign a checkpoint under the shared origin; returns the tree size. */
async function grow(client: pg.Client, count: number, tag: string): Promise<number> {
  await client.query('select from lib_events.create_many($1::jsonb)', [JSON.stringify(Array.from({ length: count }, (_, n) => ({ ...varied(n), payload: { n, tag } })))]);
  const { rows: [recorded] } = await client.query<{ n: number }>('select count(*)::int as n from lib_event.event');
  for (let tries = 0; tries < 500; tries += 1) {
    await client.query('select lib_event.sequence_events()');
    if ((await client.query<{ n: number }>('select lib_event.tree_size()::int as n')).rows[0]?.n === recorded?.n) break;
  }
  return signCheckpoint(client, testSigningKey, origin);
}

const cosignedBy = async (client: pg.Client, size: number) =>
  (await client.query<{ cosigned_by: string[] }>('select cosigned_by from lib_events.checkpoints where tree_size = $1', [size])).rows[0]?.cosigned_by ?? [];

(go.available ? describe : describe.skip)(`witness cosigning${go.available ? '' : `: skipped, needs Go (${go.missing})`}`, () => {
  const bin = go.available ? go.bin : '';
  const witnesses: GoWitness[] = [];
  const handles: WitnessingHandle[] = [];
  const databases: TestDatabase[] = [];
  let a: pg.Client;
  let aDb: TestDatabase;
  let w1: GoWitness;
  let w2: GoWitness;
  let w3: GoWitness;
  let dir: string;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lib_event-witness-'));
    aDb = await createTestDatabase();
    databases.push(aDb);
    a = new pg.Client({ connectionString: aDb.url });
    await a.connect();
    w1 = await startGoWitness(bin, { name: 'w1.witness.example', seed: seed(1), logVkey });
    w2 = await startGoWitness(bin, { name: 'w2.witness.example', seed: seed(2), logVkey });
    witnesses.push(w1, w2);
  });
  afterAll(async () => {
    await Promise.all(handles.map((h) => h.stop()));
    await Promise.all(witnesses.map((w) => w.stop()));
    await a?.end();
    await Promise.all(databases.map((db) => db.drop()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('cosign each new checkpoint; a 409 gets a proof from the witness\'s size; a witness down is retried with backoff and holds nothing up', async () => {
    expect(await grow(a, 5, 'a')).toBe(5);
    // w2 already cosigned 5, sent by someone else: this log's first request (old 0) gets its 409.
    const { rows: [first] } = await a.query<{ body: string }>('select lib_event.witness_request(0, 5) as body');
    expect((await fetch(`${w2.url}/add-checkpoint`, { method: 'POST', body: first?.body })).status).toBe(200);
    // w3 is down when witnessing starts.
    const w3Port = await freePort();
    const w3Vkey = vkeyOf('w3.witness.example', createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), await edPublic(seed(3))]), format: 'der', type: 'spki' }), 0x04);
    handles.push(startWitnessing({
      databaseUrl: aDb.loginUrl('lib_event_sequencer'),
      witnesses: [{ url: w1.url, vkey: w1.vkey }, { url: w2.url, vkey: w2.vkey }, { url: `http://127.0.0.1:${w3Port}`, vkey: w3Vkey }],
      pollMs: 50, retryMs: 100, maxRetryMs: 800, onError: (error) => errors.push(error.message),
    }));
    await eventually('w1 and w2 cosign the checkpoint of 5', async () => (await cosignedBy(a, 5)).length === 2, 30_000, 100);
    expect(w2.log).toContain('witness w2.witness.example: 409 old size 0, latest cosigned 5');
    expect(w2.log.at(-1)).toBe('witness w2.witness.example: 200 cosigned 5');

    // Recording, sequencing and signing go on while w3 is down.
    expect(await grow(a, 7, 'a')).toBe(12);
    await eventually('w1 and w2 cosign the checkpoint of 12', async () => (await cosignedBy(a, 12)).length === 2, 30_000, 100);
    expect(w1.log.at(-1)).toBe('witness w1.witness.example: 200 cosigned 12');
    const down = () => errors.filter((e) => e.startsWith('witness w3.witness.example'));
    await eventually('w3 is tried five times', async () => down().length >= 5, 30_000, 50);
    expect(down()[0]).toMatch(/^witness w3\.witness\.example \(http:\/\/127\.0\.0\.1:\d+\): fetch failed; retrying in 100 ms$/);
    // Backoff: doubled each time, up to its ceiling.
    expect(down().slice(0, 5).map((e) => Number(/retrying in (\d+) ms/.exec(e)?.[1]))).toEqual([100, 200, 400, 800, 800]);

    // w3 comes up: it catches up with the newest checkpoint.
    w3 = await startGoWitness(bin, { name: 'w3.witness.example', seed: seed(3), logVkey, listen: `127.0.0.1:${w3Port}` });
    witnesses.push(w3);
    expect(w3.vkey).toBe(w3Vkey);
    await eventually('w3 cosigns the checkpoint of 12', async () => (await cosignedBy(a, 12)).length === 3, 30_000, 100);

    // Go opens the served note with the log's vkey and all three witnesses'.
    const { rows: [served] } = await a.query<{ note: string }>('select note from lib_events.checkpoints where tree_size = 12');
    writeFileSync(join(dir, 'note'), served?.note as string);
    const opened = await goCheck(bin, ['note', '-vkey', logVkey, '-witness', w1.vkey, '-witness', w2.vkey, '-witness', w3.vkey, join(dir, 'note')]);
    expect(opened.stderr).toBe('');
    expect(opened.result).toMatchObject({ tree_size: 12, signers: [origin, 'w1.witness.example', 'w2.witness.example', 'w3.witness.example'] });
    expect((await verifyLog(a, { publicKeys, witnesses: [w1.vkey, w2.vkey, w3.vkey] })).failures).toEqual([]);
  });

  it('a second history under the same key and origin (a split view) is refused by a witness that cosigned the first; verify --witness catches it', async () => {
    const bDb = await createTestDatabase();
    databases.push(bDb);
    const b = new pg.Client({ connectionString: bDb.url });
    await b.connect();
    try {
      // The operator signs another history with the same key and origin.
      expect(await grow(b, 20, 'b')).toBe(20);
      const refusals: string[] = [];
      const handle = startWitnessing({ databaseUrl: bDb.loginUrl('lib_event_sequencer'), witnesses: [{ url: w1.url, vkey: w1.vkey }],
        pollMs: 50, retryMs: 100, maxRetryMs: 400, onError: (error) => refusals.push(error.message) });
      handles.push(handle);
      await eventually('w1 refuses the checkpoint of 20', async () => refusals.some((r) => / 422 /.test(r)), 30_000, 100);
      await handle.stop();
      expect(w1.log).toContain('witness w1.witness.example: 409 old size 0, latest cosigned 12');
      expect(w1.log.some((line) => /^witness w1\.witness\.example: 422 inconsistent: the tree of 20 does not extend the tree of 12 cosigned/.test(line))).toBe(true);
      expect(await cosignedBy(b, 20)).toEqual([]);

      // Each history verifies on its own: without witnesses nothing shows.
      expect((await verifyLog(b, { publicKeys })).failures).toEqual([]);
      expect((await verifyLog(a, { publicKeys })).failures).toEqual([]);
      // Held to the witness, only the history it vouches for passes.
      expect((await verifyLog(a, { publicKeys, witnesses: [w1.vkey] })).failures).toEqual([]);
      expect((await verifyLog(b, { publicKeys, witnesses: [w1.vkey] })).failures).toEqual([
        'checkpoint tree_size 20: cosigned by 0 of the witnesses given, 1 needed: no quorum of witnesses vouches that this is the history everyone else sees']);
      // And so does npm run verify -- --witness.
      const cli = await new Promise<{ code: number; output: string }>((resolve) => execFile('npm', ['run', '--silent', 'verify', '--', '--witness', w1.vkey],
        { cwd: projectRoot, env: { ...process.env, DATABASE_URL: bDb.url } }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, output: stdout + stderr })));
      expect(cli.output).toMatch(/verify: NOT intact: checkpoint tree_size 20: cosigned by 0 of the witnesses given, 1 needed/);
      expect(cli.code).toBe(1);
      const cliA = await new Promise<{ code: number; output: string }>((resolve) => execFile('npm', ['run', '--silent', 'verify', '--', '--witness', w1.vkey],
        { cwd: projectRoot, env: { ...process.env, DATABASE_URL: aDb.url } }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, output: stdout + stderr })));
      expect(cliA.output).toMatch(/verify: intact: 12 events/);
      expect(cliA.code).toBe(0);
    } finally {
      await b.end();
    }
  });

  it('the sequencer, given witnesses, has each checkpoint it signs cosigned', async () => {
    const cDb = await createTestDatabase();
    databases.push(cDb);
    const w4 = await startGoWitness(bin, { name: 'w4.witness.example', seed: seed(4), logVkey });
    witnesses.push(w4);
    const sequencer = startSequencer({ databaseUrl: cDb.loginUrl('lib_event_sequencer'), signingKey: testSigningKey, origin,
      witnesses: [{ url: w4.url, vkey: w4.vkey }], onError: (error) => errors.push(error.message) });
    try {
      await cDb.admin.query('select from lib_events.create_many($1::jsonb)', [JSON.stringify(Array.from({ length: 6 }, (_, n) => varied(n)))]);
      expect(await sequencer.checkpoint(6)).toBe(6);
      const c = new pg.Client({ connectionString: cDb.url });
      await c.connect();
      try {
        await eventually('w4 cosigns the sequencer\'s checkpoint', async () => (await cosignedBy(c, 6)).includes('w4.witness.example'), 30_000, 100);
        expect((await verifyLog(c, { publicKeys, witnesses: [w4.vkey] })).failures).toEqual([]);
      } finally {
        await c.end();
      }
    } finally {
      await sequencer.stop();
    }
  });
});

/** The Ed25519 public key of a seed. */
async function edPublic(seedBytes: Buffer): Promise<Buffer> {
  const { createPrivateKey } = await import('node:crypto');
  const key = createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seedBytes]), format: 'der', type: 'pkcs8' });
  return Buffer.from(createPublicKey(key).export({ format: 'jwk' }).x as string, 'base64url');
}
