/**
 * Follow the lib_event log: every committed event, once, in order, from a
 * cursor you keep.
 *
 * Pages come from lib_events.follow (GET /rpc/follow?cursor=...&page_size=...),
 * which hands out the log by position, so it never skips an event committed
 * late and its cursors hold in a restored copy of the database. The
 * follower wakes when the sequencer announces new positions on
 * lib_event.sequenced (pg LISTEN) and also polls, so it catches up after a
 * missed notification or with no listener at all.
 *
 *   const follower = followLog({
 *     readPage: sqlPage(pool),
 *     listen: { connectionString },
 *     cursor: await loadMyCursor(),
 *     onEvent: async (event) => { ... },
 *     saveCursor: (cursor) => saveMyCursor(cursor),
 *   });
 *   ...
 *   await follower.stop();
 *
 * Delivery: each event is handed to onEvent once per run, in log order, and
 * the cursor after a page is saved once its events were handled. A process
 * that dies between handling an event and saving its cursor gets that event
 * again on restart: make onEvent idempotent, or save the cursor
 * (event.cursor) in the same transaction as its effect.
 *
 * Older names still work: `from` for cursor, `saveCheckpoint` for saveCursor,
 * `checkpoint` for the cursor of an event and of a Follower.
 */
import pg from 'pg';
import { wakeableDelay } from './wakeable-delay.ts';

/** An event as lib_events.follow returns it, as JSON. */
export interface FollowedEvent {
  event__id: string;
  event_type: string;
  occurred_at: string;
  created_at: string;
  source: string | null;
  partition_key: string | null;
  consumer: string;
  headers: Record<string, unknown>;
  /** The content; null when deferred (over 256 KiB), unless the follower was given readPayload. */
  payload: unknown;
  /** Resume after this event: pass it as `cursor`; its position, as text. */
  cursor: string;
  /** @deprecated The same as cursor, under its older name. */
  checkpoint: string;
  /** Whether the payload was left out of the page for its size: lib_events.event_payload returns it. */
  payload_deferred: boolean;
  /** For a deferred payload, its bytes of JSON text; null otherwise. */
  payload_size: number | null;
  /** For a deferred payload, the SHA-256 of its JSON text, hex; null otherwise. */
  payload_sha256: string | null;
  /** The event's position in the log: 1, 2, 3, ... the same in every copy of the log. */
  position: number;
}

/** Fetch at most `pageSize` events after a cursor (null: from the beginning). */
export type ReadPage = (cursor: string | null, pageSize: number) => Promise<FollowedEvent[]>;

/** Fetch the payload of one event, whatever its size (lib_events.event_payload). */
export type ReadPayload = (eventId: string) => Promise<unknown>;

/** The channel the sequencer announces new log positions on (payload: the number of events in the log). */
export const sequencedChannel = 'lib_event.sequenced';

/** The channel event ids are announced on as they commit (by the producers' trigger or the relay); followers wake on sequencedChannel. */
export const createdChannel = 'lib_event.created';

/**
 * A ReadPage over a direct database connection, for a login role that holds
 * lib_event_reader. The rows come back as the same JSON PostgREST serves.
 */
export function sqlPage(db: Pick<pg.Pool, 'query'> | Pick<pg.Client, 'query'>): ReadPage {
  return async (cursor, pageSize) => {
    const { rows } = await db.query<{ page: FollowedEvent[] }>(
      `select coalesce(json_agg(f), '[]') as page from lib_events.follow($1, $2) f`,
      [cursor, pageSize],
    );
    return rows[0]?.page ?? [];
  };
}

/** A ReadPayload over a direct database connection, for a login role that holds lib_event_reader. */
export function sqlPayload(db: Pick<pg.Pool, 'query'> | Pick<pg.Client, 'query'>): ReadPayload {
  return async (eventId) => {
    const { rows } = await db.query<{ payload: unknown }>('select lib_events.event_payload($1) as payload', [eventId]);
    return rows[0]?.payload ?? null;
  };
}

/** Where a follower starts: `cursor`, or (as it shipped first) `from`; one of the two. */
export type FollowStart =
  | {
    /** The cursor to start after: the last one saved, or null for the beginning (lib_events.follow_head() for "from now"). */
    cursor: string | null;
    from?: never;
  }
  | {
    /** @deprecated The older name of cursor. */
    from: string | null;
    cursor?: never;
  };

/** Where a follower keeps its cursor: `saveCursor`, or (as it shipped first) `saveCheckpoint`; one of the two. */
export type FollowSave =
  | {
    /** Persist the cursor after the events handled so far. */
    saveCursor: (cursor: string) => void | Promise<void>;
    saveCheckpoint?: never;
  }
  | {
    /** @deprecated The older name of saveCursor. */
    saveCheckpoint: (cursor: string) => void | Promise<void>;
    saveCursor?: never;
  };

export type FollowOptions = FollowStart & FollowSave & {
  /** Where pages come from: sqlPage(pool), or a GET /rpc/follow call. */
  readPage: ReadPage;
  /** A connection used only to LISTEN on lib_event.sequenced; any login role may listen. Without it, the follower polls. */
  listen?: { connectionString: string };
  /** Handle one event. A throw stops the follower (done rejects): the events before it are saved, not this one. */
  onEvent: (event: FollowedEvent) => void | Promise<void>;
  /**
   * Fetch each deferred payload (over 256 KiB) before onEvent sees its event:
   * sqlPayload(pool), or a GET /rpc/event_payload call. Without it such
   * events arrive with payload null and payload_deferred true.
   */
  readPayload?: ReadPayload;
  /** Events per read, 1 to 1000; default 100. */
  pageSize?: number;
  /** Longest wait between reads without a notification, in ms; default 1000. */
  pollMs?: number;
  /** Told about read and listen errors; the follower retries after pollMs. Default: console.error. */
  onError?: (error: Error) => void;
};

export interface Follower {
  /** Finish the event under way, save the cursor, stop listening. */
  stop(): Promise<void>;
  /** Settles when the follower stops: rejects when onEvent or saveCursor threw. */
  done: Promise<void>;
  /** The cursor after the last event handled (null before the first). */
  readonly cursor: string | null;
  /** @deprecated The same as cursor, under its older name. */
  readonly checkpoint: string | null;
  /** Reads completed so far. */
  readonly reads: number;
}

/**
 * One of a name and its older name (the types allow only one; a JavaScript
 * caller may send both, refused when they differ, like LE080 in SQL).
 */
function oneOf<T>(name: string, value: T | undefined, olderName: string, olderValue: T | undefined): T | undefined {
  if (value !== undefined && olderValue !== undefined && value !== olderValue) {
    throw new Error(`followLog: ${name} and ${olderName} disagree; ${olderName} is the older name of ${name}: give only ${name}`);
  }
  return value !== undefined ? value : olderValue;
}

/** Where to start: cursor, or its older name from (null is the beginning). */
function startingCursor(options: FollowOptions): string | null {
  const given = oneOf('cursor', options.cursor, 'from', options.from);
  if (given === undefined) throw new Error('followLog needs cursor: the last one saved, or null for the beginning');
  return given;
}

function cursorSaver(options: FollowOptions): (cursor: string) => void | Promise<void> {
  const save = oneOf('saveCursor', options.saveCursor, 'saveCheckpoint', options.saveCheckpoint);
  if (!save) throw new Error('followLog needs saveCursor: where the cursor is kept between runs');
  return save;
}

// Long on purpose: one closure holds the state its parts share (cursor, listener, wake-up), and its loop reads as the delivery contract above.
export function followLog(options: FollowOptions): Follower {
  const pageSize = options.pageSize ?? 100;
  const pollMs = options.pollMs ?? 1000;
  const onError = options.onError ?? ((error: Error) => console.error(`lib_event follow: ${error.message}`));
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new Error(`pageSize ${pageSize} is out of range: use 1 to 1000`);
  }

  let cursor = startingCursor(options);
  const saveCursor = cursorSaver(options);
  let reads = 0;
  let stopped = false;
  let woken = false;
  let wake: (() => void) | undefined;
  let listener: pg.Client | undefined;
  let listening: Promise<void> | undefined;

  const ring = () => {
    woken = true;
    wake?.();
  };

  /** Connect the listener if it is not; failures fall back to polling. */
  function ensureListener(): void {
    if (!options.listen || listener || listening || stopped) return;
    const client = new pg.Client({ connectionString: options.listen.connectionString });
    client.on('notification', (message) => {
      if (message.channel === sequencedChannel) ring();
    });
    client.on('error', (error) => {
      onError(error);
      if (listener === client) listener = undefined;
      client.end().catch(() => {});
    });
    listening = (async () => {
      try {
        await client.connect();
        await client.query(`listen "${sequencedChannel}"`);
        if (stopped) {
          await client.end();
          return;
        }
        listener = client;
        // Something may have been recorded while connecting.
        ring();
      } catch (error) {
        onError(error as Error);
        await client.end().catch(() => {});
      } finally {
        listening = undefined;
      }
    })();
  }

  function pause(ms: number): Promise<void> {
    if (woken || stopped) return Promise.resolve();
    return wakeableDelay(ms, (finish) => {
      wake = finish;
    });
  }

  const done = (async () => {
    try {
      while (!stopped) {
        ensureListener();
        woken = false;
        let page: FollowedEvent[];
        try {
          page = await options.readPage(cursor, pageSize);
        } catch (error) {
          onError(error as Error);
          await pause(pollMs);
          continue;
        }
        reads += 1;
        let handled = 0;
        let payloadUnread = false;
        try {
          for (const event of page) {
            if (stopped) break;
            if (event.payload_deferred && options.readPayload) {
              try {
                event.payload = await options.readPayload(event.event__id);
              } catch (error) {
                // Like a failed read: retried from this event after pollMs.
                onError(error as Error);
                payloadUnread = true;
                break;
              }
            }
            await options.onEvent(event);
            cursor = event.cursor ?? event.checkpoint;
            handled += 1;
          }
        } catch (error) {
          // Keep what was handled before the failing event, then stop.
          if (handled > 0 && cursor !== null) await saveCursor(cursor);
          throw error;
        }
        if (handled > 0 && cursor !== null) await saveCursor(cursor);
        // A page may end early at its byte budget: only an empty one means caught up.
        if (page.length === 0 || payloadUnread) await pause(pollMs);
      }
    } finally {
      stopped = true;
      await listening;
      await listener?.end().catch(() => {});
      listener = undefined;
    }
  })();
  // The caller may only ever await stop(); keep an unobserved failure from
  // crashing the process twice.
  done.catch(() => {});

  return {
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
    done,
    get cursor() {
      return cursor;
    },
    get checkpoint() {
      return cursor;
    },
    get reads() {
      return reads;
    },
  };
}
