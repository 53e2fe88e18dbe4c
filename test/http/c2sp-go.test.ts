import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { eventually } from '../support/eventually.ts';
import { buildGoProgram, goCheck } from '../support/go-c2sp.ts';
import { describeHttp } from './support/describe-http.ts';
import { choosePostgrest } from './support/postgrest-provider.ts';

// What GET /checkpoints, GET /log_keys, /rpc/inclusion_proof and
// /rpc/consistency_proof serve, checked by Go's own implementation of signed
// notes and RFC 6962 proofs (golang.org/x/mod/sumdb/note, .../tlog), not ours;
// and the offline proof bundles (c2sp.org/tlog-proof) checked by Go and by
// npm run verify with nothing but the vkey.

/** npm run verify with no database to reach: what it checks, it checks offline. */
const verifyOffline = (...args: string[]) => new Promise<{ code: number; output: string }>((resolve) => {
  execFile('npm', ['run', '--silent', 'verify', '--', ...args],
    { cwd: projectRoot, env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none' } },
    (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }));
});

const source = await choosePostgrest();
const go = await buildGoProgram();

interface Checkpoint { tree_size: number; root_hash: string; note: string }
interface Inclusion { event__id: string; leaf_index: number; tree_size: number; leaf_hash: string; path: string[]; bundle: string | null }
interface Consistency { first_size: number; second_size: number; path: string[] }

if (!go.available) describe.skip(`Go checks of C2SP checkpoints and proofs: skipped, needs Go (${go.missing})`, () => it.skip('', () => {}));
else describeHttp(source, 'C2SP checkpoints and RFC 6962 proofs through PostgREST, checked by Go\'s sumdb/note and sumdb/tlog', (api) => {
  const run = randomBytes(4).toString('hex');
  let reader: IssuedKey;
  let dir: string;
  let vkey: string;
  let checkpoints: Checkpoint[];
  let ids: string[];
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${api().url}${path}`, { headers: { 'X-Api-Key': reader.key } });
    const body = await response.text();
    expect(response.status, `${path}: ${body}`).toBe(200);
    return JSON.parse(body) as T;
  };
  const noteFile = (c: Checkpoint) => {
    const file = join(dir, `checkpoint-${c.tree_size}`);
    writeFileSync(file, c.note);
    return file;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lib_event-go-'));
    reader = await issueKey(api().admin, `go-audit-${run}`, 'reader');
    const producer = await issueKey(api().admin, `go-billing-${run}`, 'producer');
    ids = [];
    // Three batches, a checkpoint after each, asked for as a reader does.
    for (const size of [3, 4, 6]) {
      for (let n = 0; n < size; n += 1) {
        const response = await fetch(`${api().url}/rpc/create`, {
          method: 'POST', headers: { 'X-Api-Key': producer.key, 'Content-Type': 'application/json' },
          body: JSON.stringify({ event_type: 'billing.invoice.paid', payload: { n, run } }),
        });
        expect(response.status).toBe(200);
        ids.push((await response.json() as { event__id: string }).event__id);
      }
      const { rows: [recorded] } = await api().admin.query<{ n: number }>('select count(*)::int as n from lib_event.event');
      await eventually('a checkpoint covers every event recorded', async () => {
        await fetch(`${api().url}/rpc/request_checkpoint`, { method: 'POST', headers: { 'X-Api-Key': reader.key } });
        return (await get<Checkpoint[]>(`/checkpoints?tree_size=gte.${recorded?.n}`)).length > 0;
      }, 60_000, 250);
    }
    vkey = (await get<{ vkey: string }[]>('/log_keys'))[0]?.vkey as string;
    checkpoints = await get<Checkpoint[]>('/checkpoints?order=tree_size&note=not.is.null');
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every note of GET /checkpoints opens with the vkey of GET /log_keys, and says the size and root the row says', async () => {
    expect(checkpoints.length).toBeGreaterThanOrEqual(3);
    for (const c of checkpoints) {
      const opened = await goCheck(go.bin, ['note', '-vkey', vkey, noteFile(c)]);
      expect(opened.stderr).toBe('');
      expect(opened.result).toMatchObject({ tree_size: c.tree_size, root_hash: c.root_hash, signers: [vkey.split('+')[0]] });
    }
    // Another key, or a changed note, is refused.
    const [first] = checkpoints as [Checkpoint];
    const stranger = vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+');
    expect((await goCheck(go.bin, ['note', '-vkey', stranger, noteFile(first)])).code).toBe(1);
    writeFileSync(join(dir, 'changed'), first.note.replace(/\n(\d+)\n/, (_, n: string) => `\n${Number(n) + 1}\n`));
    expect((await goCheck(go.bin, ['note', '-vkey', vkey, join(dir, 'changed')])).stderr).toMatch(/note does not open/);
  });

  it('inclusion proofs of /rpc/inclusion_proof hold by tlog.CheckRecord against every checkpoint that holds the event', async () => {
    let checked = 0;
    for (const c of checkpoints) {
      for (const id of ids.slice(0, c.tree_size)) {
        const proof = await get<Inclusion>(`/rpc/inclusion_proof?event__id=${id}&tree_size=${c.tree_size}`);
        const args = ['inclusion', '-vkey', vkey, '-note', noteFile(c), '-index', String(proof.leaf_index), '-leaf', proof.leaf_hash, '-path', proof.path.join(',')];
        expect((await goCheck(go.bin, args)).result).toMatchObject({ included: true, tree_size: c.tree_size });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
    // Another leaf at that index proves nothing.
    const last = checkpoints.at(-1) as Checkpoint;
    const proof = await get<Inclusion>(`/rpc/inclusion_proof?event__id=${ids[0]}&tree_size=${last.tree_size}`);
    const other = await get<Inclusion>(`/rpc/inclusion_proof?event__id=${ids[1]}&tree_size=${last.tree_size}`);
    const wrong = await goCheck(go.bin, ['inclusion', '-vkey', vkey, '-note', noteFile(last), '-index', '0', '-leaf', other.leaf_hash, '-path', proof.path.join(',')]);
    expect(wrong.stderr).toMatch(/leaf 0 is not proven/);
  });

  it('consistency proofs of /rpc/consistency_proof hold by tlog.CheckTree between every pair of checkpoints', async () => {
    for (const older of checkpoints) {
      for (const newer of checkpoints.filter((c) => c.tree_size > older.tree_size)) {
        const proof = await get<Consistency>(`/rpc/consistency_proof?first_size=${older.tree_size}&second_size=${newer.tree_size}`);
        const checked = await goCheck(go.bin, ['consistency', '-vkey', vkey, '-old', noteFile(older), '-new', noteFile(newer), '-path', proof.path.join(',')]);
        expect(checked.result).toMatchObject({ consistent: true, first_size: older.tree_size, second_size: newer.tree_size });
        // Not the other way round, nor with a path cut short.
        if (proof.path.length > 1) {
          const cut = await goCheck(go.bin, ['consistency', '-vkey', vkey, '-old', noteFile(older), '-new', noteFile(newer), '-path', proof.path.slice(1).join(',')]);
          expect(cut.code).toBe(1);
        }
      }
    }
  });

  it('GET /rpc/inclusion_proof hands out a tlog-proof bundle that Go and npm run verify check offline with the vkey alone', async () => {
    const last = checkpoints.at(-1) as Checkpoint;
    writeFileSync(join(dir, 'vkey'), `${vkey}\n`);
    for (const id of [ids[0], ids[5], ids.at(-1)] as string[]) {
      const proof = await get<Inclusion>(`/rpc/inclusion_proof?event__id=${id}`);
      expect(proof.tree_size).toBe(last.tree_size);
      const bundle = proof.bundle as string;
      expect(bundle.split('\n').slice(0, 3)).toEqual(['c2sp.org/tlog-proof@v1', `extra ${Buffer.from(proof.leaf_hash, 'hex').toString('base64')}`, `index ${proof.leaf_index}`]);
      expect(bundle.endsWith(last.note)).toBe(true);
      writeFileSync(join(dir, 'bundle'), bundle);
      writeFileSync(join(dir, 'proof.json'), JSON.stringify(proof));
      const byGo = await goCheck(go.bin, ['bundle', '-vkey', vkey, '-leaf', proof.leaf_hash, join(dir, 'bundle')]);
      expect(byGo.result).toMatchObject({ index: proof.leaf_index, tree_size: last.tree_size, root_hash: last.root_hash });
      const byVerify = await verifyOffline('--proof', join(dir, 'bundle'), '--public-key', join(dir, 'vkey'));
      expect(byVerify.output).toMatch(new RegExp(`leaf ${proof.leaf_hash} is at leaf ${proof.leaf_index} of the tree of ${last.tree_size} events signed by `));
      expect(byVerify.code).toBe(0);
    }
    // The saved body of the API, with the body of GET /log_keys as the key file.
    writeFileSync(join(dir, 'log_keys.json'), JSON.stringify(await get('/log_keys')));
    const body = await verifyOffline('--proof', join(dir, 'proof.json'), '--public-key', join(dir, 'log_keys.json'));
    expect(body.output).toMatch(/verify: event [0-9a-f-]{36} \(leaf [0-9a-f]{64}\) is at leaf/);
    expect(body.code).toBe(0);
    // A bundle moved to another index, or with a changed checkpoint, fails for both.
    const moved = (await get<Inclusion>(`/rpc/inclusion_proof?event__id=${ids[0]}`)).bundle?.replace(/\nindex 0\n/, '\nindex 1\n') as string;
    writeFileSync(join(dir, 'moved'), moved);
    expect((await goCheck(go.bin, ['bundle', '-vkey', vkey, join(dir, 'moved')])).stderr).toMatch(/leaf 1 is not proven/);
    const refused = await verifyOffline('--proof', join(dir, 'moved'), '--public-key', join(dir, 'vkey'));
    expect(refused.output).toMatch(/verify: proof fails: leaf [0-9a-f]{64} is not proven at index 1/);
    expect(refused.code).toBe(1);
    const stranger = await verifyOffline('--proof', join(dir, 'bundle'), '--public-key', join(dir, 'log_keys.json'), '--witness',
      'witness.example/w1+24b5d9fe+BP0XJDhaoMdbZPt4zWAvodmR/ev3axPFjtcC6sg16fYY');
    expect(stranger.code).toBe(1);
  });
});
