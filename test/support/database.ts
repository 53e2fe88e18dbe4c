import { generateKeyPairSync, randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { authenticatorLogin, ingestLogin, loginUrl, relayLogin, sequencerLogin } from '../../scripts/database/login-secrets.ts';
import { externalPostgres } from '../../scripts/database/postgres-server.ts';
import { startSequencer, type SequencerHandle } from '../../scripts/log/sequencer.ts';
import { signingKeyFromPem, type SigningKey } from '../../scripts/log/signing-key.ts';

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
  /** Connection string as any login role of lib_event (scripts/database/login-secrets.ts). */
  loginUrl(role: string): string;
  /** The sequencer running on it, when asked for (createTestDatabase({ sequencer: true })). */
  sequencer?: SequencerHandle;
  /** Wait until the sequencer has placed every event committed so far (follow hands out only those). */
  placed(): Promise<void>;
  drop(): Promise<void>;
}

/** This test process's checkpoint signing key. */
export const testSigningKey: SigningKey = signingKeyFromPem(
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());

/**
 * A fresh database cloned from the migrated template; drop it in afterAll.
 * With `sequencer: true` a sequencer runs on it, as npm start runs one:
 * lib_events.follow hands out only events the sequencer has placed.
 */
export async function createTestDatabase(options: { sequencer?: boolean } = {}): Promise<TestDatabase> {
  const server = externalPostgres(inject('serverUrl'));
  const name = `lib_event_test_${randomBytes(6).toString('hex')}`;
  const maintenance = new pg.Client({ connectionString: server.url('postgres') });
  await maintenance.connect();
  await maintenance.query(`create database ${name} template ${inject('templateDatabase')}`);
  const url = server.url(name);
  const admin = new pg.Pool({ connectionString: url, max: 4 });
  // CREATE DATABASE ... TEMPLATE copies no database privileges: take TEMP
  // and CONNECT from PUBLIC as the migration did on the template.
  await admin.query('select lib_event.restrict_database_access()');
  const authenticator = new pg.Pool({
    connectionString: loginUrl(url, authenticatorLogin.role, inject('authenticatorPassword')),
    max: 20,
  });
  // Dropping the database ends idle connections still closing; that is expected.
  for (const pool of [admin, authenticator]) pool.on('error', () => {});
  // The sequencer logs in as its own role, as npm start and compose run it.
  const sequencerUrl = loginUrl(url, sequencerLogin.role, inject('loginPasswords')[sequencerLogin.role] as string);
  const sequencer = options.sequencer ? startSequencer({ databaseUrl: sequencerUrl, signingKey: testSigningKey }) : undefined;
  return {
    ...(sequencer ? { sequencer } : {}),
    async placed() {
      if (!sequencer) throw new Error('placed(): this test database runs no sequencer (createTestDatabase({ sequencer: true }))');
      const { rows: [recorded] } = await admin.query<{ n: number }>('select count(*)::int as n from lib_event.event');
      await sequencer.checkpoint(recorded?.n ?? 0);
    },
    url,
    admin,
    authenticator,
    relayUrl: loginUrl(url, relayLogin.role, inject('relayPassword')),
    ingestUrl: loginUrl(url, ingestLogin.role, inject('ingestPassword')),
    loginUrl: (role) => loginUrl(url, role, inject('loginPasswords')[role] as string),
    async drop() {
      await sequencer?.stop();
      await Promise.all([admin.end(), authenticator.end()]);
      await maintenance.query(`drop database ${name} with (force)`);
      await maintenance.end();
    },
  };
}
