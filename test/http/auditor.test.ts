import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { eventually } from '../support/eventually.ts';
import { describeHttp } from './support/describe-http.ts';
import { choosePostgrest } from './support/postgrest-provider.ts';

// What db/verifiable-log.md tells an auditor to keep: the public key from
// GET /log_keys and the checkpoints from GET /checkpoints, saved as the API
// answers them, then handed to npm run verify.

const source = await choosePostgrest();

describeHttp(source, 'An auditor\'s copies of GET /log_keys and GET /checkpoints, checked by npm run verify', (api) => {
  const run = randomBytes(4).toString('hex');
  let reader: IssuedKey;
  let dir: string;
  let keysBody: string;

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${api().url}${path}`, { headers: { 'X-Api-Key': reader.key, ...headers } });
    expect(response.status, `${path}: ${response.status}`).toBe(200);
    return response.text();
  };

  /** npm run verify against the database PostgREST serves, as an auditor runs it. */
  const verify = (...args: string[]) => new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'verify', '--', ...args], {
      cwd: projectRoot, env: { ...process.env, DATABASE_URL: api().databaseUrl },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });

  const save = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lib_event-auditor-'));
    reader = await issueKey(api().admin, `audit-${run}`, 'reader');
    const producer = await issueKey(api().admin, `billing-${run}`, 'producer');
    for (const invoice of ['INV-1', 'INV-2', 'INV-3']) {
      const response = await fetch(`${api().url}/rpc/create`, {
        method: 'POST',
        headers: { 'X-Api-Key': producer.key, 'Content-Type': 'application/json' },
        body: JSON.stringify({ event_type: 'billing.invoice.paid', payload: { invoice } }),
      });
      expect(response.status).toBe(200);
    }
    // A checkpoint covering every event recorded, asked for as a reader does.
    const { rows: [recorded] } = await api().admin.query<{ n: number }>('select count(*)::int as n from lib_event.event');
    await eventually('a checkpoint covers every event recorded', async () => {
      await fetch(`${api().url}/rpc/request_checkpoint`, { method: 'POST', headers: { 'X-Api-Key': reader.key } });
      return JSON.parse(await get(`/checkpoints?tree_size=gte.${recorded?.n}`)).length > 0;
    }, 60_000, 250);
    keysBody = await get('/log_keys');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('verify trusts the body of GET /log_keys saved to a file, as it trusts the PEM in it', async () => {
    const keys = save('log_keys.json', keysBody);
    const checkpoints = save('checkpoints.json', await get('/checkpoints'));
    const [row] = JSON.parse(keysBody) as { key_id: string; public_key: string }[];
    expect(row?.public_key).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    const withJson = await verify('--public-key', keys, '--checkpoints', checkpoints);
    expect(withJson.output).toMatch(/verify: intact: \d+ events, \d+ signed checkpoints/);
    expect(withJson.code).toBe(0);
    // One row, as PostgREST answers for a single object.
    const one = save('log_key.json', await get(`/log_keys?key_id=eq.${row?.key_id}`, { Accept: 'application/vnd.pgrst.object+json' }));
    expect((await verify('--public-key', one, '--checkpoints', checkpoints)).code).toBe(0);
    const pem = save('key.pem', row?.public_key as string);
    expect((await verify('--public-key', pem, '--checkpoints', checkpoints)).code).toBe(0);
  });

  it('refuses a saved key whose key_id was changed, and a file that holds no key, saying what it expects', async () => {
    const rows = JSON.parse(keysBody) as { key_id: string }[];
    const edited = save('edited.json', JSON.stringify(rows.map((row) => ({ ...row, key_id: '0000000000000000' }))));
    const changed = await verify('--public-key', edited);
    expect(changed.code).toBe(1);
    expect(changed.output).toMatch(/edited\.json, row 1 says key_id 0000000000000000, but its public_key has id [0-9a-f]{16}/);

    const checkpoints = save('not-keys.json', await get('/checkpoints'));
    const wrong = await verify('--public-key', checkpoints);
    expect(wrong.code).toBe(1);
    expect(wrong.output).toMatch(/not-keys\.json, row 1 has no public_key: expected an Ed25519 public key in PEM, or the JSON body of GET \/log_keys/);
    expect(wrong.output).not.toMatch(/DECODER|at .*\.ts:\d+/);

    const missing = await verify('--public-key', join(dir, 'nowhere.pem'));
    expect(missing.code).toBe(1);
    expect(missing.output.trim()).toMatch(/^verify: cannot read \S+nowhere\.pem \(no such file\): expected an Ed25519 public key/);
  });
});
