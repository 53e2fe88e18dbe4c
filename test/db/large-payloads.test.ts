import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followLog, sqlPage, sqlPayload, type FollowedEvent } from '../../scripts/client/follow.ts';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { rpc, selectView, type PostgrestError } from '../support/postgrest-call.ts';

interface PageRow {
  event__id: string;
  event_type: string;
  headers: Record<string, unknown>;
  payload: unknown;
  payload_deferred: boolean;
  payload_size: number | null;
  payload_sha256: string | null;
  checkpoint?: string;
  cursor?: string;
}

let db: TestDatabase;
let producer: IssuedKey;
let reader: IssuedKey;

beforeAll(async () => {
  db = await createTestDatabase({ sequencer: true });
  producer = await issueKey(db.admin, 'storage', 'producer');
  reader = await issueKey(db.admin, 'archive-desk', 'reader');
});
afterAll(() => db.drop());

const MiB = 1024 * 1024;
const create = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  rpc<{ event__id: string }>(db.authenticator, 'create', body, { apiKey: producer.key, headers });
const follow = (after: string | null, max?: number) =>
  rpc<PageRow[]>(db.authenticator, 'follow', { after, max }, { apiKey: reader.key, method: 'GET' });
const find = (args: Record<string, unknown>) =>
  rpc<PageRow[]>(db.authenticator, 'find', args, { apiKey: reader.key, method: 'GET' });
const eventPayload = (id: string) =>
  rpc<unknown>(db.authenticator, 'event_payload', { event__id: id }, { apiKey: reader.key, method: 'GET' });

async function eventCount(): Promise<number> {
  const { rows } = await db.admin.query<{ n: number }>('select count(*)::int as n from lib_event.event');
  return rows[0]?.n ?? -1;
}

/** Events recorded by the owner straight into the table, with payloads built in the server. */
async function insertDirectly(eventType: string, count: number, payloadSql: string): Promise<string[]> {
  const { rows } = await db.admin.query<{ id: string }>(
    `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers, payload)
     select s.id, $1, lib_event.uuid_time(s.id), lib_event.uuid_time(s.id), 'ops', '{}', ${payloadSql}
       from (select lib_event.uuid_v7() as id, g from generate_series(1, $2) g) s
     returning event__id as id`,
    [eventType, count],
  );
  // In log order: ids made in the same millisecond are not in the order made.
  return rows.map((row) => row.id).sort();
}

/** Every page of follow from the start until it comes back empty. */
async function followAll(max?: number): Promise<PageRow[][]> {
  const pages: PageRow[][] = [];
  let after: string | null = null;
  await db.placed();
  for (;;) {
    const response = await follow(after, max);
    expect(response.status).toBe(200);
    const page = response.body as PageRow[];
    if (page.length === 0) return pages;
    pages.push(page);
    after = page.at(-1)?.checkpoint ?? null;
  }
}

const pageBytes = (page: PageRow[]) =>
  page.reduce((sum, row) => sum + Buffer.byteLength(JSON.stringify(row.headers)) + Buffer.byteLength(JSON.stringify(row.payload ?? '')), 0);

describe('a payload over 256 KiB', () => {
  let id: string;
  let payload: { blob: string };
  beforeAll(async () => {
    payload = { blob: 'y'.repeat(300 * 1024) };
    const response = await create({ event_type: 'storage.blob.uploaded', payload });
    expect(response.status).toBe(200);
    id = (response.body as { event__id: string }).event__id;
  });

  it('is left out of pages, which carry its size and the SHA-256 of its JSON text', async () => {
    const { rows } = await db.admin.query<{ text: string }>('select payload::text as text from lib_event.event where event__id = $1', [id]);
    const text = rows[0]?.text as string;
    const expected = {
      payload: null,
      payload_deferred: true,
      payload_size: Buffer.byteLength(text),
      payload_sha256: createHash('sha256').update(text).digest('hex'),
    };
    const followed = (await followAll()).flat().find((row) => row.event__id === id);
    expect(followed).toMatchObject(expected);
    const found = (await find({ event_type: 'storage.blob.uploaded' })).body as PageRow[];
    expect(found.find((row) => row.event__id === id)).toMatchObject(expected);
    const viewed = (await selectView<PageRow>(db.authenticator, 'events', { apiKey: reader.key, where: 'event__id = $1', values: [id], limit: 1 })).body as PageRow[];
    expect(viewed[0]).toMatchObject(expected);
  });

  it('reaches followLog\'s onEvent whole when the follower is given readPayload', async () => {
    const seen = new Map<string, FollowedEvent>();
    const follower = followLog({
      readPage: sqlPage(db.admin),
      readPayload: sqlPayload(db.admin),
      from: null,
      pollMs: 20,
      onEvent: (event) => {
        seen.set(event.event__id, event);
      },
      saveCheckpoint: () => {},
    });
    for (let i = 0; i < 500 && !seen.has(id); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    await follower.stop();
    expect(seen.get(id)).toMatchObject({ payload, payload_deferred: true });
  });
});

describe('a payload of 256 KiB or less', () => {
  it('stays in the page', async () => {
    const payload = { blob: 'z'.repeat(200 * 1024) };
    const id = ((await create({ event_type: 'storage.blob.noted', payload })).body as { event__id: string }).event__id;
    const row = (await followAll()).flat().find((r) => r.event__id === id);
    expect(row).toMatchObject({ payload, payload_deferred: false, payload_size: null, payload_sha256: null });
  });
});

describe('pages bounded by bytes', () => {
  it('end before 16 MiB of headers and payloads, and the next page goes on exactly after', async () => {
    // 100 payloads of 192,000 bytes: under the deferral bound, 18 MiB in all.
    const ids = await insertDirectly('bulk.page.filled', 100, `jsonb_build_object('blob', repeat(md5(g::text), 6000))`);
    const rows = (await followAll(1000)).map((page) => page.filter((row) => row.event_type === 'bulk.page.filled'));
    const pages = rows.filter((page) => page.length > 0);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(pageBytes(page)).toBeLessThanOrEqual(16 * MiB);
    expect(pages.flat().map((row) => row.event__id)).toEqual(ids);
    expect(pages.flat().every((row) => !row.payload_deferred)).toBe(true);

    const found: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = (await find({ event_type: 'bulk.page.filled', page_size: 1000, ...(cursor ? { cursor } : {}) })).body as PageRow[];
      if (page.length === 0) break;
      expect(page.length).toBeLessThan(100);
      expect(pageBytes(page)).toBeLessThanOrEqual(16 * MiB);
      found.push(...page.map((row) => row.event__id));
      cursor = page.at(-1)?.cursor;
    }
    expect(found).toEqual([...ids].reverse());
  });
});

describe('a stretch of 100 MiB events, with default settings', () => {
  let big: string[];
  beforeAll(async () => {
    // Above the ceiling create enforces: recorded by the owner, as events
    // recorded before the ceiling existed may be.
    await create({ event_type: 'storage.stretch.began' });
    big = await insertDirectly('storage.stretch.huge', 3, `jsonb_build_object('blob', repeat('x', 100 * 1024 * 1024))`);
    await create({ event_type: 'storage.stretch.ended' });
  });

  it('does not stop a follower: every event once, in order, the huge ones deferred', async () => {
    const rows = (await followAll()).flat();
    expect(new Set(rows.map((row) => row.event__id)).size).toBe(rows.length);
    const stretch = rows.filter((row) => row.event_type.startsWith('storage.stretch.'));
    expect(stretch.map((row) => row.event_type)).toEqual(['storage.stretch.began', ...big.map(() => 'storage.stretch.huge'), 'storage.stretch.ended']);
    for (const row of stretch.filter((r) => r.event_type === 'storage.stretch.huge')) {
      expect(row).toMatchObject({ payload: null, payload_deferred: true });
      expect(row.payload_size).toBeGreaterThan(100 * MiB);
    }
  });

  it('does not stop find, nor GET /events with limit=100', async () => {
    const found = (await find({})).body as PageRow[];
    expect(found.filter((row) => big.includes(row.event__id))).toHaveLength(3);
    const viewed = await selectView<PageRow>(db.authenticator, 'events', { apiKey: reader.key, orderBy: 'created_at desc', limit: 100 });
    expect(viewed.status).toBe(200);
    expect((viewed.body as PageRow[]).filter((row) => big.includes(row.event__id)).every((row) => row.payload === null)).toBe(true);
  });

  it('does not stop the relay, which reads ids alone', async () => {
    await db.placed();
    const relay = new pg.Client({ connectionString: db.relayUrl });
    await relay.connect();
    try {
      const { rows } = await relay.query<{ event__id: string }>('select event__id from lib_event.relay_positions(null, 1000)');
      for (const id of big) expect(rows.map((row) => row.event__id)).toContain(id);
    } finally {
      await relay.end();
    }
  });
});

describe('the payload ceiling: 64 MiB', () => {
  it('refuses a payload over it with 413, naming the limit, and writes nothing', async () => {
    const before = await eventCount();
    const response = await create({ event_type: 'storage.blob.uploaded', payload: 'x'.repeat(65 * MiB) });
    expect(response.status).toBe(413);
    expect((response.body as PostgrestError).code).toBe('PT413');
    expect((response.body as PostgrestError).message).toContain(String(64 * MiB));
    expect(await eventCount()).toBe(before);
  });

  it('refuses a request body over 65 MiB from its Content-Length, before the body is parsed', async () => {
    const before = await eventCount();
    const response = await create({ event_type: 'storage.blob.uploaded' }, { 'Content-Length': String(70 * MiB) });
    expect(response.status).toBe(413);
    expect((response.body as PostgrestError).message).toContain('request body');
    expect(await eventCount()).toBe(before);
  });

  it.each([['with leading zeros', `000000${70 * MiB}`], ['of more than 18 digits', '9'.repeat(30)]])(
    'refuses a Content-Length %s the same way, as Warp reads it', async (_label, length) => {
      const before = await eventCount();
      const response = await create({ event_type: 'storage.blob.uploaded' }, { 'Content-Length': length });
      expect(response.status).toBe(413);
      expect((response.body as PostgrestError).message).toContain('request body');
      expect(await eventCount()).toBe(before);
    });

  it('accepts a payload near it', async () => {
    const payload = { blob: 'n'.repeat(60 * MiB) };
    const response = await create({ event_type: 'storage.blob.uploaded', payload });
    expect(response.status).toBe(200);
    const read = await eventPayload((response.body as { event__id: string }).event__id);
    expect((read.body as { blob: string }).blob.length).toBe(60 * MiB);
  });
});
