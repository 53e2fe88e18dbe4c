import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import {
  findPostgrest,
  postgrestConfigFile,
  postgrestImage,
  postgrestReleaseUrl,
  startPostgrest,
} from '../../scripts/server/postgrest.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { anonRole, exposedSchema, preRequest } from '../support/postgrest-call.ts';

/** key = value lines of a PostgREST config file; quotes removed. */
function readConfig(path: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^\s*([a-z][a-z0-9.-]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) entries.set(match[1], match[2].replace(/^"(.*)"$/, '$1'));
  }
  return entries;
}

/**
 * The configuration keys PostgREST v16.2 reads: the parser in
 * src/library/PostgREST/Config.hs (aliases included). A key outside this
 * list is silently ignored by PostgREST, so a typo would go unnoticed.
 */
const postgrestKeys = new Set([
  'admin-server-host', 'admin-server-port', 'admin-server-unix-socket', 'admin-server-unix-socket-mode',
  'client-error-verbosity', 'db-aggregates-enabled', 'db-anon-role', 'db-channel', 'db-channel-enabled', 'db-config',
  'db-extra-search-path', 'db-hoisted-tx-settings', 'db-max-rows', 'db-plan-enabled', 'db-pool',
  'db-pool-acquisition-timeout', 'db-pool-automatic-recovery', 'db-pool-max-idletime', 'db-pool-max-lifetime',
  'db-pool-timeout', 'db-pre-config', 'db-pre-request', 'db-prepared-statements', 'db-root-spec', 'db-schema',
  'db-schemas', 'db-tx-end', 'db-uri', 'jwt-aud', 'jwt-cache-max-entries', 'jwt-role-claim-key', 'jwt-secret',
  'jwt-secret-is-base64', 'log-level', 'log-query', 'max-rows', 'openapi-mode', 'openapi-security-active',
  'openapi-server-proxy-uri', 'pre-request', 'role-claim-key', 'root-spec', 'secret-is-base64',
  'server-cors-allowed-origins', 'server-host', 'server-port', 'server-reuseport', 'server-timing-enabled',
  'server-trace-header', 'server-unix-socket', 'server-unix-socket-mode', 'url-use-legacy-target-names',
]);
/** Config.hs: the environment variable of a key is PGRST_ and the key upper-cased, dashes to underscores. */
const environmentName = (key: string) => `PGRST_${key.toUpperCase().replaceAll('-', '_')}`;

const config = readConfig(postgrestConfigFile);
const compose = readFileSync(join(projectRoot, 'docker-compose.yml'), 'utf8');
const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

describe('db/postgrest.conf', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('sets only keys PostgREST v16.2 reads', () => {
    expect([...config.keys()].filter((key) => !postgrestKeys.has(key))).toEqual([]);
  });

  it('configures what the SQL-level tests assume PostgREST does', () => {
    expect(config.get('db-schemas')).toBe(exposedSchema);
    expect(config.get('db-anon-role')).toBe(anonRole);
    expect(config.get('db-pre-request')).toBe(preRequest);
  });

  it('names database objects that the migrations create', async () => {
    const { rows } = await db.admin.query<{ pre_request: string | null; root_spec: string | null; anon: boolean }>(
      `select to_regprocedure($1 || '()')::text as pre_request,
              to_regprocedure($2 || '()')::text as root_spec,
              exists (select from pg_roles where rolname = $3) as anon`,
      [config.get('db-pre-request'), config.get('db-root-spec'), config.get('db-anon-role')],
    );
    expect(rows[0]).toEqual({ pre_request: 'lib_event.check_request()', root_spec: 'lib_events.openapi()', anon: true });
  });

  it('keeps the connection string, and so the password, out of the file', () => {
    expect(config.has('db-uri')).toBe(false);
  });

  it('enables the admin server on a host `postgrest --ready` can reach, apart from the API port', () => {
    expect(config.get('admin-server-host')).toBe('localhost');
    expect(Number(config.get('admin-server-port'))).toBeGreaterThan(0);
    expect(config.get('admin-server-port')).not.toBe(config.get('server-port'));
  });

  it('keeps no LISTEN connection, so /ready checks the request pool; compose has PostgREST reload its schema after migrating instead', () => {
    expect(config.get('db-channel-enabled')).toBe('false');
    const services = compose.split(/\n  (?=[a-z-]+:\n)/);
    const service = (name: string) => services.find((text) => text.startsWith(`${name}:`)) as string;
    // A one-shot per PostgREST, after the password job (itself after the migration job), in its process namespace: SIGUSR1 to process 1.
    for (const [reload, postgrest] of [['schema-reload', 'postgrest'], ['schema-reload-replica', 'postgrest-replica']] as const) {
      expect(service(reload), reload).toContain(`pid: "service:${postgrest}"`);
      expect(service(reload), reload).toMatch(new RegExp(`${postgrest}:\\n\\s+condition: service_healthy`));
      expect(service(reload), reload).toMatch(/authenticator:\n\s+condition: service_completed_successfully/);
      expect(service(reload), reload).toContain('kill -USR1 1');
      expect(service(postgrest), postgrest).toContain('command: ["/bin/postgrest", "/etc/postgrest/postgrest.conf"]');
      expect(service(postgrest), postgrest).toContain('"--ready"');
    }
    expect(readFileSync(join(projectRoot, 'scripts', 'access', 'set-passwords.ts'), 'utf8')).not.toContain('notify pgrst');
  });
});

describe('docker-compose.yml', () => {
  it('sets only PGRST_* variables that name a key PostgREST v16.2 reads', () => {
    const variables = [...compose.matchAll(/\b(PGRST_[A-Z_]+):/g)].map((m) => m[1]);
    expect(variables.length).toBeGreaterThan(0);
    const known = new Set([...postgrestKeys].map(environmentName));
    expect(variables.filter((name) => !known.has(name as string))).toEqual([]);
  });

  it('runs the pinned PostgREST image with this config file', () => {
    expect(compose).toContain(`image: ${postgrestImage}\n`);
    expect(compose).toContain('./db/postgrest.conf:/etc/postgrest/postgrest.conf:ro');
    expect(compose).toContain('command: ["/bin/postgrest", "/etc/postgrest/postgrest.conf"]');
  });

  it('migrates with the dbmate image of the npm package version, and PostgreSQL 17', () => {
    expect(compose).toContain(`image: ghcr.io/amacneil/dbmate:${packageJson.devDependencies.dbmate}\n`);
    expect(compose).toContain('image: postgres:17\n');
  });
});

describe('startPostgrest without a PostgREST binary', () => {
  const saved = { bin: process.env.POSTGREST_BIN, path: process.env.PATH };
  const scratch = mkdtempSync(join(tmpdir(), 'lib_event-postgrest-'));
  afterEach(() => {
    process.env.PATH = saved.path;
    if (saved.bin === undefined) delete process.env.POSTGREST_BIN;
    else process.env.POSTGREST_BIN = saved.bin;
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('ignores a POSTGREST_BIN that is not executable, and says how to get PostgREST', async () => {
    const notExecutable = join(scratch, 'postgrest');
    writeFileSync(notExecutable, 'not a program');
    chmodSync(notExecutable, 0o644);
    process.env.POSTGREST_BIN = notExecutable;
    expect(findPostgrest()).toBeUndefined();

    const result = await startPostgrest({ authenticatorUrl: 'postgres://unused@127.0.0.1/unused' });
    expect(result).toEqual({ unavailable: expect.stringContaining(notExecutable) });
    const reason = (result as { unavailable: string }).unavailable;
    expect(reason).toContain(postgrestReleaseUrl);
    expect(reason).toContain('docker compose up');
  });

  it('finds `postgrest` on PATH when POSTGREST_BIN is not set', () => {
    const dir = mkdtempSync(join(scratch, 'bin-'));
    delete process.env.POSTGREST_BIN;
    process.env.PATH = dir;
    expect(findPostgrest()).toBeUndefined();

    const binary = join(dir, 'postgrest');
    writeFileSync(binary, '#!/bin/sh\n');
    chmodSync(binary, 0o755);
    expect(findPostgrest()).toBe(binary);
  });
});
