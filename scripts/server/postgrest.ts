import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { projectRoot } from '../database/dbmate.ts';
import { apiAnswers } from './api-probe.ts';

/**
 * The pinned PostgREST version. Docker uses the image of the same tag
 * (docker-compose.yml, the HTTP test suites); a local binary should be this
 * release. Why this version: see the header of db/postgrest.conf.
 */
export const postgrestVersion = '16.2';
export const postgrestImage = `postgrest/postgrest:v${postgrestVersion}`;
export const postgrestReleaseUrl = `https://github.com/PostgREST/postgrest/releases/tag/v${postgrestVersion}`;

/** The one PostgREST configuration file, shared with docker compose. */
export const postgrestConfigFile = join(projectRoot, 'db', 'postgrest.conf');

export interface StartedPostgrest {
  /** Base URL of the API, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Base URL of its admin server (/live, /ready, /metrics), e.g. http://127.0.0.1:3001 */
  adminUrl: string;
  /** Resolves with how the process ended ("code 1", "signal SIGKILL"), whoever ended it. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** POSTGREST_BIN when it names an executable, else `postgrest` on PATH, else undefined. */
export function findPostgrest(): string | undefined {
  const configured = process.env.POSTGREST_BIN;
  if (configured) return isExecutableFile(configured) ? configured : undefined;
  const names = process.platform === 'win32' ? ['postgrest.exe', 'postgrest'] : ['postgrest'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The version a PostgREST binary reports (`postgrest --version`), or undefined if it cannot tell. */
export function postgrestBinaryVersion(binary: string): string | undefined {
  try {
    const output = execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return /(\d+\.\d+(?:\.\d+)?)/.exec(output)?.[1];
  } catch {
    return undefined;
  }
}

/** One paragraph saying how to get PostgREST, for when no binary is found. */
export function postgrestUnavailableReason(): string {
  const configured = process.env.POSTGREST_BIN;
  const where = configured
    ? `POSTGREST_BIN is set to ${configured}, which is not an executable file`
    : 'no `postgrest` executable is on PATH and POSTGREST_BIN is not set';
  return (
    `PostgREST is not available: ${where}. ` +
    `Download the PostgREST v${postgrestVersion} release for your platform from ${postgrestReleaseUrl} ` +
    `(for Linux x86-64: postgrest-v${postgrestVersion}-linux-static-x86-64.tar.xz), unpack it, and put \`postgrest\` on PATH ` +
    `or set POSTGREST_BIN to its path; or run the whole stack with \`npm run compose:env && docker compose up\`, ` +
    `which serves the API on http://localhost:3000.`
  );
}

const readyTimeoutMs = 30_000;

/**
 * Start PostgREST with db/postgrest.conf, connected as the authenticator.
 * The config file's values are overridden through PGRST_* environment
 * variables (documented to take precedence over the file): the connection
 * string, and the ports and hosts of the API and the admin server (127.0.0.1).
 * Resolves once requests succeed (apiAnswers); rejects with PostgREST's own
 * output when it exits or is not ready in time.
 */
export async function startPostgrest(options: {
  authenticatorUrl: string;
  port?: number;
  adminPort?: number;
  /** More PGRST_* variables: settings of this instance on top of db/postgrest.conf. */
  environment?: Record<string, string>;
}): Promise<StartedPostgrest | { unavailable: string }> {
  const binary = findPostgrest();
  if (!binary) return { unavailable: postgrestUnavailableReason() };

  const version = postgrestBinaryVersion(binary);
  if (version !== postgrestVersion) {
    console.warn(
      `warning: ${binary} reports PostgREST ${version ?? '(unknown version)'}, but lib_event is pinned to ` +
        `v${postgrestVersion} (${postgrestReleaseUrl}); continuing with it.`,
    );
  }

  const port = options.port ?? 3000;
  const adminPort = options.adminPort ?? port + 1;
  const host = '127.0.0.1';
  const child = spawn(binary, [postgrestConfigFile], {
    cwd: projectRoot,
    env: {
      ...process.env,
      ...options.environment,
      PGRST_DB_URI: options.authenticatorUrl,
      PGRST_SERVER_HOST: host,
      PGRST_SERVER_PORT: String(port),
      PGRST_ADMIN_SERVER_HOST: host,
      PGRST_ADMIN_SERVER_PORT: String(adminPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      output.push(line);
      if (output.length > 50) output.shift();
      if (process.env.LIB_EVENT_POSTGREST_LOG) console.error(`[postgrest] ${line}`);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let spawnError: Error | undefined;
  let ending = 'no exit code';
  child.once('exit', (code, signal) => {
    ending = signal ? `signal ${signal}` : `code ${code}`;
  });
  const exited = new Promise<number | null>((resolve) => {
    // 'close' rather than 'exit': its output has been read by then.
    child.once('close', (code) => resolve(code));
    // Spawning itself failed (not executable, ...): there will be no 'exit'.
    child.once('error', (error) => {
      spawnError = error;
      resolve(null);
    });
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (spawnError || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitUntilReady(child, exited, `http://${host}:${adminPort}`, `http://${host}:${port}`);
  } catch (error) {
    await stop();
    if (spawnError) throw new Error(`could not run ${binary}: ${spawnError.message}`);
    const log = output.length ? `\nPostgREST output:\n${output.join('\n')}` : '';
    throw new Error(`${(error as Error).message}${log}`);
  }
  // Exiting by itself, PostgREST says why last; a signal's reason is the signal.
  const lastLine = () => (child.signalCode === null && output.length ? `; its last output: ${output[output.length - 1]}` : '');
  return { url: `http://${host}:${port}`, adminUrl: `http://${host}:${adminPort}`, exited: exited.then(() => `${ending}${lastLine()}`), stop };
}

async function waitUntilReady(child: ChildProcess, exited: Promise<number | null>, adminUrl: string, apiUrl: string): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined || child.exitCode !== null) {
      throw new Error(`PostgREST exited (code ${exitCode ?? child.exitCode}) before it was ready`);
    }
    const answer = await apiAnswers(apiUrl, adminUrl);
    if (answer.ok) return;
    lastProblem = answer.problem;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`PostgREST was not ready after ${readyTimeoutMs / 1000} s (${lastProblem})`);
}
