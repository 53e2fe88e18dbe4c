import { spawn, spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';

// Progress of long work (scripts/progress.ts), as a person at a terminal
// and a log collector each see it: a bar with rate and ETA on a terminal (a
// real pseudo-terminal, from util-linux's script), plain lines otherwise, a
// one-line summary at the end, and standard output left to the command.

const demo = 'node --import tsx test/support/progress-demo.ts';
const run = (command: string, args: string[], env: NodeJS.ProcessEnv) => new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
  const child = spawn(command, args, { cwd: projectRoot, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.once('exit', (code) => resolve({ stdout, stderr, code }));
});
const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasScript) console.warn('progress: the terminal case skips: no script (util-linux)');

it('writes a plain line every interval to a log, then a summary, on standard error only', async () => {
  const { stdout, stderr, code } = await run('node', ['--import', 'tsx', 'test/support/progress-demo.ts'], { LIB_EVENT_PROGRESS_EVERY_MS: '300' });
  expect(code).toBe(0);
  expect(stdout).toBe('demo: done\n');
  const lines = stderr.trim().split('\n');
  expect(lines.length).toBeGreaterThanOrEqual(3);
  for (const line of lines.slice(0, -1)) expect(line).toMatch(/^demo: [\d,]+ of 2,000 rows \(\d+%\), [\d,]+\/s(, about [\d.]+ s left)?$/);
  expect(lines.at(-1)).toMatch(/^demo: 2,000 rows in [\d.]+ s \([\d,]+\/s\)$/);
  expect(stderr).not.toContain('\u001b[');
});

it('prints nothing more when the work is over before the first report', async () => {
  const { stderr, code } = await run('node', ['--import', 'tsx', 'test/support/progress-demo.ts'], { LIB_EVENT_PROGRESS_EVERY_MS: '60000' });
  expect(code).toBe(0);
  expect(stderr).toBe('');
});

it.skipIf(!hasScript)('draws a bar with percentage, rate and ETA on a terminal, then the summary', async () => {
  const { stdout, code } = await run('script', ['-qec', demo, '/dev/null'], { LIB_EVENT_PROGRESS_EVERY_MS: '300' });
  expect(code).toBe(0);
  expect(stdout).toMatch(/demo \[[█░]+\] \d+% [\d,]+\/2,000 rows \| [\d,]+\/s \| ETA \d+s/);
  expect(stdout).toMatch(/demo: 2,000 rows in [\d.]+ s \([\d,]+\/s\)/);
  expect(stdout).toContain('demo: done');
});

it('npm run verify reports its progress to a log and ends with its summary, its result on standard output as before', async () => {
  const { createTestDatabase } = await import('../support/database.ts');
  const db = await createTestDatabase({ sequencer: true });
  try {
    await db.admin.query(`select lib_events.create('billing.invoice.paid', jsonb_build_object('n', n)) from generate_series(1, 30000) n`);
    await db.placed();
    const { stdout, stderr, code } = await run('npm', ['run', '--silent', 'verify'], { DATABASE_URL: db.url, LIB_EVENT_PROGRESS_EVERY_MS: '1' });
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stderr).toMatch(/^verify: [\d,]+ of 30,000 events \(\d+%\), [\d,]+\/s/m);
    expect(stderr).toMatch(/^verify: 30,000 events in [\d.]+ (s|min) \([\d,]+\/s\)$/m);
    expect(stdout).not.toMatch(/^verify: [\d,]+ of /m);
  } finally {
    await db.drop();
  }
}, 300_000);
