import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate } from '../../../scripts/database/dbmate.ts';
import { authenticatorLogin, generatePassword, loginUrl, setPassword } from '../../../scripts/database/login-secrets.ts';
import { freePort, serverUrl } from '../../../scripts/database/postgres-server.ts';
import {
  findPostgrest,
  postgrestConfigFile,
  postgrestImage,
  startPostgrest,
} from '../../../scripts/server/postgrest.ts';
import { startSequencer } from '../../../scripts/log/sequencer.ts';
import { createTestDatabase, testSigningKey, type TestDatabase } from '../../support/database.ts';

/** A PostgREST serving a migrated lib_event database, and a way into that database. */
export interface PostgrestUnderTest {
  /** Base URL of the API, without a trailing slash. */
  url: string;
  /** Superuser connections to the database PostgREST serves: issue keys, inspect. */
  admin: pg.Pool;
  /** Its connection string, for the commands an operator or auditor runs against it (npm run verify). */
  databaseUrl: string;
  /** Its admin server (/live, /ready, /metrics), where this suite started PostgREST itself. */
  adminUrl?: string;
  stop(): Promise<void>;
}

/** PGRST_* variables that configure one PostgREST on top of db/postgrest.conf. */
export type PostgrestEnvironment = Record<string, string>;

export type PostgrestSource =
  | { available: true; name: string; start(environment?: PostgrestEnvironment): Promise<PostgrestUnderTest> }
  | { available: false; missing: string };

/**
 * Where the HTTP suites get PostgREST, first that works:
 * 1. a Docker engine: postgres:17 and the pinned PostgREST image from testcontainers;
 * 2. a local PostgREST binary (POSTGREST_BIN or PATH) on the test run's PostgreSQL;
 * 3. POSTGREST_URL: an instance already running, with DATABASE_URL naming the
 *    database it serves (the suites issue their own API keys there).
 * Otherwise `missing` says, in one line, what is absent.
 */
export async function choosePostgrest(): Promise<PostgrestSource> {
  const notes: string[] = [];

  const docker = await dockerSource();
  if (docker.available) return docker;
  notes.push(docker.missing);

  const binary = findPostgrest();
  if (binary) return { available: true, name: `local PostgREST binary (${binary})`, start: startLocalBinary };
  notes.push(process.env.POSTGREST_BIN ? `POSTGREST_BIN=${process.env.POSTGREST_BIN} is not executable` : 'no PostgREST binary (POSTGREST_BIN or postgrest on PATH)');

  const postgrestUrl = process.env.POSTGREST_URL;
  const databaseUrl = process.env.DATABASE_URL;
  if (postgrestUrl && databaseUrl) {
    return { available: true, name: `POSTGREST_URL=${postgrestUrl}`, start: (environment) => startExternal(postgrestUrl, databaseUrl, environment) };
  }
  notes.push(postgrestUrl ? 'POSTGREST_URL is set but DATABASE_URL (the database it serves) is not' : 'no POSTGREST_URL');

  return { available: false, missing: notes.join(', ') };
}

/** Whether a Docker engine seems to be set up here, to tell "none" from "not working". */
function dockerEngineConfigured(): boolean {
  if (process.env.DOCKER_HOST || process.env.TESTCONTAINERS_HOST_OVERRIDE) return true;
  const home = homedir();
  const candidates = [
    '/var/run/docker.sock',
    join(home, '.docker', 'run', 'docker.sock'),
    join(home, '.docker', 'desktop', 'docker.sock'),
    join(home, '.colima', 'default', 'docker.sock'),
    join(home, '.rd', 'docker.sock'),
    join(home, '.testcontainers.properties'),
  ];
  if (process.env.XDG_RUNTIME_DIR) candidates.push(join(process.env.XDG_RUNTIME_DIR, 'docker.sock'));
  return candidates.some((path) => existsSync(path));
}

async function dockerSource(): Promise<PostgrestSource> {
  try {
    // testcontainers knows every way an engine can be found (DOCKER_HOST,
    // Docker contexts, Desktop, rootless, Podman, ~/.testcontainers.properties).
    const testcontainers = await import('testcontainers');
    await testcontainers.getContainerRuntimeClient();
  } catch (error) {
    return dockerEngineConfigured()
      ? { available: false, missing: `Docker engine not usable (${(error as Error).message})` }
      : { available: false, missing: 'no Docker engine' };
  }
  return { available: true, name: `testcontainers (postgres:17, ${postgrestImage})`, start: startWithTestcontainers };
}

/** Where the config file goes in the container (the same place as in docker-compose.yml). */
const containerConfigPath = '/etc/postgrest/postgrest.conf';

async function startWithTestcontainers(environment: PostgrestEnvironment = {}): Promise<PostgrestUnderTest> {
  const { GenericContainer, Network, Wait } = await import('testcontainers');
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');

  const network = await new Network().start();
  const postgres = await new PostgreSqlContainer('postgres:17')
    .withNetwork(network)
    .withNetworkAliases('db')
    .withDatabase('lib_event')
    .withUsername('postgres')
    .withPassword('postgres')
    .start();
  const url = serverUrl(postgres.getHost(), postgres.getPort(), 'postgres', 'postgres', 'lib_event');

  // Migrations from the host, through the mapped port, exactly as in development.
  await migrate(url);
  const admin = new pg.Pool({ connectionString: url, max: 4 });
  // A throwaway server of its own: a random password, known to this process only.
  const password = generatePassword();
  await setPassword(admin, authenticatorLogin.role, password);
  // Placing events and signing checkpoints, as npm start and compose do.
  const sequencer = startSequencer({ databaseUrl: url, signingKey: testSigningKey });

  const inNetwork = new URL(loginUrl(serverUrl('db', 5432, 'postgres', 'postgres', 'lib_event'), authenticatorLogin.role, password));
  const postgrest = await new GenericContainer(postgrestImage)
    .withNetwork(network)
    .withCopyFilesToContainer([{ source: postgrestConfigFile, target: containerConfigPath, mode: 0o644 }])
    // The image's only program; the config file is its one argument.
    .withCommand(['/bin/postgrest', containerConfigPath])
    .withEnvironment({ ...environment, PGRST_DB_URI: inNetwork.toString() })
    .withExposedPorts(3000)
    // The image has no shell: `postgrest --ready` asks the admin server's /ready.
    .withHealthCheck({
      test: ['CMD', '/bin/postgrest', '--ready', containerConfigPath],
      interval: 1_000,
      timeout: 3_000,
      retries: 60,
      startPeriod: 1_000,
    })
    .withWaitStrategy(Wait.forHealthCheck())
    .withStartupTimeout(120_000)
    .start();

  return {
    url: `http://${postgrest.getHost()}:${postgrest.getMappedPort(3000)}`,
    admin,
    databaseUrl: url,
    async stop() {
      await postgrest.stop();
      await sequencer.stop();
      await admin.end();
      await postgres.stop();
      await network.stop();
    },
  };
}

/**
 * The local PostgREST binary on a test database, on free ports; stop() stops
 * PostgREST alone. The database is the caller's to drop, also when this throws.
 */
export async function startLocalPostgrest(
  database: TestDatabase, environment: PostgrestEnvironment = {},
): Promise<{ url: string; adminUrl: string; stop(): Promise<void> }> {
  // Two free ports taken one after the other may be the same one.
  const port = await freePort();
  let adminPort = await freePort();
  while (adminPort === port) adminPort = await freePort();
  const started = await startPostgrest({
    authenticatorUrl: loginUrl(database.url, authenticatorLogin.role, inject('authenticatorPassword')),
    port,
    adminPort,
    environment,
  });
  if ('unavailable' in started) throw new Error(started.unavailable);
  return started;
}

async function startLocalBinary(environment: PostgrestEnvironment = {}): Promise<PostgrestUnderTest> {
  // A database cloned from the run's migrated template; the global setup has
  // already given the authenticator its password.
  const database = await createTestDatabase({ sequencer: true });
  const started = await startLocalPostgrest(database, environment).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  return {
    url: started.url,
    admin: database.admin,
    databaseUrl: database.url,
    adminUrl: started.adminUrl,
    async stop() {
      await started.stop();
      await database.drop();
    },
  };
}

async function startExternal(postgrestUrl: string, databaseUrl: string, environment: PostgrestEnvironment = {}): Promise<PostgrestUnderTest> {
  if (Object.keys(environment).length > 0) {
    throw new Error(`POSTGREST_URL names a PostgREST already running, which these tests cannot configure (${Object.keys(environment).join(', ')}); use POSTGREST_BIN or Docker`);
  }
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  return {
    url: postgrestUrl.replace(/\/+$/, ''),
    admin,
    databaseUrl,
    async stop() {
      await admin.end();
    },
  };
}

