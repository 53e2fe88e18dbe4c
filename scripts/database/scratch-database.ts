import pg from 'pg';
import { migrate } from './dbmate.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import {
  authenticatorLogin, ensureLoginPassword, generatePassword, ingestLogin, loginRoles, loginUrl, relayLogin, setPassword, type LoginRole,
} from './login-secrets.ts';
import { externalPostgres, type PostgresServer } from './postgres-server.ts';

export interface ScratchDatabase {
  server: PostgresServer;
  /** Superuser connection string to the migrated database. */
  url: string;
  /** The same database as lib_event_authenticator, as PostgREST connects. */
  authenticatorUrl: string;
  /** The same database as lib_event_relay. */
  relayUrl: string;
  /** The same database as lib_event_ingest. */
  ingestUrl: string;
  /** Every login role's password on this server, by role. */
  loginPasswords: Record<string, string>;
  /** Drop the database, and stop the server if it was started here. */
  drop(): Promise<void>;
}

/**
 * A freshly migrated lib_event database for one run (the tests' template,
 * code generation, the benchmark): on DATABASE_URL's server when set, else
 * on an embedded PostgreSQL 17 in a temporary directory. The login roles
 * get their passwords: random ones on the throwaway server, on DATABASE_URL's
 * the ones npm start would use (scripts/database/login-secrets.ts). `settings` are set
 * on the database before the migrations run (ALTER DATABASE ... SET), e.g.
 * lib_event.partition_period.
 */
export async function createScratchDatabase(name: string, settings: Record<string, string> = {}): Promise<ScratchDatabase> {
  const server = process.env.DATABASE_URL ? externalPostgres(process.env.DATABASE_URL) : await startEmbeddedPostgres();
  const maintenance = new pg.Client({ connectionString: server.url('postgres') });
  const passwords = new Map<LoginRole, string>();
  try {
    await maintenance.connect();
    await maintenance.query(`drop database if exists ${name} with (force)`);
    await maintenance.query(`create database ${name}`);
    // Database settings the migrations read, such as the partitioning scheme.
    for (const [setting, value] of Object.entries(settings)) {
      await maintenance.query(`alter database ${name} set ${setting} = ${pg.escapeLiteral(value)}`);
    }
    await migrate(server.url(name));
    for (const login of loginRoles) {
      if (process.env.DATABASE_URL) {
        passwords.set(login, (await ensureLoginPassword(maintenance, server.url(name), login)).password);
      } else {
        const password = generatePassword();
        await setPassword(maintenance, login.role, password);
        passwords.set(login, password);
      }
    }
  } catch (error) {
    await maintenance.end().catch(() => {});
    await server.stop();
    throw error;
  }
  return {
    server,
    url: server.url(name),
    authenticatorUrl: loginUrl(server.url(name), authenticatorLogin.role, passwords.get(authenticatorLogin) as string),
    relayUrl: loginUrl(server.url(name), relayLogin.role, passwords.get(relayLogin) as string),
    ingestUrl: loginUrl(server.url(name), ingestLogin.role, passwords.get(ingestLogin) as string),
    loginPasswords: Object.fromEntries([...passwords].map(([login, password]) => [login.role, password])),
    async drop() {
      await maintenance.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await maintenance.end();
      await server.stop();
    },
  };
}
