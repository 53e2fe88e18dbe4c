import pg from 'pg';
import { authenticatorPassword, authenticatorRole } from './authenticator.ts';
import { migrate } from './dbmate.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { externalPostgres, type PostgresServer } from './postgres-server.ts';

export interface ScratchDatabase {
  server: PostgresServer;
  /** Superuser connection string to the migrated database. */
  url: string;
  /** Drop the database, and stop the server if it was started here. */
  drop(): Promise<void>;
}

/**
 * A freshly migrated lib_event database for one run (the tests' template,
 * code generation, the benchmark): on DATABASE_URL's server when set, else
 * on an embedded PostgreSQL 17 in a temporary directory. The authenticator
 * gets its password, as npm start gives it.
 */
export async function createScratchDatabase(name: string): Promise<ScratchDatabase> {
  const server = process.env.DATABASE_URL ? externalPostgres(process.env.DATABASE_URL) : await startEmbeddedPostgres();
  const maintenance = new pg.Client({ connectionString: server.url('postgres') });
  try {
    await maintenance.connect();
    await maintenance.query(`drop database if exists ${name} with (force)`);
    await migrate(server.url(name));
    await maintenance.query(`alter role ${authenticatorRole} password ${maintenance.escapeLiteral(authenticatorPassword())}`);
  } catch (error) {
    await maintenance.end().catch(() => {});
    await server.stop();
    throw error;
  }
  return {
    server,
    url: server.url(name),
    async drop() {
      await maintenance.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await maintenance.end();
      await server.stop();
    },
  };
}
