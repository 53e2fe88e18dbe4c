import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../scripts/dbmate.ts';
import { startEmbeddedPostgres } from '../scripts/embedded-postgres.ts';
import { externalPostgres, type PostgresServer } from '../scripts/postgres-server.ts';
import { authenticatorPassword } from '../scripts/authenticator.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser connection string to the server's maintenance database. */
    serverUrl: string;
    /** A migrated database each test file clones. */
    templateDatabase: string;
  }
}

/**
 * One PostgreSQL for the whole run: DATABASE_URL when set, else an embedded
 * PostgreSQL 17 in a temporary directory. The migrations are applied once,
 * with dbmate, to a template database that test files clone.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server: PostgresServer = process.env.DATABASE_URL
    ? externalPostgres(process.env.DATABASE_URL)
    : await startEmbeddedPostgres();
  const templateDatabase = `lib_event_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: server.url('postgres') });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${templateDatabase}`);
    await migrate(server.url(templateDatabase));
    await admin.query(`alter role lib_event_authenticator password '${authenticatorPassword().replaceAll("'", "''")}'`);
  } catch (error) {
    await admin.end();
    await server.stop();
    throw error;
  }
  project.provide('serverUrl', server.url('postgres'));
  project.provide('templateDatabase', templateDatabase);
  return async () => {
    await admin.query(`drop database if exists ${templateDatabase} with (force)`);
    await admin.end();
    await server.stop();
  };
}
