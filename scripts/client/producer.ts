/**
 * A producer that never waits: record() queues an event and returns at once;
 * batches go out with create_many in the background, retried until durable.
 *
 *   const producer = createProducer({ transport: sqlTransport(pool) });
 *   producer.record({ event_type: 'billing.invoice.paid', payload: { invoice: 'INV-1' } });
 *   const receipt = await producer.record({ event_type: 'billing.invoice.sent' }); // durable
 *   await producer.close(); // everything queued is recorded first (past closeTimeoutMs, reported in a CloseTimeoutError)
 *
 * Guarantees:
 * - every event carries an idempotency key (a random UUID unless given), so
 *   a batch retried after a lost answer is recorded once;
 * - one batch is in flight at a time, so a producer's events are recorded
 *   in the order record() was called;
 * - an event is refused only when the server says the event is at fault
 *   (a 4xx with a lib_event code or a PostgreSQL data error: refusesEvent);
 *   everything else (a lost connection, a 5xx, an error without a code) is
 *   retried with jittered exponential backoff, until close() stops waiting;
 * - a refused event is never retried: its promise rejects, onError hears of
 *   it, and the rest of its batch is recorded (create_many is all or
 *   nothing, so a refused batch is split in halves until the refused event
 *   stands alone);
 * - memory is bounded: past maxQueuedEvents or maxQueuedBytes, record()
 *   rejects with QueueFullError (overflow 'reject', counted) or waits for
 *   room (overflow 'wait').
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createLibEventClient } from './client.ts';
import { wakeableDelay } from './wakeable-delay.ts';

/** An event as create takes it. */
export interface ProducerEvent {
  event_type: string;
  payload?: unknown;
  headers?: Record<string, unknown>;
  occurred_at?: string;
  source?: string | null;
  partition_key?: string | null;
  idempotency_key?: string;
}

/** What recording an event returns once it is durable. */
export interface Receipt {
  event__id: string;
  event_type: string;
  occurred_at: string;
  created_at: string;
  consumer: string;
  headers: Record<string, unknown>;
}

/** How a batch went: receipts in order, or why not and whether a retry may help. */
export type SendResult =
  | { ok: true; receipts: Receipt[] }
  | { ok: false; retryable: boolean; error: ProducerError; retryAfterMs?: number };

/** Sends one batch with create_many. HTTP and SQL are here; a RabbitMQ one plugs in the same way. */
export interface Transport {
  /** `json[i]` is `events[i]` as JSON, serialized once when it was recorded: a transport sends it as it is. */
  send(events: ProducerEvent[], json?: string[]): Promise<SendResult>;
  close?(): Promise<void>;
}

/** Why an event was not recorded: the server's error body (code, message, details, hint), or the transport's. */
export class ProducerError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly details: string | null;
  readonly hint: string | null;
  constructor(body: { code: string; message: string; details?: string | null; hint?: string | null }, status?: number) {
    super(body.message);
    this.name = 'ProducerError';
    this.code = body.code;
    this.status = status;
    this.details = body.details ?? null;
    this.hint = body.hint ?? null;
  }
}

/**
 * close() waited its timeoutMs and these events are still not known to be
 * durable (the database was out of reach): some may have committed, some
 * not. They keep their idempotency keys, so recording them again, with a
 * new producer once the log is back, records each exactly once.
 */
export class CloseTimeoutError extends Error {
  readonly events: ProducerEvent[];
  constructor(events: ProducerEvent[], timeoutMs: number) {
    super(`close() waited ${timeoutMs} ms and ${events.length} events are not known to be durable: keep them (error.events, with their idempotency keys) and record them again once the log answers; an event that did commit is then recorded once`);
    this.name = 'CloseTimeoutError';
    this.events = events;
  }
}

/** record() past the queue's bounds with overflow 'reject'. */
export class QueueFullError extends Error {
  constructor(events: number, bytes: number) {
    super(`the producer's queue is full (${events} events, ${bytes} bytes queued): record fewer events, or raise maxQueuedEvents / maxQueuedBytes`);
    this.name = 'QueueFullError';
  }
}

export interface ProducerOptions {
  transport: Transport;
  /** Send a batch once it holds this many events; default 100 (create_many takes at most 1000). */
  batchEvents?: number;
  /** ... or this many bytes of JSON; default 1 MiB. */
  batchBytes?: number;
  /** ... or once its first event has waited this long, in ms; default 20. */
  lingerMs?: number;
  /** Bounds of the queue (events not yet durable); defaults 10,000 events and 16 MiB. */
  maxQueuedEvents?: number;
  maxQueuedBytes?: number;
  /** Past the bounds: 'reject' (default) rejects record() with QueueFullError; 'wait' holds the event until there is room. */
  overflow?: 'reject' | 'wait';
  /** First retry delay and the most a delay grows to, in ms; defaults 50 and 5000. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long close() waits for the queue to become durable, in ms, unless it is given timeoutMs; default 30,000. */
  closeTimeoutMs?: number;
  /** Told of each refused event, with the server's answer; it is not retried. */
  onError?: (event: ProducerEvent, error: ProducerError) => void;
}

/** Counters and latencies a service can export. */
export interface ProducerStats {
  queuedEvents: number;
  queuedBytes: number;
  sent: number;
  retried: number;
  failed: number;
  rejected: number;
  /** Time record() took, in µs. */
  enqueueP50Us: number;
  enqueueP99Us: number;
  /** Time from record() to durable, in ms. */
  commitP50Ms: number;
  commitP99Ms: number;
}

export interface Producer {
  /** Queue one event; no I/O here. The promise settles when it is durable (its receipt) or refused. */
  record(event: ProducerEvent): Promise<Receipt>;
  /** Resolves once everything recorded so far is durable or refused. */
  flush(): Promise<void>;
  /**
   * Stop taking events, record what is queued, release the transport. Waits
   * at most timeoutMs (closeTimeoutMs, 30 s by default); past it, rejects
   * with a CloseTimeoutError holding the events not known to be durable
   * (their record() promises reject with it too). Nothing is dropped unsaid.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
  stats(): ProducerStats;
}

interface Pending {
  event: ProducerEvent;
  /** The event as JSON, serialized once: counted here, sent as it is. */
  json: string;
  bytes: number;
  enqueuedAt: number;
  resolve(receipt: Receipt): void;
  reject(error: Error): void;
}

/** The last `size` samples, for percentiles. */
class Samples {
  private readonly values: number[] = [];
  private next = 0;
  constructor(private readonly size = 10_000) {}
  add(value: number): void {
    if (this.values.length < this.size) this.values.push(value);
    else this.values[this.next++ % this.size] = value;
  }
  percentile(p: number): number {
    if (this.values.length === 0) return 0;
    const sorted = [...this.values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sizes and delays a producer works with: its options, or their defaults. */
interface Limits {
  batchEvents: number;
  batchBytes: number;
  lingerMs: number;
  maxQueuedEvents: number;
  maxQueuedBytes: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

function limitsOf(options: ProducerOptions): Limits {
  return {
    batchEvents: Math.min(options.batchEvents ?? 100, 1000),
    batchBytes: options.batchBytes ?? 1024 * 1024,
    lingerMs: options.lingerMs ?? 20,
    maxQueuedEvents: options.maxQueuedEvents ?? 10_000,
    maxQueuedBytes: options.maxQueuedBytes ?? 16 * 1024 * 1024,
    retryBaseMs: options.retryBaseMs ?? 50,
    retryMaxMs: options.retryMaxMs ?? 5000,
  };
}

/** A promise with its resolve and reject at hand. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A producer's queue and the loop that sends it, one batch in flight at a time. */
class SendQueue {
  readonly queue: Pending[] = [];
  /** Events held for room (overflow 'wait'), in the order record() was called. */
  readonly waiting: { event: ProducerEvent; admit(): void; reject(error: Error): void }[] = [];
  /** Set when close() stops waiting: nothing is sent or retried any more. */
  abandoned = false;
  private endBackoff: (() => void) | undefined;
  queuedBytes = 0;
  closed = false;
  /** flush() calls under way: while any is, a batch goes out without lingering. */
  flushing = 0;
  sending: Promise<void> | undefined;
  private endLinger: (() => void) | undefined;
  readonly counters = { sent: 0, retried: 0, failed: 0, rejected: 0 };
  readonly commitMs = new Samples();

  constructor(
    private readonly options: ProducerOptions,
    private readonly limits: Limits,
    private readonly onError: (event: ProducerEvent, error: ProducerError) => void,
  ) {}

  hasRoom(bytes: number): boolean {
    return this.queue.length < this.limits.maxQueuedEvents && this.queuedBytes + bytes <= this.limits.maxQueuedBytes;
  }

  enqueue(event: ProducerEvent, resolve: (r: Receipt) => void, reject: (e: Error) => void, json: string, started: number): void {
    const bytes = Buffer.byteLength(json);
    this.queue.push({ event, json, bytes, enqueuedAt: started, resolve, reject });
    this.queuedBytes += bytes;
    this.pump();
  }

  /** Start the sending loop if it is not running (it runs while anything is queued), or cut its linger short. */
  pump(): void {
    if (this.sending) {
      if (this.batchReady()) this.endLinger?.();
      return;
    }
    this.sending = (async () => {
      try {
        while (this.queue.length > 0 && !this.abandoned) {
          if (!this.batchReady()) {
            await wakeableDelay(this.limits.lingerMs, (end) => {
              this.endLinger = end;
            });
          }
          await this.deliver(this.nextBatch());
        }
      } finally {
        this.sending = undefined;
      }
    })();
  }

  private batchReady(): boolean {
    if (this.queue.length === 0) return false;
    if (this.queue.length >= this.limits.batchEvents || this.closed || this.flushing > 0) return true;
    let bytes = 0;
    for (const item of this.queue) if ((bytes += item.bytes) >= this.limits.batchBytes) return true;
    return false;
  }

  /** The front of the queue as one batch: up to batchEvents events and batchBytes bytes (at least one). */
  private nextBatch(): Pending[] {
    const batch: Pending[] = [];
    let bytes = 0;
    for (const item of this.queue) {
      if (batch.length === this.limits.batchEvents || (batch.length > 0 && bytes + item.bytes > this.limits.batchBytes)) break;
      batch.push(item);
      bytes += item.bytes;
    }
    return batch;
  }

  /** Send `batch` until it is durable; a refused batch is halved until the refused event stands alone. */
  private async deliver(batch: Pending[]): Promise<void> {
    for (let attempt = 0; !this.abandoned; attempt += 1) {
      const result = await this.options.transport.send(batch.map((item) => item.event), batch.map((item) => item.json));
      if (result.ok) return this.settle(batch, { receipts: result.receipts });
      if (!result.retryable) {
        if (batch.length === 1) return this.settle(batch, { error: result.error });
        const half = Math.ceil(batch.length / 2);
        await this.deliver(batch.slice(0, half));
        return this.deliver(batch.slice(half));
      }
      this.counters.retried += 1;
      const ceiling = Math.min(this.limits.retryMaxMs, this.limits.retryBaseMs * 2 ** Math.min(attempt, 20));
      // A server that says when to come back (429 with Retry-After: the log's
      // backlog is past its bound) is not asked sooner.
      const backoff = ceiling / 2 + Math.random() * (ceiling / 2);
      await wakeableDelay(Math.max(backoff, result.retryAfterMs ?? 0), (end) => {
        this.endBackoff = end;
      });
    }
  }

  /** Stop sending; every event not yet durable is rejected with the error `because` makes of them, and returned. */
  abandon(because: (events: ProducerEvent[]) => Error): ProducerEvent[] {
    this.abandoned = true;
    const pending = this.queue.splice(0);
    const held = this.waiting.splice(0);
    this.queuedBytes = 0;
    const events = [...pending.map((item) => item.event), ...held.map((item) => item.event)];
    const error = because(events);
    for (const item of [...pending, ...held]) item.reject(error);
    this.endBackoff?.();
    this.endLinger?.();
    return events;
  }

  private settle(pending: Pending[], outcome: { receipts: Receipt[] } | { error: ProducerError }): void {
    // After close() gave up, these events were already reported not durable.
    if (this.abandoned) return;
    this.queue.splice(0, pending.length);
    for (const [index, item] of pending.entries()) {
      this.queuedBytes -= item.bytes;
      if ('receipts' in outcome) {
        this.counters.sent += 1;
        this.commitMs.add(performance.now() - item.enqueuedAt);
        item.resolve(outcome.receipts[index] as Receipt);
      } else {
        this.counters.failed += 1;
        this.onError(item.event, outcome.error);
        item.reject(outcome.error);
      }
    }
    while (this.waiting.length > 0 && this.hasRoom(0)) this.waiting.shift()?.admit();
  }
}

export function createProducer(options: ProducerOptions): Producer {
  const sender = new SendQueue(options, limitsOf(options), options.onError ?? (() => {}));
  const enqueueUs = new Samples();

  return {
    record(given) {
      const started = performance.now();
      const event = given.idempotency_key === undefined ? { ...given, idempotency_key: randomUUID() } : given;
      const durable = deferred<Receipt>();
      // A caller may ignore the promise; a refusal then goes to onError alone.
      durable.promise.catch(() => {});
      if (sender.closed) {
        durable.reject(new Error('the producer is closed'));
        return durable.promise;
      }
      const json = JSON.stringify(event);
      const bytes = Buffer.byteLength(json);
      // Events already waiting for room go first: order is kept.
      if (sender.waiting.length === 0 && (sender.hasRoom(bytes) || sender.queue.length === 0)) {
        sender.enqueue(event, durable.resolve, durable.reject, json, started);
      } else if ((options.overflow ?? 'reject') === 'reject') {
        sender.counters.rejected += 1;
        durable.reject(new QueueFullError(sender.queue.length, sender.queuedBytes));
      } else {
        sender.waiting.push({ event, admit: () => sender.enqueue(event, durable.resolve, durable.reject, json, started), reject: durable.reject });
      }
      enqueueUs.add((performance.now() - started) * 1000);
      return durable.promise;
    },
    async flush() {
      sender.flushing += 1;
      try {
        while (sender.queue.length > 0 || sender.waiting.length > 0 || sender.sending) {
          sender.pump();
          await (sender.sending ?? sleep(1));
        }
      } finally {
        sender.flushing -= 1;
      }
    },
    async close(given = {}) {
      sender.closed = true;
      const timeoutMs = given.timeoutMs ?? options.closeTimeoutMs ?? 30_000;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waited = await Promise.race([
        this.flush().then(() => 'durable' as const),
        new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), timeoutMs))),
      ]);
      clearTimeout(timer);
      let timedOut: CloseTimeoutError | undefined;
      if (waited === 'timed out') sender.abandon((events) => (timedOut = new CloseTimeoutError(events, timeoutMs)));
      await options.transport.close?.();
      if (timedOut) throw timedOut;
    },
    stats() {
      return {
        queuedEvents: sender.queue.length,
        queuedBytes: sender.queuedBytes,
        ...sender.counters,
        enqueueP50Us: enqueueUs.percentile(50),
        enqueueP99Us: enqueueUs.percentile(99),
        commitP50Ms: sender.commitMs.percentile(50),
        commitP99Ms: sender.commitMs.percentile(99),
      };
    },
  };
}

/**
 * Whether the server's answer says the event itself is at fault, so that
 * sending it again cannot succeed: a lib_event code (LExxx, or PT4xx: too
 * large, unknown key, not allowed), a PostgreSQL data exception (class 22)
 * or integrity violation (class 23: an idempotency key reused with other
 * content), or PostgREST's request errors (PGRST1xx: a body it cannot read).
 * Anything else may have been the server's state of the moment and is sent
 * again with the same idempotency keys: an error without a code (PostgREST
 * answers one with 400, as `_ -> HTTP.status400` in mapSQLtoHTTP,
 * src/library/PostgREST/Error.hs, which happens when PostgreSQL dies
 * mid-request), any other SQLSTATE, a 5xx, a lost connection.
 */
export function refusesEvent(code: string): boolean {
  // PT429: the log's backlog is past its bound; the same events go through later.
  return code !== 'PT429' && /^(LE\d{3}|PT4\d\d|2[23][0-9A-Z]{3}|PGRST1\d\d)$/.test(code);
}

/** The body of create_many, {"events": [...]}, from each event's JSON when given (serialized once, at record()). */
function batchBody(events: ProducerEvent[], json?: string[]): string {
  return json && json.length === events.length ? `{"events":[${json.join(',')}]}` : JSON.stringify({ events });
}

/** A Retry-After header in seconds (RFC 9110, 10.2.3; an HTTP date is not sent by lib_event), in ms, capped at a minute. */
function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after') ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 60) * 1000 : undefined;
}

/**
 * Sends batches with lib_events.create_many over a pg pool, as a login role
 * holding lib_event_producer (events are recorded under that role's name).
 */
export function sqlTransport(pool: pg.Pool): Transport {
  return {
    async send(events, json) {
      try {
        const { rows } = await pool.query<Receipt>('select * from lib_events.create_many($1::jsonb)', [batchBody(events, json)]);
        return { ok: true, receipts: rows };
      } catch (error) {
        const pgError = error as Partial<pg.DatabaseError>;
        if (typeof pgError.code === 'string' && /^[0-9A-Z]{5}$/.test(pgError.code)) {
          return {
            ok: false,
            retryable: !refusesEvent(pgError.code),
            error: new ProducerError({ code: pgError.code, message: pgError.message ?? '', details: pgError.detail, hint: pgError.hint }),
          };
        }
        // No SQLSTATE: the connection failed (reset, refused, timed out).
        return { ok: false, retryable: true, error: new ProducerError({ code: 'NETWORK', message: (error as Error).message }) };
      }
    },
  };
}

/**
 * Sends batches to POST /rpc/create_many through PostgREST with the typed
 * client, as {"events": [...]} (the form PostgREST passes whatever keys the
 * events have). Only a 4xx whose code refuses the event (refusesEvent) is
 * final; 5xx answers, codeless or unknown errors and network errors are retried.
 */
export function httpTransport(options: { baseUrl: string; apiKey: string; fetch?: typeof fetch }): Transport {
  const client = createLibEventClient(options);
  return {
    async send(events, json) {
      try {
        const sent = batchBody(events, json);
        const { data, error, response } = await client.POST('/rpc/create_many', { body: { events } as never, bodySerializer: () => sent });
        if (response.ok) return { ok: true, receipts: data as unknown as Receipt[] };
        // A body that is not PostgREST's error object (a proxy's page, nothing) names no code.
        const given = error as { code?: unknown; message?: unknown; details?: string | null; hint?: string | null } | undefined;
        const body = typeof given === 'object' && given !== null && typeof given.code === 'string'
          ? { code: given.code, message: String(given.message ?? ''), details: given.details, hint: given.hint }
          : { code: '', message: `HTTP ${response.status} ${response.statusText}`.trim() };
        const refused = response.status >= 400 && response.status < 500 && refusesEvent(body.code);
        return { ok: false, retryable: !refused, error: new ProducerError(body, response.status), retryAfterMs: retryAfterMs(response) };
      } catch (error) {
        return { ok: false, retryable: true, error: new ProducerError({ code: 'NETWORK', message: (error as Error).message }) };
      }
    },
  };
}
