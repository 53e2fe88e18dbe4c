/**
 * The sequencer: gives committed events their positions and leaf hashes
 * (lib_event.sequence_events) as they come, and signs a checkpoint of the
 * tree (a C2SP signed note, Ed25519, key outside the database:
 * scripts/log/signing-key.ts, scripts/log/checkpoint-note.ts) every
 * CHECKPOINT_EVERY_MS when there are new events, and on demand
 * (POST /rpc/request_checkpoint NOTIFYs lib_event.checkpoint_requested).
 * It also notes when each API key was last used (scripts/log/key-use.ts).
 *
 * CLI: npm run sequencer, with DATABASE_URL (as lib_event_sequencer), or
 * the database npm start runs; npm start runs it too.
 */
import { sign } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { parseCommand, runCommand } from '../command.ts';
import { startProgress, type Progress } from '../progress.ts';
import { keepRunning, refuseStandby } from '../database/sessions.ts';
import { keyUsedChannel, keyUseNotes } from './key-use.ts';
import { loadSigningKey, type SigningKey } from './signing-key.ts';
import { writeTiles } from './tiles.ts';
import { parseWitnesses, startWitnessing, type WitnessConfig } from './witness-client.ts';

export interface SequencerOptions {
  /** The owner's or a superuser's connection string. */
  databaseUrl: string;
  signingKey?: SigningKey;
  /** The log's origin (a scheme-less URL, LIB_EVENT_LOG_ORIGIN); default the stored one, else lib_event.default_origin(). */
  origin?: string;
  /** A directory to keep c2sp.org/tlog-tiles hash tiles and the checkpoint in after each checkpoint (LIB_EVENT_TILES_DIR; scripts/log/tiles.ts). */
  tilesDir?: string;
  /** Witnesses that cosign each new checkpoint (LIB_EVENT_WITNESSES; scripts/log/witness-client.ts), in loops of their own. */
  witnesses?: WitnessConfig[];
  /** Events per sequencing transaction; default 1000. */
  batch?: number;
  /** Pause when caught up, in ms; default 20. */
  idleMs?: number;
  /** A checkpoint at most this often when the tree grew, in ms; default 10,000. */
  checkpointEveryMs?: number;
  onError?: (error: Error) => void;
}

export interface SequencerHandle {
  /**
   * Sign a checkpoint once the sequencer is caught up (and the tree holds at
   * least `minimumSize` events: events commit before they can be sequenced,
   * and a transaction still open anywhere on the server holds them back);
   * resolves with its tree size.
   */
  checkpoint(minimumSize?: number): Promise<number>;
  stop(): Promise<void>;
  readonly sequenced: number;
}

/**
 * Sign and store a checkpoint of the tree as it is, a C2SP signed note
 * (c2sp.org/tlog-checkpoint) under the log's origin (`origin` when given,
 * which must be the stored one, else the stored or default one); returns its
 * size (no new checkpoint when the last has this size).
 */
export async function signCheckpoint(db: pg.ClientBase, key: SigningKey, origin?: string): Promise<number> {
  const { rows: [state] } = await db.query<{ size: string; signed: string | null; at: string; origin: string; text: string }>(
    // The time to the millisecond, passed back as text: what is stored is what was signed.
    `select s.size, (select max(tree_size) from lib_event.log_checkpoint)::text as signed, s.at::text as at, s.origin,
            lib_event.checkpoint_body(s.origin, s.size, lib_event.tree_root(s.size)) as text
       from (select lib_event.tree_size() as size, date_trunc('milliseconds', now()) as at, lib_event.log_origin($1) as origin) s`,
    [origin ?? null]);
  if (!state || state.size === state.signed || state.size === '0') return Number(state?.size ?? 0);
  const signature = sign(null, Buffer.from(state.text, 'utf8'), key.privateKey);
  await db.query('select lib_event.add_checkpoint($1, $2, $3, $4, $5, $6)', [state.size, state.at, key.publicKeyPem, key.keyId, signature, state.origin]);
  return Number(state.size);
}

/** Checkpoints asked for over the API (lib_events.request_checkpoint) are signed at most this often. */
const onDemandEveryMs = 1000;

export function startSequencer(options: SequencerOptions): SequencerHandle {
  const key = options.signingKey ?? loadSigningKey();
  const onError = options.onError ?? ((error: Error) => console.error(`sequencer: ${error.message}`));
  let stopped = false;
  let sequenced = 0;
  let waiting: { minimumSize: number; resolve: (size: number) => void; reject: (error: Error) => void }[] = [];

  async function session(): Promise<void> {
    const db = new pg.Client({ connectionString: options.databaseUrl });
    db.on('error', () => {});
    // Woken by commits (inline notify mode) and by checkpoint requests; it
    // also looks every idleMs, for the relay mode's silent commits.
    let wake: (() => void) | undefined;
    let requestedAt = 0;
    // Keys' uses heard since the last note; lost with this session (a
    // reconnect starts afresh: the next use is announced within a minute).
    const keyUses = keyUseNotes();
    db.on('notification', (message) => {
      if (message.channel === keyUsedChannel) return keyUses.heard(message.payload);
      if (message.channel === 'lib_event.checkpoint_requested') requestedAt ||= Date.now();
      wake?.();
    });
    let catchUp: Progress | undefined;
    await db.connect();
    try {
      await refuseStandby(db, 'the sequencer');
      await db.query(`listen "lib_event.created"; listen "lib_event.checkpoint_requested"; listen "${keyUsedChannel}"`);
      let signedAt = 0;
      let tiledSize = 0;
      const batch = options.batch ?? 1000;
      while (!stopped) {
        const started = performance.now();
        const { rows: [row] } = await db.query<{ added: number }>('select lib_event.sequence_events($1) as added', [batch]);
        const added = row?.added ?? 0;
        sequenced += added;
        // The metrics' counters, in a transaction of their own: a batch
        // placed is never undone by a failure to count it.
        await db.query('select lib_event.tally_sequenced($1, $2)', [added, (performance.now() - started) / 1000]);
        await keyUses.noteIfDue(db);
        // A catch-up (full batches one after another) reports its progress
        // once it lasts: to the log, every few seconds.
        if (added === batch) {
          catchUp ??= startProgress({ label: 'sequencer: catching up', unit: 'events' });
          catchUp.advance(added);
        } else if (catchUp) {
          catchUp.advance(added);
          catchUp.finish();
          catchUp = undefined;
        }
        if (added > 0) continue;
        const sinceSigned = Date.now() - signedAt;
        const due = sinceSigned >= (options.checkpointEveryMs ?? 10_000)
          || (requestedAt > 0 && sinceSigned >= onDemandEveryMs) || waiting.length > 0;
        if (due) {
          requestedAt = 0;
          const size = await signCheckpoint(db, key, options.origin);
          signedAt = Date.now();
          // Published tiles follow each checkpoint; a failure to write them
          // is reported and never holds recording or sequencing back.
          if (options.tilesDir && size > tiledSize) {
            await writeTiles(db, options.tilesDir).then(
              ({ treeSize }) => { tiledSize = treeSize; },
              (error: Error) => onError(new Error(`tiles: ${error.message}`)));
          }
          for (const waiter of waiting.filter((w) => w.minimumSize <= size)) waiter.resolve(size);
          waiting = waiting.filter((w) => w.minimumSize > size);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, options.idleMs ?? 20);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    } finally {
      catchUp?.finish();
      await db.end().catch(() => {});
    }
  }

  const witnessing = options.witnesses?.length ? startWitnessing({ databaseUrl: options.databaseUrl, witnesses: options.witnesses, onError }) : undefined;
  const running = keepRunning(session, () => stopped, (error) => {
    for (const waiter of waiting.splice(0)) waiter.reject(error);
    onError(error);
  });
  return {
    checkpoint: (minimumSize = 0) => new Promise<number>((resolve, reject) => {
      waiting.push({ minimumSize, resolve, reject });
    }),
    async stop() {
      stopped = true;
      await Promise.all([running, witnessing?.stop()]);
    },
    get sequenced() {
      return sequenced;
    },
  };
}

async function main(): Promise<void> {
  parseCommand({
    usage: 'npm run sequencer',
    description: `Give every committed event its log position and leaf hash, and sign checkpoints of the Merkle tree;
note when each API key was last used (the API announces a key's use on lib_event.key_used).

Connects to DATABASE_URL (as lib_event_sequencer), or to the database npm start runs. The Ed25519
signing key comes from LIB_EVENT_SIGNING_KEY (PEM), or LIB_EVENT_SIGNING_KEY_FILE (default
.data/signing/ed25519.pem, made on first start). CHECKPOINT_EVERY_MS (10000): how often a checkpoint
is signed when there are new events. Checkpoints are C2SP signed notes (c2sp.org/tlog-checkpoint) whose
first line is the log's origin: LIB_EVENT_LOG_ORIGIN (a scheme-less URL such as audit.example.com/lib_event),
kept from the first checkpoint on; default lib-event.invalid/<database>/<cluster id>. LIB_EVENT_WITNESSES: a JSON
array of {"url", "vkey"} of witnesses (c2sp.org/tlog-witness) asked to cosign each new checkpoint.
LIB_EVENT_TILES_DIR: a directory where the hash tiles (c2sp.org/tlog-tiles) and the checkpoint are
kept up to date after each checkpoint, for a static web server to publish (npm run tiles does it once).`,
  });
  const sequencer = startSequencer({
    // Imported only without DATABASE_URL: the compose service has no dev dependencies.
    databaseUrl: process.env.DATABASE_URL ?? (await import('../database/local-database.ts')).adminUrl(),
    ...(process.env.CHECKPOINT_EVERY_MS ? { checkpointEveryMs: Number(process.env.CHECKPOINT_EVERY_MS) } : {}),
    ...(process.env.LIB_EVENT_LOG_ORIGIN ? { origin: process.env.LIB_EVENT_LOG_ORIGIN } : {}),
    ...(process.env.LIB_EVENT_WITNESSES ? { witnesses: parseWitnesses(process.env.LIB_EVENT_WITNESSES) } : {}),
    ...(process.env.LIB_EVENT_TILES_DIR ? { tilesDir: process.env.LIB_EVENT_TILES_DIR } : {}),
  });
  console.log('sequencer: sequencing and signing');
  const shutdown = async () => {
    await sequencer.stop();
    console.log(`sequencer: stopped after ${sequencer.sequenced} events`);
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
