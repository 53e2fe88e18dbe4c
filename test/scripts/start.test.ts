import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/dbmate.ts';
import { freePort } from '../../scripts/postgres-server.ts';

// npm start on an embedded PostgreSQL of its own, as an operator runs it.
let scratch: string;
let environment: NodeJS.ProcessEnv;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'lib_event-start-'));
  environment = {
    ...process.env,
    LIB_EVENT_DATA_DIR: join(scratch, 'postgres'),
    LIB_EVENT_PG_PORT: String(await freePort()),
    LIB_EVENT_CREDENTIALS_DIR: join(scratch, 'credentials'),
    POSTGREST_BIN: '/nonexistent/postgrest',
  };
  delete environment.DATABASE_URL;
  delete environment.AUTHENTICATOR_PASSWORD;
  delete environment.RELAY_PASSWORD;
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `npm start`, its output collected. */
function npmStart(): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn('npm', ['start'], { cwd: projectRoot, env: environment });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Processes whose command line names the data directory: PostgreSQL's. */
function processesHolding(dataDir: string): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir) ? [Number(pid)] : [];
    } catch {
      return [];
    }
  });
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

describe('npm start', () => {
  it('refuses a second instance on the same data directory, naming the process that holds it', async () => {
    const first = npmStart();
    try {
      expect(await until(() => first.output().includes('lib_event is ready'), 60_000)).toBe(true);
      const second = npmStart();
      const code = await second.exited;
      expect(code).not.toBe(0);
      expect(second.output()).toMatch(/postgres is in use by PostgreSQL process \d+/);
      expect(second.output()).not.toMatch(/TypeError/);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });

  it('stops PostgreSQL and every child when SIGTERM is sent to npm, leaving nothing running', async () => {
    const dataDir = environment.LIB_EVENT_DATA_DIR as string;
    expect(await until(() => processesHolding(dataDir).length === 0, 20_000)).toBe(true);
    const started = npmStart();
    expect(await until(() => started.output().includes('lib_event is ready'), 60_000)).toBe(true);
    expect(processesHolding(dataDir).length).toBeGreaterThan(0);
    started.child.kill('SIGTERM');
    await started.exited;
    expect(await until(() => processesHolding(dataDir).length === 0, 20_000)).toBe(true);
  });
});

describe('every command', () => {
  it.each([
    ['start'], ['relay'], ['bridge'], ['key:create'], ['password:rotate'], ['bench'], ['generate'], ['db:migrate'], ['compose:env'],
  ])('npm run %s -- --help prints its usage and succeeds; an unknown option fails with a one-line usage', async (script) => {
    const run = (args: string[]) => new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: projectRoot, env: environment });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => resolve({ code, output }));
    });
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/^Usage: npm /m);
    const unknown = await run(['--no-such-option']);
    expect(unknown.code).toBe(2);
    expect(unknown.output.trim().split('\n')).toHaveLength(1);
    expect(unknown.output).toMatch(/Unknown option '--no-such-option'.*Usage: npm/);
  });

  it('names DATABASE_URL when it cannot reach the database, and fails', async () => {
    const port = await freePort();
    const child = spawn('npm', ['run', '--silent', 'db:migrate'], {
      cwd: projectRoot,
      env: { ...environment, DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/none?sslmode=disable` },
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/DATABASE_URL/);
  });
});
