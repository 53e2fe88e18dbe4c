import { join } from 'node:path';
import { projectRoot } from './dbmate.ts';
import { externalPostgres, serverUrl, type PostgresServer } from './postgres-server.ts';

/** The database lib_event lives in, on the server npm start runs. */
export const databaseName = 'lib_event';

/** Where npm start keeps its embedded PostgreSQL cluster between runs. */
export const localDataDir = join(projectRoot, '.data', 'postgres');

export function localPort(): number {
  return Number(process.env.LIB_EVENT_PG_PORT ?? 54320);
}

/**
 * The connection string of lib_event's database, as a role allowed to run
 * migrations and manage keys: DATABASE_URL when set, else the embedded
 * server npm start runs.
 */
export function adminUrl(): string {
  return process.env.DATABASE_URL ?? serverUrl('127.0.0.1', localPort(), 'postgres', 'postgres', databaseName);
}

/** Start (or reuse, with DATABASE_URL) the server npm start serves from. */
export async function startLocalServer(): Promise<PostgresServer> {
  if (process.env.DATABASE_URL) return externalPostgres(process.env.DATABASE_URL);
  // Loaded only here: the key and migrate commands never start a server.
  const { startEmbeddedPostgres } = await import('./embedded-postgres.ts');
  return startEmbeddedPostgres({ dataDir: localDataDir, port: localPort() });
}
