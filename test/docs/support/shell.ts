import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpAnswer } from './shapes.ts';

export interface ShellResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run a documentation block's text with bash, as a reader pastes it into a
 * shell (`set -euo pipefail`, so an unset variable or a failing command
 * fails the block), with `env` beside the test's own environment.
 */
export function runBash(text: string, options: { env: Record<string, string>; cwd: string; timeoutMs?: number }): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `set -euo pipefail\n${text}`], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * `curl` as the documentation's examples call it, with two differences the
 * examples cannot see: `localhost:3000` leads to the PostgREST under test
 * (curl's own --connect-to: the URL and Host header stay as written), and
 * each call's response head and output are kept for the test to check. The
 * reader's ~/.curlrc is not read (-q).
 */
export class CurlCalls {
  private readonly dir = mkdtempSync(join(tmpdir(), 'lib_event-doc-curl-'));
  private readonly calls = join(this.dir, 'calls');

  constructor(target: { host: string; port: number }) {
    const realCurl = execFileSync('bash', ['-c', 'command -v curl || true'], { encoding: 'utf8' }).trim();
    if (!realCurl) throw new Error('curl is not on PATH: the documentation\'s examples call it (Debian: apt-get install curl)');
    mkdirSync(join(this.dir, 'bin'));
    const shim = join(this.dir, 'bin', 'curl');
    writeFileSync(shim, `#!/usr/bin/env bash
set -o pipefail
calls=${JSON.stringify(this.calls)}
n=$(( $(cat "$calls/count" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$calls/count"
${JSON.stringify(realCurl)} -q --max-time 30 --connect-to ${JSON.stringify(`localhost:3000:${target.host}:${target.port}`)} \\
  --dump-header "$calls/$n.head" "$@" | tee "$calls/$n.out"
`);
    chmodSync(shim, 0o755);
    mkdirSync(this.workDir);
  }

  /** An empty directory for the examples to run in. */
  get workDir(): string {
    return join(this.dir, 'work');
  }

  /** PATH with the curl above first. */
  get path(): string {
    return `${join(this.dir, 'bin')}:${process.env.PATH ?? ''}`;
  }

  /** Forget the calls so far (before each example). */
  reset(): void {
    rmSync(this.calls, { recursive: true, force: true });
    mkdirSync(this.calls);
  }

  /** The calls made since reset(), in order. */
  answers(): HttpAnswer[] {
    const count = existsSync(join(this.calls, 'count')) ? Number(readFileSync(join(this.calls, 'count'), 'utf8')) : 0;
    return Array.from({ length: count }, (_, index) => {
      const head = join(this.calls, `${index + 1}.head`);
      const out = readFileSync(join(this.calls, `${index + 1}.out`), 'utf8');
      // An example that dumps the head itself (-D -) or includes it (-i) has it in its output.
      const [headText, body] = out.startsWith('HTTP/') ? splitHead(out) : ['', out];
      return parseHead(existsSync(head) && readFileSync(head, 'utf8') ? readFileSync(head, 'utf8') : headText, body);
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Output that starts with response heads (several with 100 Continue): the heads, and what follows. */
function splitHead(output: string): [string, string] {
  let rest = output;
  let heads = '';
  while (rest.startsWith('HTTP/')) {
    const end = rest.search(/\r?\n\r?\n/);
    if (end < 0) return [heads + rest, ''];
    const separator = /\r?\n\r?\n/.exec(rest.slice(end))?.[0].length ?? 2;
    heads += rest.slice(0, end + separator);
    rest = rest.slice(end + separator);
  }
  return [heads, rest];
}

function parseHead(heads: string, body: string): HttpAnswer {
  // The last head is the final response's.
  const blocks = heads.split(/\r?\n\r?\n/).filter((block) => block.startsWith('HTTP/'));
  const [statusLine = '', ...lines] = (blocks.at(-1) ?? '').split(/\r?\n/);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const separator = line.indexOf(':');
    if (separator > 0) headers.set(line.slice(0, separator).trim().toLowerCase(), line.slice(separator + 1).trim());
  }
  return { statusLine: statusLine.trim(), status: Number(statusLine.split(' ')[1] ?? 0), headers, body };
}
