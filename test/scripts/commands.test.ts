import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { maskedUrl } from '../../scripts/database/login-secrets.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { rpc } from '../support/postgrest-call.ts';

const tsx = join(projectRoot, 'node_modules', '.bin', 'tsx');
const run = promisify(execFile);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

/** Run a command of scripts/ against the test database, as `npm run ...` would. */
function command(script: string, ...args: string[]) {
  return commandWith({}, script, ...args);
}

/** The same, with more environment. */
function commandWith(env: NodeJS.ProcessEnv, script: string, ...args: string[]) {
  return run(tsx, [join(projectRoot, 'scripts', script), ...args], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: db.url, POSTGREST_BIN: '', PATH: process.env.PATH, ...env },
  });
}

describe('npm run key:create / key:revoke', () => {
  it('prints a working key once, and revoking it shuts it out', async () => {
    const created = await command('access/key.ts', 'create', '--name', 'billing', '--role', 'producer');
    const key = /^(lek_[0-9a-f]{64})$/m.exec(created.stdout)?.[1];
    expect(key).toBeDefined();
    expect(created.stdout).toMatch(/shown only this once/);
    expect((await rpc(db.authenticator, 'create', { event_type: 'iam.user.created' }, { apiKey: key })).status).toBe(200);

    const revoked = await command('access/key.ts', 'revoke', '--name', 'billing');
    expect(revoked.stdout).toMatch(/Revoked 1 active key/);
    expect((await rpc(db.authenticator, 'create', { event_type: 'iam.user.created' }, { apiKey: key })).status).toBe(401);
  });

  it('gives the erase right with --erase, which key:list shows, and refuses it to a producer key', async () => {
    const created = await command('access/key.ts', 'create', '--name', 'privacy-office', '--role', 'reader', '--erase');
    expect(created.stdout).toMatch(/^Created a reader key for privacy-office \(id [0-9a-f-]{36}, scope all, with the erase right\)\.$/m);
    const key = /^(lek_[0-9a-f]{64})$/m.exec(created.stdout)?.[1];
    const erased = await rpc(db.authenticator, 'erase', { reason: 'why', partition_key: 'nobody:0' }, { apiKey: key });
    // Allowed to erase: refused only because nothing matches.
    expect((erased.body as { code: string }).code).toBe('LE092');
    const listed = await command('access/key.ts', 'list');
    const line = listed.stdout.split('\n').find((text) => text.includes('privacy-office'));
    expect(line).toMatch(/│ 'erase'\s+│$/);
    await expect(command('access/key.ts', 'create', '--name', 'billing', '--role', 'producer', '--erase')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/a producer key cannot have the erase right/),
    });
  });

  it('refuses a bad role with the database error and a failing exit code', async () => {
    await expect(command('access/key.ts', 'create', '--name', 'billing', '--role', 'admin')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/access 'admin' is not allowed/),
    });
  });

  it('explains its usage when arguments are missing', async () => {
    await expect(command('access/key.ts', 'create', '--name', 'billing')).rejects.toMatchObject({
      stderr: expect.stringMatching(/--name and --role/),
    });
  });
});

describe('npm run erase', () => {
  it('says it still runs while its one transaction has not committed, then prints its result', async () => {
    await db.admin.query(`select from lib_events.create('crm.contact.updated', payload => '{"email": "c@example.com"}', headers => '{"subject": "user:97"}')`);
    // Another session holds the event's row: the erase waits for it.
    const holder = await db.admin.connect();
    try {
      await holder.query('begin');
      await holder.query(`select from lib_event.event where headers ->> 'subject' = 'user:97' for update`);
      const erasing = commandWith({ LIB_EVENT_PROGRESS_EVERY_MS: '200' }, 'erasure/erase.ts', '--reason', 'request 9', '--header', '{"subject": "user:97"}');
      const child = erasing.child;
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      for (let waited = 0; waited < 30_000 && !stderr.includes('still running'); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stderr).toMatch(/^erase: still running after \d+ s \(one transaction: its count comes when it commits\)$/m);
      await holder.query('commit');
      const erased = await erasing;
      expect(erased.stdout).toMatch(/^erase: 1 events erased/m);
    } finally {
      await holder.query('rollback').catch(() => {});
      holder.release();
    }
  });

  it('erases a subject by header value and says what it recorded; refuses a missing reason or a bad header', async () => {
    await db.admin.query(`select from lib_events.create_many($1::jsonb)`, [JSON.stringify([
      { event_type: 'crm.customer.updated', payload: { email: 'a@example.com' }, headers: { subject: 'user:99' } },
      { event_type: 'crm.customer.updated', payload: { email: 'b@example.com' }, headers: { subject: 'user:98' } }])]);
    const erased = await command('erasure/erase.ts', '--reason', 'request 7', '--header', '{"subject": "user:99"}');
    expect(erased.stdout).toMatch(/^erase: 1 events erased \(0 of them only in archive files, 0 recorded before salted leaves\), 0 deferred payloads, 0 idempotency records; recorded as event [0-9a-f-]{36}$/m);
    const { rows } = await db.admin.query<{ payload: unknown }>(`select payload from lib_event.event where event_type = 'crm.customer.updated' order by headers ? 'subject'`);
    expect(rows.map((row) => row.payload)).toEqual([null, { email: 'b@example.com' }]);
    await expect(command('erasure/erase.ts', '--header', '{"subject": "user:98"}')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--reason is required/) });
    await expect(command('erasure/erase.ts', '--reason', 'x', '--header', 'user:98')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/is not JSON/) });
    await expect(command('erasure/erase.ts', '--reason', 'x')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/exactly one non-empty selector/) });
  });
});

describe('npm run restore', () => {
  /** npm run restore, as an operator runs it; its exit code and everything it printed. */
  const restore = (...args: string[]) => new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'restore', '--', ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: db.url } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });

  it('names the file that is missing and what it expected there, in one line, and fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lib_event-restore-'));
    try {
      const manifest = join(dir, 'event_2024_03.manifest.json');
      const cases: [string[], string][] = [
        [['--partition', 'event_2024_03', '--dir', dir], `restore: ${manifest} does not exist: expected the <partition>.manifest.json npm run archive writes beside its Parquet file`],
        [['--manifest', join(dir, 'nowhere.json')], `restore: ${join(dir, 'nowhere.json')} does not exist: expected the <partition>.manifest.json`],
      ];
      for (const [args, said] of cases) {
        const { code, output } = await restore(...args);
        expect(code, output).toBe(1);
        expect(output.trim().split('\n')).toEqual([expect.stringContaining(said)]);
        expect(output).not.toMatch(/ENOENT|at .*\.ts:\d+/);
      }
      // A manifest whose Parquet file is gone, and one that is not JSON.
      writeFileSync(manifest, JSON.stringify({ format: 'lib_event.partition-archive/1', partition: 'event_2024_03', file: 'event_2024_03.parquet' }));
      const noFile = await restore('--manifest', manifest);
      expect(noFile.code).toBe(1);
      expect(noFile.output.trim()).toBe(`restore: ${join(dir, 'event_2024_03.parquet')} does not exist: ${manifest} names it as the archive's Parquet file, expected beside the manifest; nothing was restored`);
      writeFileSync(manifest, 'PAR1');
      const notJson = await restore('--manifest', manifest);
      expect(notJson.code).toBe(1);
      expect(notJson.output.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^restore: ${manifest} is not the <partition>\\.manifest\\.json npm run archive writes`))]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm start', () => {
  it('migrates, serves the SQL API, and says in one paragraph how to get PostgREST when it is missing', async () => {
    const child = spawn(tsx, [join(projectRoot, 'scripts', 'server', 'start.ts')], {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        POSTGREST_BIN: '/nonexistent/postgrest',
        AUTHENTICATOR_PASSWORD: inject('authenticatorPassword'),
        // The run's server already gave these logins passwords (test/global-setup.ts).
        SEQUENCER_PASSWORD: inject('loginPasswords').lib_event_sequencer,
        MAINTENANCE_PASSWORD: inject('loginPasswords').lib_event_maintenance,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      for (let waited = 0; waited < 60_000 && !output.includes('npm run key:create'); waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(output).toMatch(/lib_event is ready/);
      expect(output).toMatch(/PostgREST is not available: POSTGREST_BIN is set to \/nonexistent\/postgrest/);
      expect(output).toMatch(/docker compose up/);
      expect(output).toMatch(/select \* from lib_events\.create\('billing\.invoice\.paid'/);
      expect(output).toContain(maskedUrl(db.url));
      expect(output).toMatch(/lib_event_authenticator: password from AUTHENTICATOR_PASSWORD/);
      expect(output).not.toContain(inject('authenticatorPassword'));
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
