import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProducer, httpTransport, type Producer, type ProducerError } from '../../scripts/client/producer.ts';
import { projectRoot } from '../../scripts/dbmate.ts';
import { freePort, serverUrl } from '../../scripts/postgres-server.ts';
import { findPostgrest } from '../../scripts/postgrest.ts';
import { issueKey } from '../support/api-keys.ts';

// npm start with PostgREST, producers recording through it, and PostgreSQL
// killed with -9: nobody acts, and the log must heal by itself.
const postgrestBinary = findPostgrest();
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'lib_event-crash-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 50) {
    if (condition()) return true;
    await sleep(50);
  }
  return condition();
}

const portFree = (port: number) => new Promise<boolean>((resolve) => {
  const probe = createServer();
  probe.once('error', () => resolve(false));
  probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
});

/** kill -9 the postmaster of `dataDir` and every backend at once, as a crash would. */
function killPostgres(dataDir: string): number {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  try {
    execFileSync('pkill', ['-9', '-P', String(postmaster)]);
  } catch {
    // no backends at this instant
  }
  process.kill(postmaster, 'SIGKILL');
  return postmaster;
}

/** Processes whose command line names the data directory: PostgreSQL's. */
function processesHolding(dataDir: string): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir) ? [Number(pid)] : [];
    } catch {
      return [];
    }
  });
}

(postgrestBinary ? describe : describe.skip)('npm start when PostgreSQL is killed with -9', () => {
  it('restarts it, traffic through PostgREST resumes by itself, every acknowledged event is in the log once, and Ctrl-C stays prompt', async () => {
    const dataDir = join(scratch, 'postgres');
    const pgPort = await freePort();
    let apiPort = await freePort();
    while (apiPort === pgPort || apiPort + 1 === pgPort || !(await portFree(apiPort + 1))) apiPort = await freePort();
    const inherited = { ...process.env };
    for (const name of ['DATABASE_URL', 'AUTHENTICATOR_PASSWORD', 'RELAY_PASSWORD', 'INGEST_PASSWORD', 'AMQP_URL']) delete inherited[name];
    const child = spawn('npm', ['start'], {
      cwd: projectRoot,
      detached: true,
      env: {
        ...inherited,
        LIB_EVENT_DATA_DIR: dataDir,
        LIB_EVENT_PG_PORT: String(pgPort),
        LIB_EVENT_CREDENTIALS_DIR: join(scratch, 'credentials'),
        LIB_EVENT_SIGNING_KEY_FILE: join(scratch, 'signing', 'ed25519.pem'),
        POSTGREST_BIN: postgrestBinary,
        PGRST_SERVER_PORT: String(apiPort),
      },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const admin = new pg.Pool({ connectionString: serverUrl('127.0.0.1', pgPort, 'postgres', 'postgres', 'lib_event'), max: 2 });
    admin.on('error', () => {});
    try {
      expect(await until(() => output.includes('lib_event is ready'), 120_000), output).toBe(true);
      const key = await issueKey(admin, 'crash', 'producer');

      const producerCount = 4;
      const refused: ProducerError[] = [];
      const producers: Producer[] = Array.from({ length: producerCount }, () => createProducer({
        transport: httpTransport({ baseUrl: `http://127.0.0.1:${apiPort}`, apiKey: key.key }),
        retryMaxMs: 1000,
        onError: (_event, error) => refused.push(error),
      }));
      const acknowledged: { at: number; recordedAt: number }[] = [];
      const receipts: Promise<unknown>[] = [];
      let recording = true;
      let sent = 0;
      // Each producer records an event every 4 ms until told to stop.
      const loops = producers.map(async (producer, p) => {
        for (let n = 0; recording; n += 1) {
          const recordedAt = Date.now();
          const receipt = producer.record({ event_type: 'billing.invoice.paid', payload: { p, n } });
          receipt.then(() => acknowledged.push({ at: Date.now(), recordedAt }), () => {});
          receipts.push(receipt);
          sent += 1;
          await sleep(4);
        }
      });

      await until(() => acknowledged.length >= 500, 30_000);
      const killedAt = Date.now();
      killPostgres(dataDir);
      // Recovered: an event recorded after the kill is acknowledged.
      expect(await until(() => acknowledged.some((a) => a.recordedAt > killedAt + 100), 120_000), output).toBe(true);
      const recoveredMs = Math.min(...acknowledged.filter((a) => a.recordedAt > killedAt + 100).map((a) => a.at)) - killedAt;
      await sleep(1000);
      recording = false;
      await Promise.all(loops);
      for (const producer of producers) await producer.close({ timeoutMs: 60_000 });
      await Promise.all(receipts);
      const worstAfterKillMs = Math.max(...acknowledged.filter((a) => a.at > killedAt).map((a) => a.at - a.recordedAt));
      console.log(`npm start crash test: PostgreSQL killed with -9 under ${producerCount} producers through PostgREST; ` +
        `the first event recorded after the kill was durable ${recoveredMs} ms after it; the slowest record-to-durable across the outage took ${worstAfterKillMs} ms; ${sent} events in all`);

      expect(output).toMatch(/^PostgreSQL exited unexpectedly \(signal SIGKILL\): restarting it in \d+ ms/m);
      expect(output).toMatch(/^PostgreSQL is running again/m);
      expect(refused).toEqual([]);
      const { rows } = await admin.query<{ p: number; n: number; copies: number }>(
        `select (payload ->> 'p')::int as p, (payload ->> 'n')::int as n, count(*)::int as copies
           from lib_event.event where consumer = 'crash' group by 1, 2`);
      expect(rows.length).toBe(sent);
      expect(rows.every((row) => row.copies === 1)).toBe(true);
      for (let p = 0; p < producerCount; p += 1) {
        const ns = rows.filter((row) => row.p === p).map((row) => row.n).sort((a, b) => a - b);
        expect(ns).toEqual(Array.from({ length: ns.length }, (_, n) => n));
      }

      // Ctrl-C right after PostgreSQL died again: everything stops without waiting on the dead server.
      killPostgres(dataDir);
      await sleep(50);
      const interruptedAt = Date.now();
      process.kill(-(child.pid as number), 'SIGINT');
      expect(await until(() => child.exitCode !== null || child.signalCode !== null, 5000), output).toBe(true);
      console.log(`npm start crash test: Ctrl-C with PostgreSQL just killed took ${Date.now() - interruptedAt} ms`);
      await exited;
      // Nothing left holding the data directory: no PostgreSQL restarted behind the stop.
      expect(processesHolding(dataDir)).toEqual([]);
    } finally {
      await admin.end().catch(() => {});
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), 'SIGKILL');
    }
  }, 300_000);
});
