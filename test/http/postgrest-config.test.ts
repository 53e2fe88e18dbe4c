import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/dbmate.ts';
import {
  findPostgrest,
  postgrestConfigFile,
  postgrestImage,
  postgrestReleaseUrl,
  startPostgrest,
} from '../../scripts/postgrest.ts';
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

const config = readConfig(postgrestConfigFile);
const compose = readFileSync(join(projectRoot, 'docker-compose.yml'), 'utf8');
const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

describe('db/postgrest.conf', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

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

  it('listens for NOTIFY pgrst, which docker compose sends after migrating', () => {
    expect(config.get('db-channel-enabled')).toBe('true');
    expect(config.get('db-channel')).toBe('pgrst');
    expect(compose).toContain("notify pgrst, 'reload schema';");
  });
});

describe('docker-compose.yml', () => {
  it('runs the pinned PostgREST image with this config file', () => {
    expect(compose).toContain(`image: ${postgrestImage}\n`);
    expect(compose).toContain('./db/postgrest.conf:/etc/postgrest/postgrest.conf:ro');
    expect(compose).toContain('command: ["/bin/postgrest", "/etc/postgrest/postgrest.conf"]');
  });

  it('migrates with the dbmate image of the npm package version, and PostgreSQL 17', () => {
    expect(compose).toContain(`image: ghcr.io/amacneil/dbmate:${packageJson.dependencies.dbmate}\n`);
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
