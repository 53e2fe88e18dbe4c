import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { generateKeyPairSync } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { verifyLog } from '../../scripts/log/verify.ts';
import { startKillablePostgres, type KillablePostgres } from '../support/killable-postgres.ts';

// Sequencing while PostgreSQL, then the sequencer process, die with kill -9.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const privatePem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
let postgres: KillablePostgres;
beforeAll(async () => {
  postgres = await startKillablePostgres();
});
afterAll(() => postgres.remove());

function sequencer(): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/log/sequencer.ts'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: postgres.url, LIB_EVENT_SIGNING_KEY: privatePem, CHECKPOINT_EVERY_MS: '200' },
    stdio: 'ignore',
  });
}

/** Record `count` events in batches of 50, over fresh connections (the server may have died in between). */
async function record(count: number): Promise<void> {
  for (let i = 0; i < count; i += 50) {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await client.query('select from lib_events.create_many($1::jsonb)', [JSON.stringify(Array.from({ length: 50 }, (_, n) => ({ event_type: 'billing.invoice.paid', payload: { n: i + n } })))]);
    await client.end();
  }
}

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the sequencer, killed mid-stream', () => {
  it('leaves no gap and no duplicate position when PostgreSQL and then the sequencer die with -9', async () => {
    let running = sequencer();
    await record(2000);
    postgres.kill();
    await sleep(500);
    await postgres.restart();
    await record(1000);
    running.kill('SIGKILL');
    await once(running, 'exit');
    await record(1000);
    running = sequencer();
    try {
      for (let waited = 0; waited < 60_000; waited += 200) {
        const [state] = await query<{ events: number; sequenced: number; signed: number }>(
          `select (select count(*)::int from lib_event.event) as events, (select count(*)::int from lib_event.log_entry) as sequenced,
                  coalesce((select max(tree_size)::int from lib_event.log_checkpoint), 0) as signed`);
        if (state?.sequenced === 4000 && state.signed === 4000) break;
        await sleep(200);
      }
    } finally {
      running.kill('SIGTERM');
      await once(running, 'exit');
    }
    const [positions] = await query<{ n: number; first: number; last: number; ids: number }>(
      'select count(*)::int as n, min(position)::int as first, max(position)::int as last, count(distinct event__id)::int as ids from lib_event.log_entry');
    expect(positions).toEqual({ n: 4000, first: 1, last: 4000, ids: 4000 });
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const { rows: [key] } = await client.query<{ public_key: string }>('select public_key from lib_event.log_key');
      const result = await verifyLog(client, { publicKeys: [key?.public_key as string] });
      expect(result).toMatchObject({ ok: true, events: 4000 });
    } finally {
      await client.end();
    }
  }, 180_000);
});
