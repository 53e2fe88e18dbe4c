import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticatorLogin, loginUrl } from '../../scripts/database/login-secrets.ts';
import { startRelay } from '../../scripts/relay/relay.ts';
import { startSequencer, type SequencerHandle } from '../../scripts/log/sequencer.ts';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { testSigningKey } from '../support/database.ts';
import { rpc, selectView } from '../support/postgrest-call.ts';
import { query, startReplicatedPair, type ReplicatedPair } from '../support/replica.ts';

// A primary and a hot standby streaming from it: reads on the standby as
// PostgREST runs GETs, refusals there, and failover.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const password = `authenticator-${randomBytes(6).toString('hex')}`;

interface Followed {
  event__id: string;
  checkpoint: string;
  position: number;
  partition_key: string | null;
}

/** A reader on one server: follow pages from a checkpoint, as GET /rpc/follow. */
function follower(pool: pg.Pool, apiKey: string, start: string | null) {
  let checkpoint = start;
  const taken: Followed[] = [];
  return {
    taken,
    get checkpoint() {
      return checkpoint;
    },
    /** Read until a page comes back empty; returns how many events. */
    async read(): Promise<number> {
      let count = 0;
      for (;;) {
        const response = await rpc<Followed[]>(pool, 'follow', { after: checkpoint, max: 1 + Math.floor(Math.random() * 50) }, { apiKey, method: 'GET' });
        if (response.status !== 200) throw new Error(`follow answered ${response.status}: ${JSON.stringify(response.body)}`);
        const page = response.body as Followed[];
        if (page.length === 0) return count;
        taken.push(...page);
        count += page.length;
        checkpoint = page.at(-1)?.checkpoint as string;
      }
    },
  };
}

async function setUp(pair: ReplicatedPair): Promise<{ primary: pg.Pool; standby: pg.Pool; reader: IssuedKey; producer: IssuedKey }> {
  const admin = new pg.Pool({ connectionString: pair.primary.url, max: 2 });
  await admin.query(`alter role ${authenticatorLogin.role} password '${password}'`);
  const reader = await issueKey(admin, 'audit-desk', 'reader');
  const producer = await issueKey(admin, 'orders', 'producer');
  await admin.end();
  const primary = new pg.Pool({ connectionString: loginUrl(pair.primary.url, authenticatorLogin.role, password), max: 12 });
  const standby = new pg.Pool({ connectionString: loginUrl(pair.standbyUrl, authenticatorLogin.role, password), max: 4 });
  // A killed server ends connections in use too: their errors reach the calls.
  for (const pool of [primary, standby]) {
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
  }
  return { primary, standby, reader, producer };
}

describe('a hot standby', () => {
  let pair: ReplicatedPair;
  let pools: Awaited<ReturnType<typeof setUp>>;
  let sequencer: SequencerHandle;
  beforeAll(async () => {
    pair = await startReplicatedPair();
    pools = await setUp(pair);
    sequencer = startSequencer({ databaseUrl: pair.primary.url, signingKey: testSigningKey, onError: () => {} });
  }, 180_000);
  afterAll(async () => {
    await sequencer?.stop();
    await Promise.all([pools?.primary.end(), pools?.standby.end()]);
    await pair?.remove();
  });

  const create = (tag: string) =>
    rpc<{ event__id: string }>(pools.primary, 'create', { event_type: 'orders.order.placed', partition_key: tag, payload: { tag } }, { apiKey: pools.producer.key });

  it('serves the events view, find and follow as PostgREST runs a GET, with a reader key', async () => {
    const tag = `t-${randomBytes(4).toString('hex')}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(((await create(tag)).body as { event__id: string }).event__id);
    await sequencer.checkpoint(5);
    const reading = follower(pools.standby, pools.reader.key, null);
    for (let waited = 0; reading.taken.filter((e) => e.partition_key === tag).length < 5 && waited < 30_000; waited += 50) {
      await reading.read();
      await sleep(50);
    }
    expect(reading.taken.filter((e) => e.partition_key === tag).map((e) => e.event__id)).toEqual(ids);
    const viewed = await selectView<{ event__id: string }>(pools.standby, 'events', { apiKey: pools.reader.key, where: 'partition_key = $1', values: [tag], orderBy: 'event__id', limit: 1000 });
    expect(viewed.status).toBe(200);
    expect((viewed.body as { event__id: string }[]).map((row) => row.event__id)).toEqual(ids);
    const found = await rpc<{ event__id: string }[]>(pools.standby, 'find', { event_type: 'orders.order.placed', consumer: 'orders' }, { apiKey: pools.reader.key, method: 'GET' });
    expect(found.status).toBe(200);
    expect((found.body as { event__id: string }[]).map((row) => row.event__id).filter((id) => ids.includes(id))).toEqual([...ids].reverse());
    // The signed checkpoints and the proofs against them.
    const checkpoints = await selectView<{ tree_size: number }>(pools.standby, 'checkpoints', { apiKey: pools.reader.key, orderBy: 'tree_size desc' });
    expect(checkpoints.status).toBe(200);
    const newest = (checkpoints.body as { tree_size: number }[])[0]?.tree_size as number;
    expect(newest).toBeGreaterThanOrEqual(5);
    const proof = await rpc<{ tree_size: number; leaf_index: number }>(pools.standby, 'inclusion_proof', { event__id: ids[2], tree_size: newest },
      { apiKey: pools.reader.key, method: 'GET' });
    expect(proof.status).toBe(200);
    expect(proof.body).toMatchObject({ tree_size: newest });
  });

  it('refuses writes at once with a clear error: recording, keys, sequencing, the sequencer and the relay', async () => {
    // PostgREST opens a POST to a volatile function READ WRITE, which a
    // standby refuses before anything runs (feature_not_supported: 400).
    const refused = await rpc(pools.standby, 'create', { event_type: 'orders.order.placed' }, { apiKey: pools.producer.key });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: '0A000', message: 'cannot set transaction read-write mode during recovery' });
    const admin = new pg.Client({ connectionString: pair.standbyUrl });
    await admin.connect();
    try {
      for (const sql of [`select lib_event.api_key_create('nobody', 'reader')`, 'select lib_event.sequence_events()', `select lib_event.set_notify_mode('relay')`]) {
        await expect(admin.query(sql)).rejects.toMatchObject({ code: '25006', message: expect.stringMatching(/read-only transaction/) });
      }
    } finally {
      await admin.end();
    }
    const errors: Error[] = [];
    const onStandby = startSequencer({ databaseUrl: pair.standbyUrl, signingKey: testSigningKey, onError: (error) => errors.push(error) });
    for (let waited = 0; errors.length === 0 && waited < 10_000; waited += 20) await sleep(20);
    await onStandby.stop();
    expect(errors[0]?.message).toMatch(/hot standby \(read-only\): run the sequencer against the primary/);
    await expect(startRelay({ connectionString: pair.standbyUrl, name: 'standby', onError: () => {}, onWarning: () => {} })).rejects.toThrow(/hot standby \(read-only\): run the relay against the primary/);
  });

  it('never skips nor repeats an event for a follower there, under producers holding transactions open on the primary', async () => {
    const tag = `r-${randomBytes(4).toString('hex')}`;
    const committed = new Set<string>();
    const rolledBack = new Set<string>();
    const direct = new pg.Pool({ connectionString: pair.primary.url, max: 4 });
    const reading = follower(pools.standby, pools.reader.key, (await rpc<string>(pools.standby, 'follow_head', {}, { apiKey: pools.reader.key, method: 'GET' })).body as string);
    let producing = true;
    const readerLoop = (async () => {
      for (let quiet = 0; producing || quiet < 100; ) {
        quiet = (await reading.read()) > 0 ? 0 : quiet + 1;
        if (!producing && reading.taken.filter((e) => e.partition_key === tag).length >= committed.size) break;
        await sleep(Math.random() * 20);
      }
    })();
    await Promise.all([
      ...Array.from({ length: 6 }, async () => {
        for (let i = 0; i < 30; i += 1) committed.add(((await create(tag)).body as { event__id: string }).event__id);
      }),
      ...Array.from({ length: 3 }, async () => {
        const client = await direct.connect();
        try {
          for (let i = 0; i < 8; i += 1) {
            await client.query('begin');
            const { rows } = await client.query<{ id: string }>(
              `select (lib_events.create('orders.order.placed', partition_key => $1)).event__id as id from generate_series(1, 2)`, [tag]);
            await sleep(Math.random() * 60);
            const keep = Math.random() < 0.8;
            await client.query(keep ? 'commit' : 'rollback');
            for (const row of rows) (keep ? committed : rolledBack).add(row.id);
          }
        } finally {
          client.release();
        }
      }),
    ]);
    producing = false;
    await readerLoop;
    await direct.end();
    const ours = reading.taken.filter((e) => e.partition_key === tag).map((e) => e.event__id);
    expect(new Set(ours).size).toBe(ours.length);
    expect(new Set(ours)).toEqual(committed);
    for (const id of rolledBack) expect(ours).not.toContain(id);
    const positions = reading.taken.map((e) => Number(e.position));
    expect(positions).toEqual(positions.map((_, i) => (positions[0] as number) + i));
  });
});

describe('failover', () => {
  /**
   * 8 producers recording through the API on the primary until it is killed
   * with -9; returns the ids whose commit was acknowledged, and when. For the
   * last second before the kill the standby's WAL receiver is stopped
   * (SIGSTOP), as a standby falling behind would be, and killed with the
   * primary: an asynchronous primary acknowledges commits the standby never
   * gets, a synchronous one holds them until it has them.
   */
  async function recordUntilKilled(pair: ReplicatedPair, pools: Awaited<ReturnType<typeof setUp>>) {
    const acknowledged = new Map<string, number>();
    let killedAt = 0;
    const producers = Array.from({ length: 8 }, async (_, p) => {
      for (let n = 0; killedAt === 0; n += 1) {
        const response = await rpc<{ event__id: string }>(pools.primary, 'create', { event_type: 'orders.order.placed', payload: { p, n } }, { apiKey: pools.producer.key })
          .catch(() => undefined);
        if (response?.status === 200 && killedAt === 0) acknowledged.set((response.body as { event__id: string }).event__id, Date.now());
      }
    });
    // Enough acknowledged events to matter, however busy the machine.
    for (const until = Date.now() + 60_000; acknowledged.size < 150 && Date.now() < until; ) await sleep(50);
    const receiver = Number((await query(pair.standbyUrl, 'select pid from pg_stat_wal_receiver'))[0]?.pid);
    expect(receiver).toBeGreaterThan(0);
    process.kill(receiver, 'SIGSTOP');
    const stalledAt = Date.now();
    await sleep(1000);
    const [behind] = await query(pair.primary.url,
      `select pg_wal_lsn_diff(pg_current_wal_lsn(), flush_lsn)::text as bytes from pg_stat_replication where application_name = 'standby'`);
    killedAt = Date.now();
    pair.primary.kill();
    // What the stalled receiver had not written is gone with it (the standby
    // restarts its processes and goes on recovering from its own disk).
    process.kill(receiver, 'SIGKILL');
    await Promise.all(producers);
    return { acknowledged, killedAt, stalledAt, walBehind: String(behind?.bytes ?? 'unknown') };
  }

  async function missingAfterPromotion(pair: ReplicatedPair, acknowledged: Map<string, number>): Promise<string[]> {
    await pair.promote();
    const client = new pg.Client({ connectionString: pair.standbyUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ event__id: string }>('select event__id::text from lib_event.event where event__id = any($1::uuid[])', [[...acknowledged.keys()]]);
      const present = new Set(rows.map((row) => row.event__id));
      return [...acknowledged.keys()].filter((id) => !present.has(id));
    } finally {
      await client.end();
    }
  }

  it('with synchronous replication loses no acknowledged event, and a follower and the relay resume on the promoted server', { timeout: 240_000 }, async () => {
    const pair = await startReplicatedPair();
    const pools = await setUp(pair);
    const sequencer = startSequencer({ databaseUrl: pair.primary.url, signingKey: testSigningKey, onError: () => {} });
    try {
      await pair.setSynchronous(true);
      const relay = await startRelay({ connectionString: pair.primary.url, name: 'failover', onError: () => {}, onWarning: () => {} });
      const reading = follower(pools.standby, pools.reader.key, null);
      const { acknowledged, stalledAt } = await recordUntilKilled(pair, pools);
      await sequencer.stop();
      await relay.stop().catch(() => {});
      expect(acknowledged.size).toBeGreaterThan(100);
      // While the standby could not receive, no commit was acknowledged.
      expect([...acknowledged.values()].filter((at) => at > stalledAt + 100)).toEqual([]);
      expect(await missingAfterPromotion(pair, acknowledged)).toEqual([]);

      // The follower read from the standby while it was one; the sequencer
      // and the relay start again on the promoted server, from where they were.
      await reading.read();
      const promoted = startSequencer({ databaseUrl: pair.standbyUrl, signingKey: testSigningKey, onError: () => {} });
      const check = new pg.Client({ connectionString: pair.standbyUrl });
      await check.connect();
      try {
        const { rows: [counted] } = await check.query<{ n: number }>('select count(*)::int as n from lib_event.event');
        const recorded = counted?.n ?? 0;
        await promoted.checkpoint(recorded);
        for (let waited = 0; reading.taken.length < recorded && waited < 30_000; waited += 50) {
          await reading.read();
          await sleep(50);
        }
        const ids = reading.taken.map((e) => e.event__id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(expect.arrayContaining([...acknowledged.keys()]));
        expect(reading.taken.map((e) => Number(e.position))).toEqual(reading.taken.map((_, i) => i + 1));
        const resumed = await startRelay({ connectionString: pair.standbyUrl, name: 'failover', onError: () => {}, onWarning: () => {} });
        for (let waited = 0; resumed.checkpoint !== String(recorded) && waited < 10_000; waited += 50) await sleep(50);
        await resumed.stop();
        expect(resumed.checkpoint).toBe(String(recorded));
      } finally {
        await check.end();
        await promoted.stop();
      }
    } finally {
      await sequencer.stop().catch(() => {});
      await Promise.all([pools.primary.end(), pools.standby.end()]);
      await pair.remove();
    }
  });

  it('with asynchronous replication measures what an acknowledged commit can lose (printed, not assumed zero)', { timeout: 240_000 }, async () => {
    const pair = await startReplicatedPair();
    const pools = await setUp(pair);
    try {
      const { acknowledged, killedAt, stalledAt, walBehind } = await recordUntilKilled(pair, pools);
      expect(acknowledged.size).toBeGreaterThan(100);
      const missing = await missingAfterPromotion(pair, acknowledged);
      const window = missing.length > 0 ? killedAt - Math.min(...missing.map((id) => acknowledged.get(id) as number)) : 0;
      console.log(`asynchronous failover, 8 producers, the standby stalled for the last ${killedAt - stalledAt} ms: ` +
        `${missing.length} of ${acknowledged.size} acknowledged events missing after promotion, acknowledged in the last ${window} ms ` +
        `before the kill (the standby was ${walBehind} bytes of WAL behind)`);
      // Lost: the commits acknowledged while the standby could not receive them, and only those.
      expect(missing.length).toBeGreaterThan(0);
      for (const id of missing) expect(acknowledged.get(id) as number).toBeGreaterThanOrEqual(stalledAt - 100);
    } finally {
      await Promise.all([pools.primary.end(), pools.standby.end()]);
      await pair.remove();
    }
  });
});
