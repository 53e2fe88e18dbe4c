import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { startEmbeddedPostgres } from '../../scripts/database/embedded-postgres.ts';
import { composePasswords } from '../../scripts/access/compose-env.ts';
import { credentialsFile, generatePassword, loginUrl, setPassword } from '../../scripts/database/login-secrets.ts';
import type { PostgresServer } from '../../scripts/database/postgres-server.ts';

// A server of its own: login roles belong to the whole server, and this one
// must start with lib_event's roles never given a password.
const tsx = join(projectRoot, 'node_modules', '.bin', 'tsx');
let server: PostgresServer;
let databaseUrl: string;
let credentials: string;

beforeAll(async () => {
  server = await startEmbeddedPostgres();
  databaseUrl = server.url('lib_event');
  credentials = mkdtempSync(join(tmpdir(), 'lib_event-credentials-'));
  // credentialsFile() below reads where the commands keep them.
  process.env.LIB_EVENT_CREDENTIALS_DIR = credentials;
});
afterAll(async () => {
  await server.stop();
  rmSync(credentials, { recursive: true, force: true });
});

/** The environment of a command run by an operator who configured no password. */
function environment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.AUTHENTICATOR_PASSWORD;
  delete env.RELAY_PASSWORD;
  return {
    ...env,
    DATABASE_URL: databaseUrl,
    LIB_EVENT_CREDENTIALS_DIR: credentials,
    LIB_EVENT_SIGNING_KEY_FILE: join(credentials, 'ed25519.pem'),
    LIB_EVENT_NOTIFY_MODE: 'relay',
    POSTGREST_BIN: '/nonexistent/postgrest',
    ...extra,
  };
}

/** npm start until it is ready, then SIGTERM; its whole output. */
async function startOnce(env = environment()): Promise<string> {
  const child = spawn(tsx, [join(projectRoot, 'scripts', 'server', 'start.ts')], { cwd: projectRoot, env });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (let waited = 0; waited < 60_000 && !output.includes('npm run key:create') && child.exitCode === null; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGTERM');
  await exited;
  return output;
}

/** Whether the role can log in with this password. */
async function canLogIn(role: string, password: string): Promise<true | string> {
  const client = new pg.Client({ connectionString: loginUrl(databaseUrl, role, password) });
  try {
    await client.connect();
    return true;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const storedPasswords = () =>
  Object.fromEntries(readFileSync(credentialsFile(databaseUrl), 'utf8').trim().split('\n').map((line) => line.split('=') as [string, string]));

describe('npm start against DATABASE_URL with no password configured', () => {
  let first: string;
  beforeAll(async () => {
    first = await startOnce();
  });

  it('generates a password for each login role, says so in one line, and never prints it', () => {
    expect(first).toMatch(/lib_event is ready/);
    const { AUTHENTICATOR_PASSWORD, RELAY_PASSWORD } = storedPasswords();
    expect(AUTHENTICATOR_PASSWORD).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(RELAY_PASSWORD).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first).toMatch(/lib_event_authenticator: new random password, kept in .*-credentials-.*\.env \(readable by you alone\)/);
    expect(first).toMatch(/lib_event_relay: new random password, kept in/);
    expect(first).not.toContain(AUTHENTICATOR_PASSWORD);
    expect(first).not.toContain(RELAY_PASSWORD);
  });

  it('keeps them in a file only its owner can read', () => {
    expect(statSync(credentialsFile(databaseUrl)).mode & 0o777).toBe(0o600);
    expect(statSync(credentials).mode & 0o077).toBe(0);
  });

  it('leaves no login role with a well-known password', async () => {
    expect(await canLogIn('lib_event_authenticator', 'authenticator')).toBe('28P01');
    expect(await canLogIn('lib_event_relay', 'relay')).toBe('28P01');
    expect(await canLogIn('lib_event_authenticator', storedPasswords().AUTHENTICATOR_PASSWORD as string)).toBe(true);
    expect(await canLogIn('lib_event_relay', storedPasswords().RELAY_PASSWORD as string)).toBe(true);
  });

  it('keeps the same passwords across a restart', async () => {
    const before = storedPasswords();
    const second = await startOnce();
    expect(second).toMatch(/lib_event_authenticator: password kept in/);
    expect(storedPasswords()).toEqual(before);
    expect(await canLogIn('lib_event_authenticator', before.AUTHENTICATOR_PASSWORD as string)).toBe(true);
  });

  it('refuses to take over a password it does not know, and says how to go on', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'lib_event-credentials-'));
    try {
      const output = await startOnce(environment({ LIB_EVENT_CREDENTIALS_DIR: elsewhere }));
      expect(output).toMatch(/lib_event_authenticator already has a password/);
      expect(output).toMatch(/AUTHENTICATOR_PASSWORD/);
      expect(output).toMatch(/password:rotate/);
      expect(output).not.toMatch(/lib_event is ready/);
      expect(await canLogIn('lib_event_authenticator', storedPasswords().AUTHENTICATOR_PASSWORD as string)).toBe(true);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('rotates a password only when asked, with npm run password:rotate', async () => {
    const before = storedPasswords().AUTHENTICATOR_PASSWORD as string;
    const { stdout } = await promisify(execFile)(tsx, [join(projectRoot, 'scripts', 'access', 'password.ts'), 'rotate', '--role', 'lib_event_authenticator'], {
      cwd: projectRoot,
      env: environment(),
    });
    expect(stdout).toMatch(/lib_event_authenticator: password replaced, kept in .*; restart what logs in as lib_event_authenticator/);
    const after = storedPasswords().AUTHENTICATOR_PASSWORD as string;
    expect(after).not.toBe(before);
    expect(stdout).not.toContain(after);
    expect(await canLogIn('lib_event_authenticator', before)).toBe('28P01');
    expect(await canLogIn('lib_event_authenticator', after)).toBe(true);
  });

  it('sends a password to the server as its SCRAM-SHA-256 verifier, never as itself', async () => {
    const admin = new pg.Client({ connectionString: server.url('postgres') });
    await admin.connect();
    try {
      const password = generatePassword();
      const sent: string[] = [];
      // The real server answers; what it was sent is kept to look at.
      const recording = {
        query: ((text: string, values?: unknown[]) => {
          sent.push(JSON.stringify([text, values ?? []]));
          return admin.query(text, values);
        }) as pg.ClientBase['query'],
      };
      await setPassword(recording, 'lib_event_relay', password);
      expect(sent.join('\n')).not.toContain(password);
      const { rows } = await admin.query<{ stored: string }>(
        `select rolpassword as stored from pg_authid where rolname = 'lib_event_relay'`);
      expect(rows[0]?.stored).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
      expect(sent.join('\n')).toContain(rows[0]?.stored);
      expect(await canLogIn('lib_event_relay', password)).toBe(true);
      expect(await canLogIn('lib_event_relay', `${password}x`)).toBe('28P01');
    } finally {
      // The credentials file still holds the relay's password: put it back.
      await setPassword(admin, 'lib_event_relay', storedPasswords().RELAY_PASSWORD as string);
      await admin.end();
    }
  });

  it('uses a password given in the environment', async () => {
    const output = await startOnce(environment({ AUTHENTICATOR_PASSWORD: 'given-by-the-operator-0123456789' }));
    expect(output).toMatch(/lib_event_authenticator: password from AUTHENTICATOR_PASSWORD/);
    expect(await canLogIn('lib_event_authenticator', 'given-by-the-operator-0123456789')).toBe(true);
  });
});

describe('npm run compose:env', () => {
  it('writes the passwords compose requires, random, readable by you alone, and never replaces one', async () => {
    const file = join(credentials, 'compose.env');
    const run = () => promisify(execFile)(tsx, [join(projectRoot, 'scripts', 'access', 'compose-env.ts'), '--file', file], { cwd: projectRoot });
    expect((await run()).stdout).toContain(`added ${composePasswords.join(', ')}`);
    const first = readFileSync(file, 'utf8');
    expect(first).toMatch(new RegExp(`^${composePasswords.map((name) => `${name}=[A-Za-z0-9_-]{32}\\n`).join('')}$`));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await run()).stdout).toMatch(/nothing changed/);
    expect(readFileSync(file, 'utf8')).toBe(first);
  });
});

describe('the embedded development server', () => {
  it('listens on loopback only', async () => {
    const client = new pg.Client({ connectionString: server.url('postgres') });
    await client.connect();
    try {
      expect((await client.query<{ listen_addresses: string }>('show listen_addresses')).rows[0]?.listen_addresses).toBe('localhost');
    } finally {
      await client.end();
    }
  });
});

describe('docker-compose.yml', () => {
  it('gives no password a default', () => {
    const compose = readFileSync(join(projectRoot, 'docker-compose.yml'), 'utf8');
    expect(compose).not.toMatch(/PASSWORD:-/);
    for (const name of composePasswords) expect(compose).toContain(`\${${name}:?`);
    // .ci/compose-check refuses a start without each of the same passwords.
    const check = readFileSync(join(projectRoot, '.ci', 'compose-check'), 'utf8');
    expect(/^passwords=\((.*)\)$/m.exec(check)?.[1]?.split(' ')).toEqual(composePasswords);
  });
});
