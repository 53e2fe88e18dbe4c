import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { freePort } from '../../scripts/database/postgres-server.ts';
import { portFree } from './kill-postgres.ts';
import { until } from './until.ts';

/** A command started by a test, its output collected as it comes. */
export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * The environment of an `npm start` a test runs, as an operator's own
 * installation would be: its data, credentials and signing key under
 * `scratch`, and nothing of the caller's (no DATABASE_URL, passwords or
 * broker). `extra` adds to it or overrides it.
 */
export function npmStartEnvironment(scratch: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    LIB_EVENT_DATA_DIR: join(scratch, 'postgres'),
    LIB_EVENT_CREDENTIALS_DIR: join(scratch, 'credentials'),
    LIB_EVENT_SIGNING_KEY_FILE: join(scratch, 'signing', 'ed25519.pem'),
  };
  for (const name of ['DATABASE_URL', 'AUTHENTICATOR_PASSWORD', 'RELAY_PASSWORD', 'INGEST_PASSWORD', 'AMQP_URL']) delete environment[name];
  return { ...environment, ...extra };
}

/** Free ports for PostgreSQL, and for PostgREST's API with its admin server on the port after it. */
export async function npmStartPorts(): Promise<{ pgPort: number; apiPort: number }> {
  const pgPort = await freePort();
  let apiPort = await freePort();
  while (apiPort === pgPort || apiPort + 1 === pgPort || !(await portFree(apiPort + 1))) apiPort = await freePort();
  return { pgPort, apiPort };
}

/** Run a command from the project's root and collect what it prints; `detached`: in a process group of its own, as in a terminal. */
export function startCollecting(command: string, args: string[], env: NodeJS.ProcessEnv, detached = false): Started {
  const child = spawn(command, args, { cwd: projectRoot, env, detached });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** `npm start` in a process group of its own; resolves once it says it is ready, and throws with its output if it ends first or takes over `timeoutMs`. */
export async function npmStartReady(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Started> {
  const started = startCollecting('npm', ['start'], env, true);
  await until(() => started.output().includes('lib_event is ready') || started.child.exitCode !== null, timeoutMs);
  if (!started.output().includes('lib_event is ready')) {
    if (started.child.exitCode === null) process.kill(-(started.child.pid as number), 'SIGKILL');
    throw new Error(`npm start was not ready within ${timeoutMs / 1000} s:\n${started.output()}`);
  }
  return started;
}
