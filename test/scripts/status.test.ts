import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { startSequencer, type SequencerHandle } from '../../scripts/log/sequencer.ts';
import { issueKey } from '../support/api-keys.ts';
import { createTestDatabase, testSigningKey, type TestDatabase } from '../support/database.ts';
import { rpc } from '../support/postgrest-call.ts';

// npm run status with its default ranges, on a log whose sequencer is not
// running: events wait, and once the oldest has waited past its bound
// (10 s), status says so and exits 1; the sequencer back, it is healthy.

let db: TestDatabase;
let sequencer: SequencerHandle | undefined;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await sequencer?.stop();
  await db.drop();
});

const status = (...args: string[]) => new Promise<{ code: number | null; output: string }>((resolve) => {
  const child = spawn('npm', ['run', '--silent', 'status', '--', ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: db.url } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.once('exit', (code) => resolve({ code, output }));
});

it('says what is wrong when the sequencer is stopped, and exits 1', async () => {
  const producer = await issueKey(db.admin, `billing-${randomBytes(3).toString('hex')}`, 'producer');
  const response = await rpc(db.authenticator, 'create', { event_type: 'billing.invoice.paid' }, { apiKey: producer.key });
  expect(response.status).toBe(200);
  const before = await status();
  expect(before.output).toMatch(/^ok +sequencer_backlog_events +1 events \(healthy at most 10000\)$/m);
  expect(before.code).toBe(0);

  await new Promise((resolve) => setTimeout(resolve, 10_500));
  const after = await status();
  expect(after.output).toMatch(/^lib_event is UNHEALTHY: sequencer_backlog_age$/m);
  expect(after.output).toMatch(/^UNHEALTHY +sequencer_backlog_age +1\d s \(healthy at most 10\)$/m);
  expect(after.output).toContain('sequencer_backlog_age: How long the oldest committed event');
  expect(after.code).toBe(1);
}, 60_000);

it('is healthy again once the sequencer has placed the backlog; --json prints what GET /rpc/health answers', async () => {
  sequencer = startSequencer({ databaseUrl: db.loginUrl('lib_event_sequencer'), signingKey: testSigningKey });
  await sequencer.checkpoint(1);
  const healthy = await status('--json');
  expect(healthy.code).toBe(0);
  const answer = JSON.parse(healthy.output) as { healthy: boolean; log_size: number; items: { item: string }[] };
  expect(answer).toMatchObject({ healthy: true, log_size: 1 });
  expect(answer.items.map((item) => item.item)).toContain('sequencer_backlog_age');
}, 60_000);

it('reports an npm run archive that failed, until a run succeeds', async () => {
  const archive = (...args: string[]) => new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'archive', '--', ...args], {
      cwd: projectRoot, env: { ...process.env, DATABASE_URL: db.url, LIB_EVENT_ARCHIVE_DIR: `/tmp/lib_event-status-${randomBytes(4).toString('hex')}` },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
  const failed = await archive('--partition', 'event_p19990101');
  expect(failed.code).toBe(1);
  const after = await status();
  expect(after.output).toMatch(/^lib_event is UNHEALTHY: archive_failed$/m);
  expect(after.code).toBe(1);
  const { rows: [run] } = await db.admin.query<{ detail: string }>(`select detail from lib_event.job_run where job = 'archive'`);
  expect(failed.output).toContain(run!.detail.split('\n')[0]);

  // No retention set: nothing to archive, and that is a success.
  const succeeded = await archive();
  expect(succeeded.output).toContain('no partition is past the retention period');
  expect(succeeded.code).toBe(0);
  expect((await status()).code).toBe(0);
}, 120_000);
