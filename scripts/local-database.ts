import { join } from 'node:path';
import { projectRoot } from './dbmate.ts';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { externalPostgres, serverUrl, type PostgresServer } from './postgres-server.ts';

/** The database lib_event lives in, on the server npm start runs. */
export const databaseName = 'lib_event';

/** Where npm start keeps its embedded PostgreSQL cluster between runs: LIB_EVENT_DATA_DIR, else .data/postgres. */
export function localDataDir(): string {
  return process.env.LIB_EVENT_DATA_DIR ?? join(projectRoot, '.data', 'postgres');
}

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
  await refuseIfInUse(localDataDir(), localPort());
  return startEmbeddedPostgres({ dataDir: localDataDir(), port: localPort() });
}

/** The parent of a process, from /proc (Linux); throws where there is none. */
export function parentPid(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
}

/** The command line of a running process, from /proc where there is one. */
function describeProcess(pid: number): string {
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    const parent = parentPid(pid);
    const parentCommand = parent > 1 ? readFileSync(`/proc/${parent}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ') : '';
    return `process ${pid} (${command.slice(0, 80)})${parentCommand ? `, started by process ${parent} (${parentCommand.slice(0, 80)})` : ', left running by an earlier npm start'}`;
  } catch {
    return `process ${pid}`;
  }
}

/** Whether a process exists (EPERM: it does, owned by another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * A second npm start on the same data directory or port would fail deep in
 * PostgreSQL's start-up: say plainly who holds them instead.
 */
async function refuseIfInUse(dataDir: string, port: number): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0 && isRunning(pid)) {
      throw new Error(`${dataDir} is in use by PostgreSQL ${describeProcess(pid)}. ` +
        `Stop that npm start (Ctrl-C, or kill ${pid}), or give a second one its own LIB_EVENT_DATA_DIR and LIB_EVENT_PG_PORT.`);
    }
  }
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE'
        ? new Error(`port ${port} on 127.0.0.1 is in use by another program: stop it, or set LIB_EVENT_PG_PORT to a free port.`)
        : error);
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
