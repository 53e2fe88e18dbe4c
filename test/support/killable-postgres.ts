import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../scripts/database/dbmate.ts';
import { startEmbeddedPostgres } from '../../scripts/database/embedded-postgres.ts';
import { freePort, type PostgresServer } from '../../scripts/database/postgres-server.ts';

export interface KillablePostgres {
  /** The migrated database lib_event, as the superuser. */
  url: string;
  /** Its data directory. */
  dataDir: string;
  /** kill -9 the postmaster and every backend at once, as a crash would. */
  kill(): void;
  /** Start it again on the same port and data: crash recovery runs. */
  restart(): Promise<void>;
  /** Stop it and delete its data. */
  remove(): Promise<void>;
}

/** A PostgreSQL of its own (embedded 17, kept data directory, fixed port) for tests that crash the server. */
export async function startKillablePostgres(): Promise<KillablePostgres> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lib_event-kill-'));
  rmSync(dataDir, { recursive: true });
  const port = await freePort();
  let server: PostgresServer = await startEmbeddedPostgres({ dataDir, port });
  // A killed server is not stopped again: its process has gone, and waiting for its exit would never end.
  let killed = false;
  const url = server.url('lib_event');
  await migrate(url);
  return {
    url,
    dataDir,
    kill() {
      const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      execFileSync('pkill', ['-9', '-P', String(postmaster)]);
      process.kill(postmaster, 'SIGKILL');
      killed = true;
    },
    async restart() {
      server = await startEmbeddedPostgres({ dataDir, port });
      killed = false;
    },
    async remove() {
      if (!killed) await server.stop().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
