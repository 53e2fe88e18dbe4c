import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { startEmbeddedPostgres } from '../../scripts/database/embedded-postgres.ts';
import { freePort } from '../../scripts/database/postgres-server.ts';
import { apiAnswers } from '../../scripts/server/api-probe.ts';
import { findPostgrest } from '../../scripts/server/postgrest.ts';
import { sleep, until } from '../support/until.ts';
import { killPostgres } from '../support/kill-postgres.ts';
import { npmStartEnvironment, npmStartPorts, startCollecting } from '../support/npm-start.ts';

// npm start against a PostgreSQL the operator runs (DATABASE_URL), killed
// with -9 and back only after a long outage: npm start's readiness follows
// whether requests succeed (apiAnswers, and the lines it prints), while
// PostgREST's /ready waits for its schema cache's next retry, whose delay
// has doubled up to 32 s meanwhile. The times are printed, not asserted.
// Compose's postgrest-health service runs the same check with Node alone
// (type stripping, no tsx, no package): its healthcheck and its watch run
// here exactly as compose runs them.
const postgrestBinary = findPostgrest();
const tsx = join(projectRoot, 'node_modules', '.bin', 'tsx');
const outageMs = 25_000;
let scratch: string;

/** Compose's healthcheck: `node --experimental-strip-types scripts/server/api-probe.ts <api-url>`. */
function composeProbe(apiUrl: string): { status: number | null; output: string } {
  const probe = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', 'scripts/server/api-probe.ts', apiUrl], { cwd: projectRoot, encoding: 'utf8', timeout: 10_000 });
  return { status: probe.status, output: `${probe.stdout}${probe.stderr}`.trim() };
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'lib_event-outage-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

(postgrestBinary ? describe : describe.skip)('npm start\'s readiness after a long outage of PostgreSQL', () => {
  it('says the HTTP API answers again as soon as requests succeed, whatever PostgREST\'s /ready says', async () => {
    // The operator's PostgreSQL, apart from npm start's own data directory.
    const dataDir = join(scratch, 'operator-postgres');
    const pgPort = await freePort();
    let server = await startEmbeddedPostgres({ dataDir, port: pgPort });
    const { apiPort } = await npmStartPorts();
    const [apiUrl, adminUrl] = [`http://127.0.0.1:${apiPort}`, `http://127.0.0.1:${apiPort + 1}`];
    const { child, output, exited } = startCollecting(tsx, [join(projectRoot, 'scripts', 'server', 'start.ts')], npmStartEnvironment(scratch, {
      DATABASE_URL: server.url('lib_event'),
      POSTGREST_BIN: postgrestBinary,
      PGRST_SERVER_PORT: String(apiPort),
    }), true);
    let composeWatch: ReturnType<typeof spawn> | undefined;
    try {
      expect(await until(() => output().includes('lib_event is ready'), 120_000), output()).toBe(true);
      expect(await apiAnswers(apiUrl, adminUrl)).toEqual({ ok: true });
      expect(composeProbe(apiUrl)).toEqual({ status: 0, output: `${apiUrl} serves requests` });
      const watcher = spawn(process.execPath, ['--experimental-strip-types', '--no-warnings', 'scripts/server/api-watch.ts', apiUrl], { cwd: projectRoot });
      composeWatch = watcher;
      let watchOutput = '';
      watcher.stdout.on('data', (chunk: Buffer) => (watchOutput += chunk.toString()));
      watcher.stderr.on('data', (chunk: Buffer) => (watchOutput += chunk.toString()));
      const watchExited = new Promise<number | null>((resolve) => watcher.once('exit', (code) => resolve(code)));
      expect(await until(() => watchOutput.includes(`Watching whether ${apiUrl} serves requests`), 10_000), watchOutput).toBe(true);

      killPostgres(dataDir);
      expect(await until(() => output().includes('The HTTP API does not answer'), 30_000), output()).toBe(true);
      expect(await apiAnswers(apiUrl, adminUrl)).toMatchObject({ ok: false });
      const downProbe = composeProbe(apiUrl);
      expect(downProbe.status, downProbe.output).toBe(1);
      expect(downProbe.output).toMatch(new RegExp(`^${apiUrl} does not serve requests: GET ${apiUrl}/events answered (503|400)`));
      expect(await until(() => watchOutput.includes('The HTTP API does not answer'), 10_000), watchOutput).toBe(true);
      // A long outage: PostgREST's schema cache retries back off meanwhile.
      await sleep(outageMs);
      server = await startEmbeddedPostgres({ dataDir, port: pgPort });
      const backAt = Date.now();

      let answersAt = 0;
      let readyAt = 0;
      await until(async () => {
        if (!answersAt && (await apiAnswers(apiUrl, adminUrl)).ok) answersAt = Date.now();
        if (!readyAt && (await fetch(`${adminUrl}/ready`).then((r) => r.status, () => 0)) === 200) readyAt = Date.now();
        return answersAt > 0 && readyAt > 0;
      }, 90_000);
      expect(answersAt, 'requests succeed again').toBeGreaterThan(0);
      expect(await until(() => output().includes('The HTTP API answers again'), 30_000), output()).toBe(true);
      expect(composeProbe(apiUrl)).toEqual({ status: 0, output: `${apiUrl} serves requests` });
      expect(await until(() => watchOutput.includes('The HTTP API answers again'), 10_000), watchOutput).toBe(true);
      watcher.kill('SIGTERM');
      expect(await watchExited, watchOutput).toBe(0);
      console.log(`readiness after a ${outageMs / 1000} s outage of PostgreSQL (killed with -9): requests succeed ` +
        `${answersAt - backAt} ms after it was back; PostgREST's /ready was 200 ${readyAt ? `${readyAt - backAt} ms` : 'not within 90 s'} after it; ` +
        `npm start said: ${/^The HTTP API answers again.*$/m.exec(output())?.[0]}`);
    } finally {
      composeWatch?.kill('SIGKILL');
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), 'SIGINT');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), 'SIGKILL');
      await server.stop();
    }
  }, 300_000);
});
