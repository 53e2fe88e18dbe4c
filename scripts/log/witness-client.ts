/**
 * Witness cosigning, the log's side of c2sp.org/tlog-witness: each new C2SP
 * checkpoint goes to every configured witness as add-checkpoint, with a
 * consistency proof from the size that witness last cosigned; the
 * cosignatures (c2sp.org/tlog-cosignature) it returns are checked against
 * its vkey and stored (lib_event.add_cosignature), so GET /checkpoints
 * serves them in the note. A 409 names the witness's size: the proof is made
 * again from there. A witness that is down or refuses is retried with
 * backoff; each witness has its own loop and connection, so none ever holds
 * up recording, sequencing or signing.
 *
 * Configured by LIB_EVENT_WITNESSES: a JSON array of { "url": submission
 * prefix, "vkey": the witness's verifier key }; the sequencer runs it.
 */
import pg from 'pg';
import { parseNote, parseVkey, verifiedSigners, type Verifier } from './checkpoint-note.ts';

export interface WitnessConfig {
  /** The witness's submission prefix: add-checkpoint is POSTed to <url>/add-checkpoint. */
  url: string;
  /** Its verifier key (type 0x04, cosignature/v1). */
  vkey: string;
}

/** LIB_EVENT_WITNESSES, checked: a JSON array of { url, vkey }. */
export function parseWitnesses(text: string): WitnessConfig[] {
  const expected = 'a JSON array of {"url": "<submission prefix>", "vkey": "<name>+<key ID>+<key>"}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`LIB_EVENT_WITNESSES is not JSON (${(error as Error).message}): expected ${expected}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`LIB_EVENT_WITNESSES: expected ${expected}`);
  return parsed.map((entry: { url?: unknown; vkey?: unknown }, index) => {
    if (typeof entry?.url !== 'string' || !/^https?:\/\//.test(entry.url) || typeof entry.vkey !== 'string') {
      throw new Error(`LIB_EVENT_WITNESSES, entry ${index + 1}: expected ${expected}`);
    }
    if (parseVkey(entry.vkey).type !== 0x04) throw new Error(`LIB_EVENT_WITNESSES, entry ${index + 1}: ${entry.vkey} is not a cosignature key (type 0x04)`);
    return { url: entry.url.replace(/\/+$/, ''), vkey: entry.vkey };
  });
}

export interface WitnessingOptions {
  /** The sequencer's connection string (lib_event_sequencer, or the owner's). */
  databaseUrl: string;
  witnesses: WitnessConfig[];
  /** How often to look for a new checkpoint, in ms; default 500. */
  pollMs?: number;
  /** The first retry after a failure, doubled each time up to maxRetryMs; defaults 1,000 and 60,000. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Told of every failure: a witness down, refusing, or answering what does not verify. */
  onError?: (error: Error) => void;
}

export interface WitnessingHandle {
  stop(): Promise<void>;
}

/** One witness's loop: send the newest checkpoint whenever it is newer than what the witness cosigned. */
async function witnessLoop(db: pg.Client, config: WitnessConfig, options: WitnessingOptions, stopped: () => boolean, sleep: (ms: number) => Promise<void>): Promise<void> {
  const witness = parseVkey(config.vkey);
  const onError = options.onError ?? ((error: Error) => console.error(`witness ${witness.name}: ${error.message}`));
  // cosigned: the largest checkpoint of ours it cosigned; old: the size it holds, as it says (409).
  let cosigned: number | undefined;
  let old = 0;
  let retry = options.retryMs ?? 1000;
  const failed = async (message: string) => {
    onError(new Error(`witness ${witness.name} (${config.url}): ${message}; retrying in ${retry} ms`));
    await sleep(retry);
    retry = Math.min(retry * 2, options.maxRetryMs ?? 60_000);
  };
  while (!stopped()) {
    try {
      if (cosigned === undefined) {
        cosigned = Number((await db.query<{ size: string }>('select lib_event.witnessed_size($1) as size', [witness.name])).rows[0]?.size ?? 0);
        old = cosigned;
      }
      const { rows: [latest] } = await db.query<{ size: string | null }>('select max(tree_size)::text as size from lib_event.log_checkpoint where origin is not null');
      const size = Number(latest?.size ?? 0);
      if (size === 0 || size <= cosigned) {
        await sleep(options.pollMs ?? 500);
        continue;
      }
      if (old > size) {
        await failed(`the witness has cosigned a tree of ${old} events, larger than this log's newest checkpoint (${size}): has it seen another history of this origin?`);
        old = cosigned; // ask again later: the log may have grown past it
        continue;
      }
      const { rows: [request] } = await db.query<{ body: string | null }>('select lib_event.witness_request($1, $2) as body', [old, size]);
      if (!request?.body) {
        await failed(`no consistency proof from size ${old} to ${size}`);
        continue;
      }
      const response = await fetch(`${config.url}/add-checkpoint`, { method: 'POST', body: request.body, signal: AbortSignal.timeout(10_000) });
      const text = await response.text();
      if (response.status === 409) {
        const theirs = /^(0|[1-9][0-9]*)\n$/.exec(text);
        if (!theirs || Number(theirs[1]) === old) {
          await failed(`409 without a usable size (${JSON.stringify(text.slice(0, 100))})`);
          continue;
        }
        old = Number(theirs[1]);
        continue; // ask again, with the proof from the witness's size
      }
      if (response.status !== 200) {
        await failed(`add-checkpoint of ${size} from ${old}: ${response.status} ${text.trim().slice(0, 200)}`);
        continue;
      }
      const checkpoint = request.body.slice(request.body.indexOf('\n\n') + 2);
      const cosignatures = cosignaturesOf(checkpoint, text, witness);
      if (cosignatures.length === 0) {
        await failed(`add-checkpoint of ${size}: no cosignature from ${witness.vkey} that verifies in ${JSON.stringify(text.slice(0, 200))}`);
        continue;
      }
      for (const line of cosignatures) await db.query('select lib_event.add_cosignature($1, $2, $3, $4)', [size, witness.name, line.keyId, line.signature]);
      cosigned = size;
      old = size;
      retry = options.retryMs ?? 1000;
    } catch (error) {
      if (stopped()) return;
      await failed((error as Error).message);
    }
  }
}

/** The witness's signature lines in a response that verify on the checkpoint. */
function cosignaturesOf(checkpoint: string, response: string, witness: Verifier) {
  const { signers, failures } = verifiedSigners(checkpoint + response, [witness]);
  if (failures.length > 0 || signers.length === 0) return [];
  return parseNote(checkpoint + response).signatures.filter((s) => s.name === witness.name && s.keyId.equals(witness.keyId));
}

export function startWitnessing(options: WitnessingOptions): WitnessingHandle {
  let stopped = false;
  const wakers = new Set<() => void>();
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      wakers.delete(done);
      resolve();
    }
    wakers.add(done);
  });
  const loops = options.witnesses.map(async (config) => {
    while (!stopped) {
      const db = new pg.Client({ connectionString: options.databaseUrl });
      db.on('error', () => {});
      try {
        await db.connect();
        await witnessLoop(db, config, options, () => stopped, sleep);
      } catch (error) {
        if (!stopped) (options.onError ?? console.error)(new Error(`witnessing: ${(error as Error).message}`));
        await sleep(options.retryMs ?? 1000);
      } finally {
        await db.end().catch(() => {});
      }
    }
  });
  return {
    async stop() {
      stopped = true;
      for (const wake of [...wakers]) wake();
      await Promise.all(loops);
    },
  };
}
