import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { eventually } from '../support/eventually.ts';
import { listenCreated, setNotifyMode } from '../support/notifications.ts';
import { rpc } from '../support/postgrest-call.ts';

// A relay or bridge of the version before the vocabulary migration
// (20261128001300) keeps running through an upgrade: its tables' former
// names stay as views of lib_event.relay_cursor and lib_event.bridge_cursor.
// The statements below are the ones that version runs, word for word
// (scripts/relay/relay.ts and scripts/broker/amqp-bridge.ts at 7b92e2c).

const earlierRelayStart = `insert into lib_event.relay_checkpoint (relay, checkpoint)
     values ($1, lib_event.relay_head())
     on conflict (relay) do nothing`;

const earlierRelayStep = `with claimed as (
         select c.checkpoint
           from lib_event.relay_checkpoint c
          where c.relay = $1
            for update
       ),
       page as (
         select p.event__id, p.checkpoint, p.n
           from claimed,
                lib_event.relay_positions(claimed.checkpoint, $2) with ordinality as p (event__id, checkpoint, n)
       ),
       sent as (
         select pg_catalog.count(pg_catalog.pg_notify('lib_event.created', chunk.payload)) as notifications
           from (select pg_catalog.string_agg(page.event__id::text, ',' order by page.n) as payload
                   from page
                  group by (page.n - 1) / $3) as chunk
       ),
       moved as (
         update lib_event.relay_checkpoint c
            set checkpoint = last.checkpoint,
                emitted = c.emitted + last.n,
                updated_at = pg_catalog.now()
           from (select page.checkpoint, page.n from page order by page.n desc limit 1) as last, sent
          where c.relay = $1 and sent.notifications > 0
         returning c.checkpoint, last.n
       )
       select coalesce((select moved.checkpoint from moved), (select claimed.checkpoint from claimed)) as checkpoint,
              coalesce((select moved.n from moved), 0)::integer as announced`;

const earlierBridgeSave = `insert into lib_event.bridge_checkpoint (bridge, checkpoint, published) values ($1, $2, $3)
           on conflict (bridge) do update set checkpoint = excluded.checkpoint,
             published = lib_event.bridge_checkpoint.published + excluded.published, updated_at = now()`;

let db: TestDatabase;
let producer: IssuedKey;

beforeAll(async () => {
  db = await createTestDatabase({ sequencer: true });
  producer = await issueKey(db.admin, 'shipping', 'producer');
});
afterAll(() => db.drop());

async function create(): Promise<string> {
  const response = await rpc<{ event__id: string }>(db.authenticator, 'create', { event_type: 'shipping.parcel.sent' }, { apiKey: producer.key });
  if (response.status !== 200) throw new Error(`create answered ${response.status}: ${JSON.stringify(response.body)}`);
  return (response.body as { event__id: string }).event__id;
}

describe('a relay of the earlier version, during an upgrade', () => {
  it('starts, announces every id once and moves its position, as lib_event_relay, through lib_event.relay_checkpoint', async () => {
    const name = `earlier-${randomBytes(3).toString('hex')}`;
    const relay = new pg.Client({ connectionString: db.relayUrl });
    await relay.connect();
    const listener = await listenCreated(db);
    try {
      await setNotifyMode(db.admin, 'relay');
      await relay.query(earlierRelayStart, [name]);
      await relay.query(earlierRelayStart, [name]);
      const ids = [await create(), await create(), await create()];
      await db.placed();
      let announced = 0;
      await eventually('the earlier relay announces the three ids', async () => {
        const { rows } = await relay.query<{ checkpoint: string; announced: number }>(earlierRelayStep, [name, 1000, 200]);
        announced += rows[0]?.announced ?? 0;
        return announced >= ids.length;
      }, 30_000, 10);
      await listener.drain();
      for (const id of ids) expect(listener.count(id)).toBe(1);
      const { rows } = await db.admin.query<{ cursor: string; emitted: string; head: string }>(
        'select cursor, emitted, lib_events.follow_head() as head from lib_event.relay_cursor where relay = $1', [name]);
      expect(rows[0]?.cursor).toBe(rows[0]?.head);
      expect(Number(rows[0]?.emitted)).toBe(announced);
    } finally {
      await setNotifyMode(db.admin, 'inline');
      await listener.close();
      await relay.end();
    }
  });
});

describe('a bridge of the earlier version, during an upgrade', () => {
  it('saves its position through lib_event.bridge_checkpoint, first insert then update', async () => {
    const name = `earlier-${randomBytes(3).toString('hex')}`;
    await db.admin.query(earlierBridgeSave, [name, '3', 3]);
    await db.admin.query(earlierBridgeSave, [name, '5', 2]);
    const { rows } = await db.admin.query<{ cursor: string; published: string }>(
      'select cursor, published from lib_event.bridge_cursor where bridge = $1', [name]);
    expect(rows).toEqual([{ cursor: '5', published: '5' }]);
    const { rows: seen } = await db.admin.query('select checkpoint from lib_event.bridge_checkpoint where bridge = $1', [name]);
    expect(seen).toEqual([{ checkpoint: '5' }]);
  });
});
