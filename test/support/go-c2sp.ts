import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { projectRoot } from '../../scripts/database/dbmate.ts';

/**
 * The Go program of test/go/c2sp: lib_event's notes, proofs, bundles and
 * tiles checked by Go's golang.org/x/mod/sumdb/note and .../tlog, and a test
 * witness. Built once per test file, without the network: GO111MODULE=off
 * against Debian's golang-golang-x-mod-dev in /usr/share/gocode (.ci/run
 * installs golang-go and it when missing).
 */
const run = promisify(execFile);
const gocode = '/usr/share/gocode';

export type GoProgram = { available: true; bin: string } | { available: false; missing: string };

/** Why the Go checks cannot run here, in one line; undefined when they can. */
async function goMissing(): Promise<string | undefined> {
  try {
    await run('go', ['version']);
  } catch {
    return 'no go command (Debian package golang-go)';
  }
  if (!existsSync(join(gocode, 'src/golang.org/x/mod/sumdb/note'))) return `no golang.org/x/mod in ${gocode} (Debian package golang-golang-x-mod-dev)`;
  return undefined;
}

export const goEnvironment = { ...process.env, GO111MODULE: 'off', GOPATH: gocode, GOFLAGS: '' };

/** Build test/go/c2sp; `missing` says what is absent when Go is not installed. */
export async function buildGoProgram(): Promise<GoProgram> {
  const missing = await goMissing();
  if (missing) return { available: false, missing };
  const bin = join(mkdtempSync(join(tmpdir(), 'lib_event-go-')), 'c2sp');
  await run('go', ['build', '-o', bin, './test/go/c2sp'], { cwd: projectRoot, env: goEnvironment });
  return { available: true, bin };
}

/** Run one check; resolves with its exit code, its JSON line (when it held) and its stderr. */
export async function goCheck<T = Record<string, unknown>>(bin: string, args: string[]): Promise<{ code: number; result?: T; stderr: string }> {
  try {
    const { stdout, stderr } = await run(bin, args, { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, result: JSON.parse(stdout) as T, stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stderr: failed.stderr ?? String(error) };
  }
}

export interface GoWitness {
  url: string;
  vkey: string;
  /** What it said about each request (stderr). */
  log: string[];
  stop(): Promise<void>;
}

/** Start the test witness (c2sp.org/tlog-witness) for one log; `seed` makes its key. */
export async function startGoWitness(bin: string, options: { name: string; seed: Buffer; logVkey: string; listen?: string }): Promise<GoWitness> {
  const child: ChildProcess = spawn(bin, ['witness', '-name', options.name, '-seed', options.seed.toString('hex'), '-log-vkey', options.logVkey,
    '-listen', options.listen ?? '127.0.0.1:0'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => log.push(line));
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the witness exited (${code}): ${log.join('\n')}`)));
  });
  const { url, vkey } = JSON.parse(first) as { url: string; vkey: string };
  return {
    url, vkey, log,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
