import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followLog, sqlPage, type FollowedEvent, type ReadPage } from '../../scripts/client/follow.ts';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually as eventuallyWithin } from '../support/eventually.ts';
import { setNotifyMode, startTestRelay } from '../support/notifications.ts';
import { rpc, selectView, type PostgrestError } from '../support/postgrest-call.ts';

let db: TestDatabase;
let producer: IssuedKey;
let reader: IssuedKey;
let both: IssuedKey;

beforeAll(async () => {
  db = await createTestDatabase({ sequencer: true });
  producer = await issueKey(db.admin, 'orders', 'producer');
  reader = await issueKey(db.admin, 'audit-desk', 'reader');
  both = await issueKey(db.admin, 'ledger', 'producer_reader');
});
afterAll(() => db.drop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const newTag = () => `t-${randomBytes(6).toString('hex')}`;

/** GET /rpc/follow, in a read-only transaction as PostgREST runs it. */
const follow = (cursor: string | null, pageSize: number, apiKey = reader.key) =>
  rpc<FollowedEvent[]>(db.authenticator, 'follow', { cursor, page_size: pageSize }, { apiKey, method: 'GET' });

async function followPage(cursor: string | null, pageSize: number): Promise<FollowedEvent[]> {
  const response = await follow(cursor, pageSize);
  if (response.status !== 200) throw new Error(`follow answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as FollowedEvent[];
}

async function head(): Promise<string> {
  const response = await rpc<string>(db.authenticator, 'follow_head', {}, { apiKey: reader.key, method: 'GET' });
  expect(response.status).toBe(200);
  return response.body as string;
}

/** Record one event in an open transaction of a dedicated connection. */
async function createIn(client: pg.PoolClient, tag: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `select (lib_events.create('orders.order.placed', partition_key => $1)).event__id as id`,
    [tag],
  );
  return rows[0]?.id as string;
}

async function createViaApi(tag: string, apiKey = producer.key): Promise<string> {
  const response = await rpc<{ event__id: string }>(
    db.authenticator,
    'create',
    { event_type: 'orders.order.placed', partition_key: tag },
    { apiKey },
  );
  if (response.status !== 200) throw new Error(`create answered ${response.status}: ${JSON.stringify(response.body)}`);
  return (response.body as { event__id: string }).event__id;
}

/** A reader: remembers where it is, hands back the tagged ids each read delivers. */
interface Reader {
  read(): Promise<string[]>;
}

/** The product's reader: lib_events.follow from its last cursor. */
function cursorReader(start: string, tag: string, max = 100): Reader {
  let cursor: string = start;
  return {
    async read() {
      const ids: string[] = [];
      for (;;) {
        const page = await followPage(cursor, max);
        for (const event of page) {
          cursor = event.cursor;
          if (event.partition_key === tag) ids.push(event.event__id);
        }
        if (page.length < max) return ids;
      }
    },
  };
}

/**
 * The naive reader the catch-up read must not be: "events with an id greater
 * than the last one I saw", over the events view. UUIDv7 ids are time-ordered,
 * so this is the same as following created_at.
 */
function naiveReader(tag: string): Reader {
  let lastSeen = '00000000-0000-0000-0000-000000000000';
  return {
    async read() {
      const response = await selectView<{ event__id: string }>(db.authenticator, 'events', {
        apiKey: reader.key,
        where: 'partition_key = $1 and event__id > $2',
        values: [tag, lastSeen],
        orderBy: 'event__id',
        limit: 1000,
      });
      const ids = (response.body as { event__id: string }[]).map((row) => row.event__id);
      if (ids.length) lastSeen = ids.at(-1) as string;
      return ids;
    },
  };
}

/**
 * Read until `wanted` ids were delivered, or until the reader found nothing
 * new for a while. A transaction held open elsewhere on the server (another
 * test file) holds the horizon back and delays delivery; it never changes it.
 */
async function readAll(readerUnderTest: Reader, delivered: string[], wanted: number): Promise<void> {
  for (let quiet = 0; delivered.length < wanted && quiet < 300; ) {
    const ids = await readerUnderTest.read();
    delivered.push(...ids);
    quiet = ids.length ? 0 : quiet + 1;
    if (delivered.length < wanted) await sleep(10);
  }
}

/**
 * Transaction A records an event and stays open; transaction B records a
 * later event and commits; the reader reads; A commits; the reader reads on.
 */
async function interleave(readerUnderTest: Reader) {
  const a = await db.admin.connect();
  const b = await db.admin.connect();
  const tag = currentTag;
  try {
    await a.query('begin');
    const aId = await createIn(a, tag);
    // Distinct milliseconds, so A's id sorts before B's whatever the random bits.
    await sleep(5);
    await b.query('begin');
    const bId = await createIn(b, tag);
    await b.query('commit');

    const whileAOpen = await readerUnderTest.read();
    await a.query('commit');
    const afterACommit: string[] = [];
    await readAll(readerUnderTest, afterACommit, whileAOpen.includes(bId) ? 1 : 2);
    return { aId, bId, whileAOpen, afterACommit, delivered: [...whileAOpen, ...afterACommit] };
  } finally {
    await a.query('rollback').catch(() => {});
    a.release();
    b.release();
  }
}
let currentTag = '';

describe('lib_events.follow', () => {
  it('hands out every event after the cursor, in order, page by page, with the cursor to resume from', async () => {
    const tag = newTag();
    const start = await head();
    const created: string[] = [];
    for (let i = 0; i < 7; i += 1) created.push(await createViaApi(tag));

    const delivered: FollowedEvent[] = [];
    let cursor = start;
    for (let quiet = 0; delivered.length < created.length && quiet < 300; ) {
      const page = await followPage(cursor, 3);
      expect(page.length).toBeLessThanOrEqual(3);
      for (const event of page) {
        cursor = event.cursor;
        if (event.partition_key === tag) delivered.push(event);
      }
      quiet = page.length ? 0 : quiet + 1;
      if (page.length < 3) await sleep(10);
    }

    expect(delivered.map((event) => event.event__id)).toEqual(created);
    expect(delivered[0]).toMatchObject({
      event_type: 'orders.order.placed',
      consumer: 'orders',
      partition_key: tag,
      payload: null,
      headers: expect.objectContaining({ event__id: created[0], consumer: 'orders' }),
    });
    // The cursor is the event's position in the log.
    expect(delivered[0]?.cursor).toMatch(/^\d+$/);
    expect(delivered.map((event) => event.cursor)).toEqual(delivered.map((event) => String(event.position)));
    expect(await followPage(cursor, 100)).toEqual([]);
  });

  it('starts at the beginning of the log when no cursor is given', async () => {
    const first = (await followPage(null, 1))[0];
    const { rows } = await db.admin.query<{ id: string }>(
      'select event__id as id from lib_event.log_entry where position = 1',
    );
    expect(first?.event__id).toBe(rows[0]?.id);
    expect((await follow('', 1)).body).toEqual(await followPage(null, 1));
  });

  it('follow_head is where a reader that wants only what comes next starts', async () => {
    const tag = newTag();
    const before = await createViaApi(tag);
    const seen: string[] = [];
    await readAll(cursorReader('', tag), seen, 1);
    expect(seen).toEqual([before]);

    // Once an event can be read, the head is at or past it.
    const start = await head();
    const after = await createViaApi(tag);
    const delivered: string[] = [];
    await readAll(cursorReader(start, tag), delivered, 1);
    expect(delivered).toEqual([after]);
  });

  it('reads the same pages over SQL (sqlPage) as over HTTP, for a login role holding lib_event_reader', async () => {
    const role = `follow_reader_${randomBytes(4).toString('hex')}`;
    await db.admin.query(`create role ${role} login password 'reader' in role lib_event_reader`);
    // PUBLIC may not connect: a login of one's own is granted CONNECT, as an operator does (db/security.md).
    await db.admin.query(`grant connect on database ${pg.escapeIdentifier(new URL(db.url).pathname.slice(1))} to ${role}`);
    const url = new URL(db.url);
    url.username = role;
    url.password = 'reader';
    const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
    try {
      const tag = newTag();
      await createViaApi(tag);
      await readAll(cursorReader('', tag), [], 1);
      // What one read returned is final: the same page size gives the same events.
      const overHttp = await followPage(null, 50);
      expect(overHttp.length).toBeGreaterThan(0);
      expect(await sqlPage(pool)(null, overHttp.length)).toEqual(overHttp);
    } finally {
      await pool.end();
      await db.admin.query(`drop owned by ${role}`);
      await db.admin.query(`drop role ${role}`);
    }
  });

  it('is open to reader keys and refused to producer-only keys', async () => {
    expect((await follow(null, 1, both.key)).status).toBe(200);
    const refused = await follow(null, 1, producer.key);
    expect(refused.status).toBe(403);
    expect((refused.body as PostgrestError).code).toBe('PT403');
    expect((await follow(null, 1, 'lek_not-a-key')).status).toBe(401);
  });

  it.each([
    ['a cursor that is not one', 'yesterday', 10, 'LE030'],
    ['a cursor without the event id', '1234/', 10, 'LE030'],
    ['a position beyond the end of the log', '999999999', 10, 'LE033'],
    ['a cursor naming an event this log does not hold', '5/01937a1c-2f4e-7d3a-9c1b-5e2f0a9d8c11', 10, 'LE033'],
    ['a cursor with a bad uuid', '1234/0193-nope', 10, 'LE030'],
    ['a cursor with a negative transaction', '-5/01937a1c-2f4e-7d3a-9c1b-5e2f0a9d8c11', 10, 'LE030'],
    ['page_size 0', null, 0, 'LE031'],
    ['page_size over 1000', null, 1001, 'LE031'],
  ])('refuses %s with 400 and its code', async (_, cursor, pageSize, code) => {
    const response = await follow(cursor, pageSize);
    expect(response.status).toBe(400);
    const error = response.body as PostgrestError;
    expect(error.code).toBe(code);
    expect(error.message).toContain(code === 'LE031' ? String(pageSize) : String(cursor));
  });

  it('takes an earlier-form cursor only with the transaction that recorded its event: 400 LE033 for any other, or one past the largest', async () => {
    const tag = newTag();
    const id = await createViaApi(tag);
    const after = await createViaApi(tag);
    await readAll(cursorReader('', tag), [], 2);
    const { rows: [recorded] } = await db.admin.query<{ xact_id: string }>('select xact_id::text from lib_event.event where event__id = $1', [id]);
    const xact = BigInt(recorded?.xact_id as string);
    // The form the earlier follow handed out resumes after its event.
    const resumed = await followPage(`${xact}/${id}`, 1000);
    expect(resumed.map((event) => event.event__id)).toContain(after);
    expect(resumed.map((event) => event.event__id)).not.toContain(id);
    for (const cursor of [`99999999999999999999/${id}`, `18446744073709551616/${id}`, `${xact + 1n}/${id}`, `0/${id}`]) {
      const refused = await follow(cursor, 10);
      expect(refused.status, cursor).toBe(400);
      expect(refused.body, cursor).toMatchObject({ code: 'LE033', message: expect.stringContaining(cursor) });
    }
  });

  it('still takes the older names: after for cursor, max for page_size, and gives checkpoint beside cursor', async () => {
    const tag = newTag();
    const start = await head();
    await createViaApi(tag);
    await createViaApi(tag);
    await readAll(cursorReader(start, tag), [], 2);
    const older = await rpc<FollowedEvent[]>(db.authenticator, 'follow', { after: start, max: 2 }, { apiKey: reader.key, method: 'GET' });
    expect(older.status).toBe(200);
    expect(older.body).toHaveLength(2);
    expect(older.body).toEqual(await followPage(start, 2));
    for (const event of older.body as FollowedEvent[]) expect(event.checkpoint).toBe(event.cursor);
    // Both names with the same value are one request; with different values, refused.
    const same = await rpc<FollowedEvent[]>(db.authenticator, 'follow', { cursor: start, after: start, page_size: 2, max: 2 }, { apiKey: reader.key, method: 'GET' });
    expect(same.body).toEqual(older.body);
    for (const [names, mentioned] of [[{ cursor: start, after: String(Number(start) + 1) }, 'after'], [{ page_size: 2, max: 3 }, 'max']] as const) {
      const refused = await rpc(db.authenticator, 'follow', names, { apiKey: reader.key, method: 'GET' });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'LE080', hint: expect.stringContaining(`${mentioned} is the older name`) });
    }
  });

  it('the sequencer walks the (xact_id, event__id) index rather than sorting the table', async () => {
    // A log of 100k events, in a transaction rolled back afterwards.
    const client = await db.admin.connect();
    try {
      await client.query('begin');
      await client.query(`select lib_event.set_notify_mode('relay')`);
      await client.query(
        `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers, xact_id)
         select lib_event.uuid_v7(now()), 'orders.order.placed', now(), now(), 'orders', '{}', (1000 + i / 3)::text::xid8
           from generate_series(1, 100000) i`,
      );
      await client.query('analyze lib_event.event');
      const inlined = await client.query<{ 'QUERY PLAN': string }>(
        `explain select event__id from lib_event.follow_after('20000'::xid8, '00000000-0000-0000-0000-000000000000', 100)`,
      );
      const plan = inlined.rows.map((row) => row['QUERY PLAN']).join('\n');
      // Inlined into the caller (no function scan), only the index is read
      // for the ids (each partition's copy of it, merged in order), and no
      // sort: the index order is the log order.
      expect(plan).toMatch(/Index Only Scan using \w*xact_id_event__id_idx/);
      expect(plan).not.toMatch(/Function Scan|(^|->)\s*Sort\s+\(/m);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});

describe('a transaction that records first and commits last', () => {
  it('holds the reader back until it commits, then its event is delivered exactly once, before the later one', async () => {
    currentTag = newTag();
    const outcome = await interleave(cursorReader(await head(), currentTag));

    // While A is open the reader does not pass A's event: B waits behind it.
    expect(outcome.whileAOpen).toEqual([]);
    expect(outcome.afterACommit).toEqual([outcome.aId, outcome.bId]);
  });

  it('is skipped forever by a naive "id greater than the last seen" reader (the trap the ordering test catches)', async () => {
    currentTag = newTag();
    const naive = naiveReader(currentTag);
    const outcome = await interleave(naive);

    expect(outcome.whileAOpen).toEqual([outcome.bId]);
    // A committed, but its id sorts before B's: the naive reader never sees it,
    // so the assertion the product's reader passes above fails for this one.
    expect(outcome.delivered).not.toContain(outcome.aId);
    expect(outcome.delivered).not.toEqual([outcome.aId, outcome.bId]);
    const { rows } = await db.admin.query('select 1 from lib_event.event where event__id = $1', [outcome.aId]);
    expect(rows).toHaveLength(1);
    expect(await naive.read()).toEqual([]);
  });

  it('never delivers an event whose transaction rolled back', async () => {
    const tag = newTag();
    const start = await head();
    const a = await db.admin.connect();
    try {
      await a.query('begin');
      const lost = await createIn(a, tag);
      const kept = await createViaApi(tag);
      await a.query('rollback');
      const delivered: string[] = [];
      await readAll(cursorReader(start, tag), delivered, 1);
      expect(delivered).toEqual([kept]);
      expect(delivered).not.toContain(lost);
    } finally {
      a.release();
    }
  });
});

describe('many producers and a reader at once', () => {
  it('delivers every committed id exactly once and no rolled-back one, in cursor order', async () => {
    const tag = newTag();
    const start = await head();
    const committed = new Set<string>();
    const rolledBack = new Set<string>();
    let producing = true;

    // Eight producers through the API (one transaction per call, as PostgREST).
    const apiProducers = Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 25; i += 1) {
        committed.add(await createViaApi(tag, Math.random() < 0.5 ? producer.key : both.key));
        if (Math.random() < 0.3) await sleep(Math.random() * 5);
      }
    });
    // Three producers that hold transactions open for a random while, record
    // one to three events, and sometimes roll back.
    const slowProducers = Array.from({ length: 3 }, async () => {
      const client = await db.admin.connect();
      try {
        for (let i = 0; i < 10; i += 1) {
          await client.query('begin');
          const ids: string[] = [];
          const count = 1 + Math.floor(Math.random() * 3);
          for (let j = 0; j < count; j += 1) {
            ids.push(await createIn(client, tag));
            await sleep(Math.random() * 20);
          }
          if (Math.random() < 0.2) {
            await client.query('rollback');
            for (const id of ids) rolledBack.add(id);
          } else {
            await client.query('commit');
            for (const id of ids) committed.add(id);
          }
        }
      } finally {
        client.release();
      }
    });

    const delivered: string[] = [];
    const cursors: string[] = [];
    const readerLoop = (async () => {
      let cursor = start;
      for (let quiet = 0; producing || (delivered.length < committed.size && quiet < 300); ) {
        const max = 1 + Math.floor(Math.random() * 30);
        const page = await followPage(cursor, max);
        for (const event of page) {
          cursor = event.cursor;
          cursors.push(event.cursor);
          if (event.partition_key === tag) delivered.push(event.event__id);
        }
        quiet = page.length ? 0 : quiet + 1;
        if (page.length < max) await sleep(Math.random() * 10);
      }
    })();

    await Promise.all([...apiProducers, ...slowProducers]);
    producing = false;
    await readerLoop;

    expect(committed.size).toBeGreaterThanOrEqual(200 + 24);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(new Set(delivered)).toEqual(committed);
    for (const id of rolledBack) expect(delivered).not.toContain(id);

    // Cursors are positions, handed out one after another with no gap.
    const positions = cursors.map(Number);
    expect(positions).toEqual(positions.map((_, i) => Number(start) + 1 + i));
  });
});

describe('followLog, the follower helper', () => {
  /** Pages as GET /rpc/follow serves them, with a reader key. */
  const readPage: ReadPage = followPage;
  const relayErrors: Error[] = [];
  /** Wait for a condition that the system under test will make true; fail with `what` if it never does. */
  const eventually = (what: string, condition: () => boolean | Promise<boolean>) => eventuallyWithin(what, condition, 30_000, 10);
  const setMode = (mode: 'inline' | 'relay') => setNotifyMode(db.admin, mode);
  const relay = (name: string) => startTestRelay(db, name, relayErrors);

  it('wakes on the sequencer\'s notification (relay mode: producers are silent), hands each event over once, and saves its cursor', async () => {
    await setMode('relay');
    const running = await relay('relay-helper');
    const tag = newTag();
    const handled: string[] = [];
    const saved: string[] = [];
    const follower = followLog({
      readPage,
      listen: { connectionString: db.url },
      cursor: await head(),
      onEvent: (event) => {
        if (event.partition_key === tag) handled.push(event.event__id);
      },
      saveCursor: (cursor) => {
        saved.push(cursor);
      },
      pageSize: 7,
      // Far longer than the test may take: only a notification wakes it.
      pollMs: 600_000,
      onError: (error) => relayErrors.push(error),
    });
    let resumed: ReturnType<typeof followLog> | undefined;
    try {
      // The second read follows the wake-up rung once LISTEN is in place.
      await eventually('the follower is listening', () => follower.reads >= 2);
      const ids = (await Promise.all(Array.from({ length: 4 }, async () => [await createViaApi(tag), await createViaApi(tag), await createViaApi(tag)]))).flat();
      await eventually('every event is handled', () => ids.every((id) => handled.includes(id)));
      await follower.stop();
      expect(handled).toHaveLength(ids.length);
      expect(new Set(handled)).toEqual(new Set(ids));
      expect(saved.at(-1)).toBe(follower.cursor);

      // Restarted from the saved cursor, without a listener (polling only):
      // only what came after is handed over.
      await running.stop();
      const later = [await createViaApi(tag), await createViaApi(tag)];
      const handledAfterRestart: string[] = [];
      resumed = followLog({
        readPage,
        cursor: saved.at(-1) as string,
        onEvent: (event) => {
          if (event.partition_key === tag) handledAfterRestart.push(event.event__id);
        },
        saveCursor: () => {},
        pollMs: 20,
        onError: (error) => relayErrors.push(error),
      });
      await eventually('the later events are handled', () => later.every((id) => handledAfterRestart.includes(id)));
      await resumed.stop();
      expect(handledAfterRestart).toEqual(later);
    } finally {
      await follower.stop();
      await resumed?.stop();
      await running.stop();
    }
    expect(relayErrors).toEqual([]);
  });

  it('follows in inline mode too, and stops with the error when the callback throws, keeping what it handled', async () => {
    await setMode('inline');
    const tag = newTag();
    const handled: string[] = [];
    const saved: string[] = [];
    const follower = followLog({
      readPage,
      listen: { connectionString: db.url },
      cursor: await head(),
      onEvent: (event) => {
        if (event.partition_key !== tag) return;
        // The second event of ours fails.
        if (handled.length === 1) throw new Error(`cannot handle ${event.event__id}`);
        handled.push(event.event__id);
      },
      saveCursor: (cursor) => {
        saved.push(cursor);
      },
      pollMs: 50,
    });
    // Two events in one transaction: one page, the second one fails.
    const { rows } = await db.admin.query<{ id: string }>(
      `select (lib_events.create('shipping.parcel.sent', partition_key => $1)).event__id as id from generate_series(1, 2)`,
      [tag],
    );
    // One transaction: log order is id order.
    const [first, second] = rows.map((row) => row.id).sort() as [string, string];
    await expect(follower.done).rejects.toThrow(`cannot handle ${second}`);
    expect(handled).toEqual([first]);
    const { rows: [placed] } = await db.admin.query<{ position: string }>(
      'select position::text from lib_event.log_entry where event__id = $1', [first]);
    expect(saved.at(-1)).toBe(placed?.position);
    expect(follower.cursor).toBe(placed?.position);
  });
  it('takes the older option names from and saveCheckpoint, and refuses a start without a cursor', async () => {
    const tag = newTag();
    const start = await head();
    const ids = [await createViaApi(tag), await createViaApi(tag)];
    const handled: string[] = [];
    const saved: string[] = [];
    const follower = followLog({
      readPage,
      from: start,
      onEvent: (event) => {
        if (event.partition_key === tag) handled.push(event.event__id);
      },
      saveCheckpoint: (cursor) => {
        saved.push(cursor);
      },
      pollMs: 20,
    });
    await eventually('both events are handled', () => handled.length === ids.length);
    await follower.stop();
    expect(handled).toEqual(ids);
    expect(follower.checkpoint).toBe(follower.cursor);
    expect(saved.at(-1)).toBe(follower.cursor);
    // The types refuse these; a JavaScript caller is told at once.
    // @ts-expect-error: no cursor (nor from)
    expect(() => followLog({ readPage, onEvent: () => {}, saveCursor: () => {} })).toThrow(/needs cursor/);
    // @ts-expect-error: no saveCursor (nor saveCheckpoint)
    expect(() => followLog({ readPage, cursor: null, onEvent: () => {} })).toThrow(/needs saveCursor/);
    // @ts-expect-error: a name and its older name, disagreeing
    expect(() => followLog({ readPage, cursor: null, from: start, onEvent: () => {}, saveCursor: () => {} })).toThrow(/cursor and from disagree/);
  });
});
