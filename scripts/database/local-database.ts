import { join } from 'node:path';
import { projectRoot } from './dbmate.ts';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { externalPostgres, serverUrl, type PostgresServer } from './postgres-server.ts';
import { commandLine, isRunning, isStartScript, npmStartProcess, parentPid } from './processes.ts';

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

/**
 * Start (or reuse, with DATABASE_URL) the server npm start serves from. The
 * embedded one says when it exits (`exited`), and `restart` starts it again
 * on the same data: PostgreSQL's crash recovery runs first.
 */
export async function startLocalServer(): Promise<PostgresServer & { exited?: Promise<string>; restart?: () => Promise<PostgresServer & { exited: Promise<string> }> }> {
  if (process.env.DATABASE_URL) return externalPostgres(process.env.DATABASE_URL);
  // Loaded only here: the key and migrate commands never start a server.
  const { startEmbeddedPostgres } = await import('./embedded-postgres.ts');
  await refuseIfInUse(localDataDir(), localPort());
  const restart = () => startEmbeddedPostgres({ dataDir: localDataDir(), port: localPort() });
  return { ...(await restart()), restart };
}

/**
 * Who holds a data directory, and what to stop: the npm start whose
 * PostgreSQL is `pid` (npm itself, which hands the signal on), else
 * PostgreSQL alone, left running by an npm start that is gone.
 */
function describeHolder(pid: number): { holder: string; stop: number } {
  let parent: number | undefined;
  try {
    parent = parentPid(pid);
  } catch {
    parent = undefined;
  }
  if (parent !== undefined && isStartScript(parent)) {
    const start = npmStartProcess(parent);
    return { holder: `npm start, process ${start.pid} (${start.command.slice(0, 80)}), whose PostgreSQL is process ${pid}`, stop: start.pid };
  }
  const started = parent !== undefined && parent > 1 ? `, started by process ${parent} (${commandLine(parent).slice(0, 80)})` : ', left running by an earlier npm start';
  return { holder: `PostgreSQL process ${pid} (${commandLine(pid).slice(0, 80)})${started}`, stop: pid };
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
      const { holder, stop } = describeHolder(pid);
      throw new Error(`${dataDir} is in use by ${holder}. ` +
        `Stop it (Ctrl-C where it runs, or kill ${stop}), or give a second npm start its own LIB_EVENT_DATA_DIR and LIB_EVENT_PG_PORT.`);
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
