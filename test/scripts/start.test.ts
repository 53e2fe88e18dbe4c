import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { freePort, serverUrl } from '../../scripts/database/postgres-server.ts';
import { findPostgrest } from '../../scripts/server/postgrest.ts';
import { descendants, processesHolding } from '../support/process-tree.ts';
import { npmStartEnvironment, startCollecting, type Started } from '../support/npm-start.ts';

// npm start on an embedded PostgreSQL of its own, as an operator runs it.
let scratch: string;
let environment: NodeJS.ProcessEnv;
// The PostgREST the run was given (POSTGREST_BIN or PATH), for the tests that start it too.
const postgrestBinary = findPostgrest();

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'lib_event-start-'));
  environment = npmStartEnvironment(scratch, { LIB_EVENT_PG_PORT: String(await freePort()), POSTGREST_BIN: '/nonexistent/postgrest' });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `npm start`, its output collected; `detached`: in a process group of its own, as in a terminal. */
function npmStart(extra: NodeJS.ProcessEnv = {}, detached = false): Started {
  return startCollecting('npm', ['start'], { ...environment, ...extra }, detached);
}

/** Whether a process still runs: a zombie waiting for its parent to reap it has stopped. */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Whether nothing listens on a port of 127.0.0.1. */
const portFree = (port: number) => new Promise<boolean>((resolve) => {
  const probe = createServer();
  probe.once('error', () => resolve(false));
  probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
});

/** A free port whose next one is free too: PostgREST's API and admin server. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65535 && (await portFree(port + 1))) return port;
  }
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

/** npm run status against npm start's database, found as an operator's shell finds it. */
const runStatus = () => new Promise<{ code: number | null; output: string }>((resolve) => {
  const child = spawn('npm', ['run', '--silent', 'status'], { cwd: projectRoot, env: environment });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.once('exit', (code) => resolve({ code, output }));
});

describe('npm start', () => {
  it('refuses a second instance on the same data directory, naming the npm process to stop', async () => {
    const first = npmStart();
    try {
      expect(await until(() => first.output().includes('lib_event is ready'), 60_000)).toBe(true);
      const second = npmStart();
      const code = await second.exited;
      expect(code).not.toBe(0);
      expect(second.output()).toMatch(new RegExp(`postgres is in use by npm start, process ${first.child.pid} \\(npm start\\), whose PostgreSQL is process \\d+`));
      expect(second.output()).toContain(`kill ${first.child.pid})`);
      expect(second.output()).not.toMatch(/TypeError/);
      expect(first.output()).toMatch(/^RabbitMQ: off \(set AMQP_URL/m);
      // What an operator asks next: is it healthy? (db/operations.md)
      const status = await runStatus();
      expect(status.output).toMatch(/^lib_event is healthy: /);
      expect(status.code).toBe(0);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });

  // What a supervisor sends to the process it started, npm; and Ctrl-C in a
  // terminal, which reaches every process of the group, npm's child twice.
  it.each([
    ['SIGINT', 'npm'], ['SIGTERM', 'npm'], ['SIGHUP', 'npm'], ['SIGINT', 'the process group'],
  ] as const)('stops PostgreSQL, PostgREST and every process it started on %s to %s, and frees their ports', async (signal, to) => {
    const dataDir = join(scratch, `signal-${signal}-${to.replace(/\W/g, '')}`);
    const pgPort = await freePort();
    let apiPort = await freePortPair();
    while (apiPort === pgPort || apiPort + 1 === pgPort) apiPort = await freePortPair();
    const started = npmStart({
      LIB_EVENT_DATA_DIR: dataDir, LIB_EVENT_PG_PORT: String(pgPort), PGRST_SERVER_PORT: String(apiPort),
      ...(postgrestBinary ? { POSTGREST_BIN: postgrestBinary } : {}),
    }, to !== 'npm');
    const npmPid = started.child.pid as number;
    try {
      expect(await until(() => started.output().includes('lib_event is ready'), 60_000), started.output()).toBe(true);
      const tree = descendants(npmPid).map((row) => row.pid);
      const commands = tree.map(commandLineOf);
      expect(commands.some((command) => command.includes('scripts/server/start.ts'))).toBe(true);
      expect(commands.some((command) => command.includes(dataDir))).toBe(true);
      if (postgrestBinary) expect(commands.some((command) => command.startsWith(postgrestBinary))).toBe(true);
      else console.warn('npm start signal test: PostgREST not checked, no binary (set POSTGREST_BIN)');

      process.kill(to === 'npm' ? npmPid : -npmPid, signal);
      expect(await until(() => tree.every((pid) => !running(pid)), 30_000),
        `still running: ${tree.filter(running).map((pid) => `${pid} ${commandLineOf(pid).slice(0, 120)}`).join('; ')}\n${started.output()}`).toBe(true);
      expect(processesHolding(dataDir)).toEqual([]);
      for (const port of [pgPort, apiPort, apiPort + 1]) expect(await portFree(port), `port ${port}`).toBe(true);
      await started.exited;
    } finally {
      if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGKILL');
    }
  });
});

const amqpUrl = inject('amqpUrl');
(amqpUrl ? describe : describe.skip)('npm start with AMQP_URL', () => {
  it('fans every event out to the exchange and records what producers queue', async () => {
    const exchange = `lib_event_start_${randomBytes(4).toString('hex')}`;
    const queue = `${exchange}.ingest`;
    const broker = await amqp.connect(amqpUrl);
    const channel = await broker.createConfirmChannel();
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue: copy } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(copy, exchange, '#');
    // From the beginning: a bridge whose first session starts after the event
    // (under load it may) would otherwise begin at the head, past it.
    const started = npmStart({ AMQP_URL: amqpUrl, BRIDGE_EXCHANGE: exchange, INGEST_QUEUE: queue, BRIDGE_FROM: 'beginning' });
    const db = new pg.Client({ connectionString: serverUrl('127.0.0.1', Number(environment.LIB_EVENT_PG_PORT), 'postgres', 'postgres', 'lib_event') });
    try {
      expect(await until(() => started.output().includes('lib_event is ready'), 60_000)).toBe(true);
      expect(started.output()).toContain(`every event to exchange ${exchange}; queue ${queue} recorded`);
      await db.connect();
      const user = decodeURIComponent(new URL(amqpUrl).username);
      await db.query(`insert into lib_event.ingest_publisher (amqp_user, consumer) values ($1, 'queued') on conflict do nothing`, [user]);
      // The loader declares its queue once connected, which may come after
      // "ready" on a busy machine: a message sent to a queue not yet there is dropped.
      let consuming = false;
      expect(await until(() => {
        void broker.createChannel().then(async (probe) => {
          probe.on('error', () => {});
          consuming = (await probe.checkQueue(queue).catch(() => ({ consumerCount: 0 }))).consumerCount > 0;
          await probe.close().catch(() => {});
        });
        return consuming;
      }, 30_000), `the loader never consumed ${queue}; npm start said:\n${started.output()}`).toBe(true);
      const messageId = randomUUID();
      channel.sendToQueue(queue, Buffer.from(JSON.stringify({ event_type: 'billing.invoice.paid', payload: { via: 'queue' } })),
        { persistent: true, messageId, userId: user });
      await channel.waitForConfirms();
      const arrived: string[] = [];
      await channel.consume(copy, (message) => message && arrived.push(message.properties.messageId as string), { noAck: true });
      let recorded: string | undefined;
      expect(await until(() => {
        void db.query<{ event__id: string }>(`select event__id from lib_event.idempotency_key where idempotency_key = $1`, [messageId])
          .then(({ rows }) => (recorded = rows[0]?.event__id), () => {});
        return recorded !== undefined && arrived.includes(recorded);
      }, 30_000), `recorded ${recorded}, arrived ${JSON.stringify(arrived)}; npm start said:\n${started.output()}`).toBe(true);
    } finally {
      // Closed first: npm start, stopping, ends the sessions left on its server.
      await db.end().catch(() => {});
      started.child.kill('SIGTERM');
      await started.exited;
      await broker.close();
    }
  });
});

describe('every command', () => {
  it.each([
    ['start'], ['relay'], ['bridge'], ['ingest'], ['archive'], ['restore'], ['sequencer'], ['verify'], ['status'], ['key:create'], ['password:rotate'], ['bench'], ['generate'], ['db:migrate'], ['compose:env'],
  ])('npm run %s -- --help prints its usage and succeeds; an unknown option fails with a one-line usage', async (script) => {
    const run = (args: string[]) => new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: projectRoot, env: environment });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => resolve({ code, output }));
    });
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/^Usage: npm /m);
    const unknown = await run(['--no-such-option']);
    expect(unknown.code).toBe(2);
    expect(unknown.output.trim().split('\n')).toHaveLength(1);
    expect(unknown.output).toMatch(/Unknown option '--no-such-option'.*Usage: npm/);
  });

  it.each([['sequencer', 'scripts/log/sequencer.ts'], ['relay', 'scripts/relay/relay.ts']])(
    'npm run %s is node itself under npm (exec, no tsx or shell between), so a signal to npm stops it', async (script, file) => {
      const port = await freePort();
      // A database that is not there: the service waits and retries until stopped.
      const child = spawn('npm', ['run', '--silent', script], {
        cwd: projectRoot,
        env: { ...environment, DATABASE_URL: `postgres://nobody:none@127.0.0.1:${port}/none?sslmode=disable`, RELAY_PASSWORD: 'none' },
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      try {
        let running: ReturnType<typeof descendants> = [];
        for (let waited = 0; waited < 30_000 && running.length === 0; waited += 100) {
          running = descendants(child.pid as number).filter((row) => row.command.includes(file));
          if (running.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(running.map((row) => row.command)).toEqual([expect.stringMatching(new RegExp(`^\\S*node --import tsx ${file}`))]);
        // Nothing but that node process below npm: no sh, no tsx launcher.
        expect(descendants(child.pid as number).map((row) => row.pid)).toEqual(running.map((row) => row.pid));
        child.kill('SIGTERM');
        await exited;
        expect(running.filter((row) => descendants(process.pid).some((alive) => alive.pid === row.pid))).toEqual([]);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });

  it('names DATABASE_URL when it cannot reach the database, and fails', async () => {
    const port = await freePort();
    const child = spawn('npm', ['run', '--silent', 'db:migrate'], {
      cwd: projectRoot,
      env: { ...environment, DATABASE_URL: `postgres://nobody@127.0.0.1:${port}/none?sslmode=disable` },
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/DATABASE_URL/);
  });
});
