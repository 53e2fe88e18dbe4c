import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/database/postgres-server.ts';
import { eventually } from './eventually.ts';

// Prometheus's own tools, from Debian's prometheus package (.ci/run installs
// it): promtool checks the metrics and the alerting rules, and a real
// Prometheus scrapes lib_event in the operations test.

/** Why the Prometheus tests cannot run here, in one line; undefined when they can. */
export function prometheusMissing(): string | undefined {
  for (const tool of ['promtool', 'prometheus']) {
    if (spawnSync(tool, ['--version'], { stdio: 'ignore' }).status !== 0) {
      return `no ${tool} (Debian package prometheus)`;
    }
  }
  return undefined;
}

/** Run promtool with `args`, `input` on its standard input; its exit code and everything it printed. */
export function promtool(args: string[], input?: string): { code: number | null; output: string } {
  const result = spawnSync('promtool', args, { input, encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

export interface RunningPrometheus {
  /** Evaluate a PromQL instant query; the result vector. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** The scrape target's health as Prometheus last saw it ("up", "down", "unknown") and its last error. */
  target(): Promise<{ health: string; lastError: string } | undefined>;
  stop(): Promise<void>;
}

/** A Prometheus that scrapes `target` (http://host:port/path) every second. */
export async function startPrometheus(target: URL): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'lib_event-prometheus-'));
  const port = await freePort();
  writeFileSync(join(dir, 'prometheus.yml'), [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    'scrape_configs:',
    '  - job_name: lib_event',
    `    metrics_path: ${target.pathname}`,
    '    static_configs:',
    `      - targets: ['${target.host}']`,
    '',
  ].join('\n'));
  const child: ChildProcess = spawn('prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    const body = await response.json() as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error}`);
    return body.data;
  };
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await eventually('Prometheus answers', async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${log}`);
      return fetch(`http://127.0.0.1:${port}/-/ready`).then((r) => r.ok, () => false);
    }, 30_000, 100);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    query: async (promql) => (await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
      `/api/v1/query?query=${encodeURIComponent(promql)}`)).result,
    target: async () => (await api<{ activeTargets: { health: string; lastError: string }[] }>('/api/v1/targets')).activeTargets[0],
    stop,
  };
}
