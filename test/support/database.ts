import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { authenticatorLogin, ingestLogin, loginUrl, relayLogin } from '../../scripts/login-secrets.ts';
import { externalPostgres } from '../../scripts/postgres-server.ts';

export interface TestDatabase {
  /** Superuser connection string to this database. */
  url: string;
  /** Superuser connections: set-up, inspection, direct SQL. */
  admin: pg.Pool;
  /** Connections as lib_event_authenticator: the way PostgREST connects. */
  authenticator: pg.Pool;
  /** Connection string as lib_event_relay. */
  relayUrl: string;
  /** Connection string as lib_event_ingest. */
  ingestUrl: string;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated template; drop it in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = externalPostgres(inject('serverUrl'));
  const name = `lib_event_test_${randomBytes(6).toString('hex')}`;
  const maintenance = new pg.Client({ connectionString: server.url('postgres') });
  await maintenance.connect();
  await maintenance.query(`create database ${name} template ${inject('templateDatabase')}`);
  const url = server.url(name);
  const admin = new pg.Pool({ connectionString: url, max: 4 });
  const authenticator = new pg.Pool({
    connectionString: loginUrl(url, authenticatorLogin.role, inject('authenticatorPassword')),
    max: 20,
  });
  // Dropping the database ends idle connections still closing; that is expected.
  for (const pool of [admin, authenticator]) pool.on('error', () => {});
  return {
    url,
    admin,
    authenticator,
    relayUrl: loginUrl(url, relayLogin.role, inject('relayPassword')),
    ingestUrl: loginUrl(url, ingestLogin.role, inject('ingestPassword')),
    async drop() {
      await Promise.all([admin.end(), authenticator.end()]);
      await maintenance.query(`drop database ${name} with (force)`);
      await maintenance.end();
    },
  };
}
