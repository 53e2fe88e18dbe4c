import { execFile, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../../scripts/database/dbmate.ts';
import { where, type Fence } from './markdown.ts';

/** One HTTP request an example made, as the fetch below saw it. */
export interface FetchCall {
  method: string;
  url: string;
  status: number;
}

export interface ExampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
  calls: FetchCall[];
}

/**
 * The TypeScript examples written out as modules inside the project (so
 * `lib_event/producer` resolves to the package itself, as in an application
 * that installed it), typechecked with the project's tsconfig (strict) and
 * run with tsx against the PostgREST under test.
 */
export class TypeScriptExamples {
  readonly dir = join(projectRoot, '.data', `doc-examples-${process.pid}`);
  private readonly files = new Map<string, Fence>();
  private readonly fetchLog = join(this.dir, 'fetch.log');
  private readonly preload = join(this.dir, 'fetch-to-test-server.mjs');

  constructor(fences: Fence[], apiUrl: string) {
    mkdirSync(this.dir, { recursive: true });
    for (const fence of fences) {
      const file = join(this.dir, `${fence.file.replace(/\W/g, '_')}_${fence.line}.ts`);
      writeFileSync(file, `${fence.text}\n`);
      this.files.set(file, fence);
    }
    writeFileSync(join(this.dir, 'tsconfig.json'), JSON.stringify({
      extends: relative(this.dir, join(projectRoot, 'tsconfig.json')),
      include: ['*.ts'],
    }));
    // The examples' http://localhost:3000 leads to the server under test;
    // every request and its status is logged for the test to check.
    writeFileSync(this.preload, `import { appendFileSync } from 'node:fs';
const target = new URL(${JSON.stringify(apiUrl)});
const log = ${JSON.stringify(this.fetchLog)};
const fetchItself = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const asked = url.href;
  if (url.host === 'localhost:3000') {
    url.protocol = target.protocol;
    url.host = target.host;
  }
  const body = ['GET', 'HEAD'].includes(request.method) ? undefined : await request.arrayBuffer();
  const response = await fetchItself(url, { method: request.method, headers: request.headers, body, signal: request.signal });
  appendFileSync(log, JSON.stringify({ method: request.method, url: asked, status: response.status }) + '\\n');
  return response;
};
`);
  }

  /** tsc's errors, each as `doc:line: message`; none when every example compiles. */
  async typeErrors(): Promise<string[]> {
    const tsc = join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    try {
      await promisify(execFile)(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', join(this.dir, 'tsconfig.json')], { cwd: projectRoot });
      return [];
    } catch (error) {
      const output = String((error as { stdout?: string }).stdout ?? (error as Error).message);
      return output.split('\n').filter(Boolean).map((line) => {
        const [, file = '', row = '', message = line] = /^(.*?\.ts)\((\d+),\d+\): (.*)$/.exec(line) ?? [];
        const fence = this.files.get(join(projectRoot, file)) ?? this.files.get(file);
        return fence ? `${fence.file}:${fence.line + Number(row)}: ${message}` : line;
      });
    }
  }

  /** Run one example with `env`; its output, exit code and HTTP requests. */
  run(fence: Fence, env: Record<string, string>, timeoutMs = 60_000): Promise<ExampleRun> {
    const file = [...this.files].find(([, f]) => f === fence)?.[0];
    if (!file) throw new Error(`${where(fence)} was not written out`);
    rmSync(this.fetchLog, { force: true });
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--conditions=lib_event-source', '--import', 'tsx', '--import', this.preload, file], {
        cwd: projectRoot,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        let calls: FetchCall[] = [];
        try {
          calls = readFileSync(this.fetchLog, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as FetchCall);
        } catch {
          // No request made: the log was never written.
        }
        resolve({ code, stdout, stderr, calls });
      });
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
