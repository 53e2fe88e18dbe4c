/**
 * npm run verify: recompute the log from the events and check it against the
 * signed checkpoints. Exit 0 when intact; otherwise exit 1 naming the first
 * place found altered, removed, inserted or reordered, and the check that
 * failed.
 *
 * Checks, in this order: every checkpoint's Ed25519 signature (with the
 * public key the auditor trusts: --public-key, else the database's own, with
 * a warning); every position from 1 up, dense, its event present and hashing
 * (scripts/log/log-hash.ts, from the specification) to the leaf sequenced; the
 * tree of the recomputed leaves against every checkpoint's root; no event
 * placed after a checkpoint signed long after it was recorded (a backdated
 * id); no checkpoint beyond the log's end; no event the sequencer's walk has
 * passed left out of the log. Archived events come from the archive files
 * when given (scripts/log/verify-archive.ts).
 */
import { verify as verifySignature, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { parseCommand, runCommand, UsageError } from '../command.ts';
import { adminUrl } from '../database/local-database.ts';
import { copyRows } from '../database/copy-rows.ts';
import { startProgress } from '../progress.ts';
import { checkpointText, eventLeaf, MerkleBuilder, verifyInclusion, type EventLeaf, type StoredEvent } from './log-hash.ts';
import { databaseCheckpointsQuery, signedTextStates } from './checkpoint-note.ts';
import { checkableOffline, verifyBundleFile } from './proof-bundle.ts';
import { witnessFailures, witnessQuorum } from './verify-witness.ts';
import { keyIdOf } from './signing-key.ts';
import { archivedLeaves, type ArchivedLeaf } from './verify-archive.ts';
import { readPublicKeys } from './verify-keys.ts';

export interface Checkpoint {
  tree_size: string;
  root_hash: string;
  /** UTC, as signed: 2026-11-28T06:40:00.123000Z. */
  signed_at: string;
  key_id: string;
  /** base64. */
  signature: string;
  /** The text signed, as GET /checkpoints serves it: when given, it is what is verified. */
  signed_text?: string;
  /** A C2SP checkpoint's origin and signed note (with witnesses' cosignatures); null for a lib_event checkpoint v1. */
  origin?: string | null;
  note?: string | null;
}

export interface VerifyOptions {
  /** PEM public keys the auditor trusts; default the database's lib_events.log_keys. */
  publicKeys?: string[];
  /** Where publicKeys came from (a file name), for the report; default "the keys given". */
  publicKeysFrom?: string;
  /** Checkpoints kept elsewhere; default the database's. */
  checkpoints?: Checkpoint[];
  /** Where checkpoints came from (a file name), for the report; default "the checkpoints given". */
  checkpointsFrom?: string;
  /** Archive files (npm run archive): events of dropped partitions are recomputed from them. */
  archiveDir?: string;
  /** How long a producer's transaction may stay open: an event older than that when a checkpoint without it was signed fails. Default 1 hour. */
  backdateToleranceMs?: number;
  /** Witnesses' vkeys (cosignature/v1): the newest C2SP checkpoint must be cosigned by witnessQuorum of them (default all). */
  witnesses?: string[];
  witnessQuorum?: number;
}

/**
 * What a check took on trust and where from, said in every mode: the keys
 * signatures were checked with, and the checkpoints the log was held to.
 */
export interface Trusted {
  keyIds: string[];
  keysFrom: string;
  /** The tree sizes of the checkpoints trusted. */
  checkpoints: number[];
  checkpointsFrom: string;
}

export interface VerifyResult {
  ok: boolean;
  failures: string[];
  events: number;
  /** Events erased (lib_event.erase) whose leaves were recomputed from their kept commitment. */
  erased: number;
  /** Events recorded before salted leaves and erased on purpose: taken at the leaf the log stored. */
  unprovable: number;
  checkpoints: number;
  warnings: string[];
  trusted: Trusted;
}

/** The source of whatever an auditor did not give: no copy of their own. */
export const theDatabase = 'the database being verified';

/** PEM public keys by the key id checkpoints name them with. */
const keysById = (pems: string[]): Map<string, KeyObject> => new Map(pems.map((pem) => {
  const key = createPublicKey(pem);
  return [keyIdOf(key), key];
}));

async function trustedKeys(client: pg.ClientBase, options: VerifyOptions): Promise<{ keys: Map<string, KeyObject>; from: string }> {
  if (options.publicKeys) return { keys: keysById(options.publicKeys), from: options.publicKeysFrom ?? 'the keys given' };
  const { rows } = await client.query<{ public_key: string }>('select public_key from lib_event.log_key');
  return { keys: keysById(rows.map((row) => row.public_key)), from: theDatabase };
}

async function trustedCheckpoints(client: pg.ClientBase, options: VerifyOptions): Promise<{ checkpoints: Checkpoint[]; from: string }> {
  if (options.checkpoints) return { checkpoints: options.checkpoints, from: options.checkpointsFrom ?? 'the checkpoints given' };
  return { checkpoints: await databaseCheckpoints(client), from: theDatabase };
}

const trust = (keys: { keys: Map<string, KeyObject>; from: string }, checkpoints: { checkpoints: Checkpoint[]; from: string }): Trusted => ({
  keyIds: [...keys.keys.keys()], keysFrom: keys.from,
  checkpoints: checkpoints.checkpoints.map((c) => Number(c.tree_size)), checkpointsFrom: checkpoints.from,
});

function badSignatures(checkpoints: Checkpoint[], keys: Map<string, KeyObject>): string[] {
  return checkpoints.flatMap((c) => {
    const key = keys.get(c.key_id);
    if (!key) return [`checkpoint tree_size ${c.tree_size}: signed by key ${c.key_id}, which is not a trusted key`];
    if (c.signed_text !== undefined && !signedTextStates(c.signed_text, c.tree_size, c.root_hash)) {
      return [`checkpoint tree_size ${c.tree_size}: its signed text names another tree size or root`];
    }
    const text = Buffer.from(c.signed_text ?? checkpointText(c.tree_size, c.root_hash, c.signed_at), 'utf8');
    return verifySignature(null, text, key, Buffer.from(c.signature, 'base64'))
      ? [] : [`checkpoint tree_size ${c.tree_size}: the signature does not verify (the checkpoint or its signature was changed)`];
  });
}

const entryQuery = `
  select l.position::text, l.event__id::text as sequenced_id, encode(l.leaf_hash, 'hex') as leaf,
         e.event__id::text, e.event_type::text, lib_event.utc_text(e.occurred_at) as occurred_at,
         lib_event.utc_text(e.created_at) as created_at, e.source::text, e.partition_key::text, e.consumer::text,
         e.headers::text, e.payload::text, encode(e.content_salt, 'hex') as content_salt,
         encode(e.content_commitment, 'hex') as content_commitment, e.erased_at::text, e.erasure__id::text,
         e.event__id is null and exists (select from lib_event.partition_archive a
                  where a.dropped_at is not null and l.event__id >= lib_event.uuid_floor(a.starts_at)
                    and l.event__id < lib_event.uuid_floor(a.ends_at)) as archived
    from lib_event.log_entry l left join lib_event.event e on e.event__id = l.event__id
   order by l.position`;

interface Entry extends Omit<StoredEvent, 'event__id'> {
  erasure__id: string | null;
  position: string;
  sequenced_id: string;
  leaf: string;
  event__id: string | null;
  archived: boolean;
}

/** An entry from its COPY fields, in entryQuery's column order. */
function entryOf(f: (string | null)[]): Entry {
  return {
    position: f[0] as string, sequenced_id: f[1] as string, leaf: f[2] as string,
    event__id: f[3] ?? null, event_type: f[4] as string, occurred_at: f[5] as string, created_at: f[6] as string,
    source: f[7] ?? null, partition_key: f[8] ?? null, consumer: f[9] as string, headers: f[10] as string,
    payload: f[11] ?? null, content_salt: f[12] ?? null, content_commitment: f[13] ?? null, erased_at: f[14] ?? null,
    erasure__id: f[15] ?? null, archived: f[16] === 't',
  };
}

/** The first thing wrong with one position, if anything; `leaf` is the hash recomputed from its event. */
function entryFailure(entry: Entry, expected: number, leaf: Buffer | undefined): string | undefined {
  if (Number(entry.position) !== expected) return `position ${expected}: missing (the log goes on at ${entry.position}: an entry was removed)`;
  if (!leaf) {
    // An event here without a recomputable leaf was judged by Erasures.leafOf.
    if (entry.event__id !== null) return undefined;
    return entry.archived ? undefined : `position ${expected} (event ${entry.sequenced_id}): the event is gone (removed)`;
  }
  if (leaf.toString('hex') !== entry.leaf) {
    const where = entry.event__id === null ? ' in its archive file' : '';
    return `position ${expected} (event ${entry.event__id ?? entry.sequenced_id}): altered${where}: its content does not hash to the leaf sequenced`;
  }
  return undefined;
}

/**
 * The erasures the log records (lib_event.event.erased events, themselves
 * checked as any event), and the leaf each event proves: an event whose
 * content is gone counts as erased only when one of them names it.
 */
export class Erasures {
  erased = 0;
  unprovable = 0;
  /** Erased events whose record was not at hand (archive-only mode), when taken on trust. */
  unconfirmed = 0;

  constructor(private readonly recordsElsewhere = false) {}

  private readonly recorded = new Map<string, { by: string; unprovable: boolean }>();
  /** Erasure records named by erased events, no longer in the database (archived with their partition). */
  readonly recordsArchived = new Set<string>();

  /** Read from the records' payloads (JSON text). */
  add(erasureId: string, payload: string): void {
    const record = JSON.parse(payload) as { events?: string[]; unprovable?: string[] };
    for (const id of record.events ?? []) this.recorded.set(id, { by: erasureId, unprovable: false });
    for (const id of record.unprovable ?? []) this.recorded.set(id, { by: erasureId, unprovable: true });
  }

  /** The leaf recomputed for the event at `position`; undefined where none can be (then a failure, or an unprovable erasure). */
  leafOf(event: StoredEvent & { erasure__id: string | null }, position: number, failures: string[]): Buffer | undefined {
    return this.judge(event.event__id, event.erasure__id, eventLeaf(event), position, failures, '');
  }

  /** The leaf an event proves, once its erasure, if any, is found recorded. */
  judge(eventId: string, erasureId: string | null, proved: EventLeaf, position: number, failures: string[], where: string): Buffer | undefined {
    const place = `position ${position} (event ${eventId})`;
    if (proved.kind === 'stripped') {
      failures.push(`${place}: altered${where}: its content or salt was removed without an erasure`);
      return undefined;
    }
    if (proved.kind === 'erased' || proved.kind === 'erased-unprovable') {
      const record = this.recorded.get(eventId);
      if (!record && this.recordsElsewhere) {
        this.unconfirmed += 1;
        if (proved.kind === 'erased') this.erased += 1;
        return proved.leaf;
      }
      if (!record && erasureId !== null && this.recordsArchived.has(erasureId)) {
        failures.push(`${place}: erased by ${erasureId}, whose record was archived and dropped with its partition: ` +
          'give --archive <directory> (the archive files) to check the erasure against that record');
        return proved.leaf;
      }
      if (!record || record.by !== erasureId || record.unprovable !== (proved.kind === 'erased-unprovable')) {
        failures.push(`${place}: altered${where}: content removed without an erasure recorded in the log`);
        return proved.leaf;
      }
      if (proved.kind === 'erased') this.erased += 1;
      else this.unprovable += 1;
    }
    return proved.leaf;
  }
}

/** The erasures recorded in the database being verified. */
async function recordedErasures(client: pg.ClientBase): Promise<Erasures> {
  const erasures = new Erasures();
  const { rows } = await client.query<{ event__id: string; payload: string | null }>(
    `select event__id::text, payload::text from lib_event.event where event_type = 'lib_event.event.erased' order by event__id`);
  for (const row of rows) if (row.payload) erasures.add(row.event__id, row.payload);
  // Records in a partition archived and dropped: --archive reads them from its files.
  const { rows: archived } = await client.query<{ id: string }>(
    `select distinct e.erasure__id::text as id from lib_event.event e
      where e.erasure__id is not null and not exists (select from lib_event.event r where r.event__id = e.erasure__id)
        and exists (select from lib_event.log_entry l where l.event__id = e.erasure__id)`);
  for (const row of archived) erasures.recordsArchived.add(row.id);
  return erasures;
}

/** The tree of the leaves as they come, checked against each checkpoint as it reaches its size. */
class CheckedTree {
  private readonly tree = new MerkleBuilder();
  private readonly bySize: Map<number, Checkpoint>;
  private lastGood = 0;

  constructor(checkpoints: Checkpoint[], private readonly failures: string[]) {
    this.bySize = new Map(checkpoints.map((c) => [Number(c.tree_size), c]));
  }

  get size(): number {
    return this.tree.size;
  }

  add(leaf: Buffer): void {
    this.tree.add(leaf);
    const checkpoint = this.bySize.get(this.tree.size);
    if (!checkpoint) return;
    if (this.tree.root().toString('hex') === checkpoint.root_hash) this.lastGood = this.tree.size;
    else this.failures.push(`checkpoint tree_size ${this.tree.size}: the first ${this.tree.size} events do not hash to its signed root: something at positions ${this.lastGood + 1} to ${this.tree.size} was altered, removed, inserted or reordered`);
  }
}

/** The leaf of a position whose event was archived and dropped: from the archive files when given. */
function archivedLeaf(entry: Entry, expected: number, archive: Archive | undefined, erasures: Erasures, failures: string[]): Buffer | undefined {
  if (!archive) return undefined;
  // A file of format /1 has no positions: its event is looked up by the id the log placed there.
  const archived = archive.leaves.get(expected) ?? archive.byId.get(entry.sequenced_id);
  if (!archived) {
    failures.push(`position ${expected} (event ${entry.sequenced_id}): archived, but no archive file in ${archive.dir} holds it (removed)`);
    return undefined;
  }
  if (archived.event__id !== entry.sequenced_id) {
    failures.push(`position ${expected}: ${archived.file} holds event ${archived.event__id} there, the log placed ${entry.sequenced_id} (reordered)`);
  }
  return erasures.judge(archived.event__id, archived.erasure__id, archived.proved, expected, failures, ' in its archive file')
    ?? Buffer.from(entry.leaf, 'hex');
}

interface Archive {
  dir: string;
  leaves: Map<number, ArchivedLeaf>;
  /** The events of files of format /1, which carry no positions, by id. */
  byId: Map<string, ArchivedLeaf>;
}

/** Walk the log in position order, a cursor page at a time: entries, then roots at each checkpoint. */
async function walkLog(client: pg.ClientBase, checkpoints: Checkpoint[], failures: string[], warnings: string[], options: VerifyOptions, erasures: Erasures, archive?: Archive): Promise<number> {
  const tree = new CheckedTree(checkpoints, failures);
  const backdated = new BackdateCheck(checkpoints, options.backdateToleranceMs ?? 3_600_000);
  let trusted = 0;
  await client.query('begin isolation level repeatable read read only');
  try {
    // COPY streams the rows while they are checked (scripts/database/copy-rows.ts).
    const { rows: [head] } = await client.query<{ size: string }>('select lib_event.tree_size()::text as size');
    const progress = startProgress({ label: 'verify', unit: 'events', total: Number(head?.size ?? 0) });
    let unreported = 0;
    try {
      await copyRows(client, entryQuery, (fields) => {
        if (++unreported === 10_000) {
          progress.advance(unreported);
          unreported = 0;
        }
        const entry = entryOf(fields);
        const expected = tree.size + 1;
        const gone = entry.event__id === null && entry.archived && Number(entry.position) === expected;
        const leaf = entry.event__id ? erasures.leafOf(entry as Entry & { event__id: string }, expected, failures)
          : gone ? archivedLeaf(entry, expected, archive, erasures, failures) : undefined;
        if (gone && !archive) trusted += 1;
        const failure = entryFailure(entry, expected, leaf) ?? (entry.event__id ? backdated.check(expected, entry.event__id, entry.created_at) : undefined);
        if (failure) failures.push(failure);
        // The recomputed leaf where the event is here, else what was sequenced.
        tree.add(leaf ?? Buffer.from(entry.leaf, 'hex'));
      });
    } finally {
      progress.advance(unreported);
      progress.finish();
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
  if (trusted > 0) warnings.push(`${trusted} archived events were taken at the leaf hashes the log stored: give --archive <directory> to recompute them from the files`);
  return tree.size;
}

/**
 * Verify from archive files and checkpoints alone, without the database:
 * the files must hold positions 1 to N; the checkpoints up to N are checked.
 */
export async function verifyArchive(dir: string, options: { publicKeys: string[]; checkpoints: Checkpoint[]; publicKeysFrom?: string; checkpointsFrom?: string }): Promise<VerifyResult> {
  const warnings: string[] = [];
  const { leaves, unpositioned, erasureRecords } = await archivedLeaves(dir);
  for (const file of unpositioned) warnings.push(`${file} is of format /1, written before archives carried positions: its events are not checked`);
  // Erasures recorded in the database, not in the files, cannot be looked up here: counted apart.
  const erasures = new Erasures(true);
  for (const [id, payload] of erasureRecords) erasures.add(id, payload);
  const keys = keysById(options.publicKeys);
  const trusted = trust({ keys, from: options.publicKeysFrom ?? 'the keys given' },
    { checkpoints: options.checkpoints, from: options.checkpointsFrom ?? 'the checkpoints given' });
  const failures = badSignatures(options.checkpoints, keys);
  const tree = new CheckedTree(options.checkpoints, failures);
  while (leaves.has(tree.size + 1)) {
    const archived = leaves.get(tree.size + 1) as ArchivedLeaf;
    const leaf = erasures.judge(archived.event__id, archived.erasure__id, archived.proved, tree.size + 1, failures, ` in ${archived.file}`);
    if (!leaf) {
      failures.push(`position ${tree.size + 1} (event ${archived.event__id}): no leaf can be recomputed from ${archived.file} (erased before salted leaves): check it against the database`);
      break;
    }
    tree.add(leaf);
  }
  if (erasures.unconfirmed > 0) warnings.push(`${erasures.unconfirmed} erased events' erasure records are not in the files (they are in the database): their leaves were recomputed from the kept commitments`);
  const beyond = options.checkpoints.filter((c) => Number(c.tree_size) > tree.size);
  if (beyond.length > 0) warnings.push(`the files hold positions 1 to ${tree.size}: ${beyond.length} checkpoints beyond it are not checked (the rest of the log is in the database)`);
  if (leaves.size > tree.size) warnings.push(`${leaves.size - tree.size} archived events come after position ${tree.size + 1}, which no file holds: they are not checked`);
  return { ok: failures.length === 0, failures, events: tree.size, erased: erasures.erased, unprovable: erasures.unprovable,
    checkpoints: options.checkpoints.length - beyond.length, warnings, trusted };
}

/**
 * Events the sequencer's walk has passed that are not in the log: the walk
 * places every event it passes, so these were inserted behind it.
 */
async function leftOut(client: pg.ClientBase, warnings: string[]): Promise<string[]> {
  const { rows: [cursor] } = await client.query<{ usable: boolean }>(
    `select c.system_identifier = lib_event.system_identifier() and c.sweep_fence is null as usable from lib_event.sequencer_cursor c`);
  if (!cursor?.usable) {
    warnings.push('the sequencer has not yet swept this cluster (a restored copy): events inserted behind it are not looked for');
    return [];
  }
  const { rows } = await client.query<{ event__id: string }>(
    `select e.event__id::text from lib_event.event e, lib_event.sequencer_cursor c
      where not exists (select from lib_event.log_entry l where l.event__id = e.event__id)
        and (e.xact_id, e.event__id) <= (c.xact_id, c.event__id)
      order by e.xact_id, e.event__id limit 10`);
  return rows.map((row) => `event ${row.event__id}: not in the log, though the sequencer has passed its place (inserted)`);
}

/**
 * An event placed after a checkpoint signed well after its created_at: a
 * producer's transaction open that long, or an event inserted later with a
 * backdated id. `created_at` and `signed_at` are UTC ISO texts.
 */
class BackdateCheck {
  private readonly signed: { size: number; at: number; text: string }[];
  private next = 0;
  private latest: { size: number; at: number; text: string } | undefined;

  constructor(checkpoints: Checkpoint[], private readonly toleranceMs: number) {
    this.signed = checkpoints.map((c) => ({ size: Number(c.tree_size), at: Date.parse(c.signed_at), text: c.signed_at }))
      .sort((a, b) => a.size - b.size);
  }

  /** The failure for the event at `position`, if its created_at is too old for it. */
  check(position: number, eventId: string, createdAt: string): string | undefined {
    // The latest checkpoint signed without this position.
    while (this.next < this.signed.length && (this.signed[this.next]?.size ?? 0) < position) this.latest = this.signed[this.next++];
    if (!this.latest || Date.parse(createdAt) >= this.latest.at - this.toleranceMs) return undefined;
    return `position ${position} (event ${eventId}): recorded at ${createdAt}, yet not in the checkpoint of ${this.latest.size} events signed at ${this.latest.text}: inserted later with a backdated id, or its transaction stayed open over ${this.toleranceMs / 1000} s`;
  }
}

/** An inclusion proof as GET /rpc/inclusion_proof returns it. */
export interface InclusionProof {
  event__id: string;
  leaf_index: number;
  tree_size: number;
  leaf_hash: string;
  path: string[];
}

/**
 * Whether a proof holds against a signed checkpoint of its tree size: the
 * failures, none when it does; and the key and checkpoint it trusted.
 */
export async function checkInclusionProof(client: pg.ClientBase, proof: InclusionProof, options: VerifyOptions = {}): Promise<{ failures: string[]; trusted: Trusted }> {
  const given = await trustedCheckpoints(client, options);
  const checkpoint = given.checkpoints.find((c) => Number(c.tree_size) === Number(proof.tree_size));
  const keys = await trustedKeys(client, options);
  const trusted = trust(keys, { checkpoints: checkpoint ? [checkpoint] : [], from: given.from });
  if (!checkpoint) return { failures: [`no signed checkpoint of tree_size ${proof.tree_size} to check the proof against`], trusted };
  const bad = badSignatures([checkpoint], keys.keys);
  if (bad.length > 0) return { failures: bad, trusted };
  const holds = verifyInclusion(Number(proof.leaf_index), Number(proof.tree_size), Buffer.from(proof.leaf_hash, 'hex'),
    proof.path.map((hash) => Buffer.from(hash, 'hex')), Buffer.from(checkpoint.root_hash, 'hex'));
  return { failures: holds ? [] : [`event ${proof.event__id}: the proof does not lead to the root signed for tree_size ${proof.tree_size}`], trusted };
}

const databaseCheckpoints = async (client: pg.ClientBase) => (await client.query<Checkpoint>(databaseCheckpointsQuery)).rows;

export async function verifyLog(client: pg.ClientBase, options: VerifyOptions = {}): Promise<VerifyResult> {
  const warnings: string[] = [];
  const given = await trustedCheckpoints(client, options);
  const { checkpoints } = given;
  const keys = await trustedKeys(client, options);
  const failures = badSignatures(checkpoints, keys.keys);
  const archived = options.archiveDir ? await archivedLeaves(options.archiveDir) : undefined;
  const archive = options.archiveDir && archived ? { dir: options.archiveDir, leaves: archived.leaves, byId: archived.byId } : undefined;
  const erasures = await recordedErasures(client);
  for (const [id, payload] of archived?.erasureRecords ?? []) erasures.add(id, payload);
  const events = await walkLog(client, checkpoints, failures, warnings, options, erasures, archive);
  if (erasures.unprovable > 0) warnings.push(`${erasures.unprovable} events recorded before salted leaves were erased on purpose (erased-unprovable): taken at the leaf hashes the log stored`);
  for (const c of checkpoints) {
    if (Number(c.tree_size) > events) failures.push(`checkpoint tree_size ${c.tree_size}: the log has only ${events} events (its tail was cut)`);
  }
  failures.push(...(await leftOut(client, warnings)));
  failures.push(...witnessFailures(checkpoints, [...keys.keys.values()], options.witnesses ?? [], options.witnessQuorum));
  return { ok: failures.length === 0, failures, events, erased: erasures.erased, unprovable: erasures.unprovable,
    checkpoints: checkpoints.length, warnings, trusted: trust(keys, given) };
}

/**
 * What a run trusted, one line each for the keys and the checkpoints, in
 * every mode: an auditor's own copies, or the database's (which whoever can
 * change the log can change too).
 */
export function describeTrust(trusted: Trusted): string[] {
  const ownCopy = (from: string, option: string) =>
    from === theDatabase ? `${from}, not a copy of your own (give ${option})` : from;
  const keys = trusted.keyIds.length === 0 ? 'none' : trusted.keyIds.join(', ');
  const [smallest, largest] = [Math.min(...trusted.checkpoints), Math.max(...trusted.checkpoints)];
  const checkpoints = trusted.checkpoints.length === 0 ? 'none'
    : `${trusted.checkpoints.length} (tree size${smallest === largest ? ` ${largest}` : `s from ${smallest} to ${largest}`})`;
  return [
    `verify: trusted ${trusted.keyIds.length === 1 ? 'key' : 'keys'} ${keys}, from ${ownCopy(trusted.keysFrom, '--public-key')}`,
    `verify: trusted checkpoints ${checkpoints}, from ${ownCopy(trusted.checkpointsFrom, '--checkpoints')}`,
  ];
}

/** Print a result; exit 1 unless intact. */
function report(result: VerifyResult, what: string): void {
  for (const line of describeTrust(result.trusted)) console.log(line);
  for (const warning of result.warnings) console.warn(`verify: warning: ${warning}`);
  if (result.ok) {
    console.log(`verify: intact: ${result.events} ${what}, ${result.checkpoints} signed checkpoints`);
    if (result.erased > 0) console.log(`verify: ${result.erased} erased, proofs intact`);
    if (result.unprovable > 0) console.log(`verify: ${result.unprovable} erased-unprovable (recorded before salted leaves, erased on purpose)`);
    return;
  }
  console.error(`verify: NOT intact: ${result.failures[0]}`);
  for (const failure of result.failures.slice(1, 20)) console.error(`verify: also: ${failure}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values } = parseCommand({
    usage: 'npm run verify [-- --public-key <file>] [--checkpoints <json file>] [--archive <directory> [--archive-only]] [--proof <file>] [--witness <vkey>]... [--witness-quorum <n>]',
    description: `Check the log against its signed checkpoints: exit 0 when intact, 1 naming the first place altered,
removed, inserted or reordered. --public-key: the signing keys you trust, PEM or the body of GET /log_keys
saved to a file (else the database's); --checkpoints: copies you keep (the body of GET /checkpoints), else
the database's; --archive: the Parquet files of npm run archive, whose events (dropped from the database)
are recomputed from them; with --archive-only, check the files against --checkpoints and --public-key
without a database. --proof: check only an inclusion proof (the body of GET /rpc/inclusion_proof)
against its checkpoint; given a proof bundle (c2sp.org/tlog-proof, or that body with its bundle) and
--public-key holding vkeys (lines, or the body of GET /log_keys), no database is needed. --witness
<vkey> (repeatable): the witnesses whose cosignatures the newest checkpoint (or the bundle's) must carry,
--witness-quorum N of them (default all). Every mode first says which keys and checkpoints it trusted, and where they
came from. Connects to DATABASE_URL, or to the database npm start runs.`,
    options: {
      'public-key': { type: 'string' }, checkpoints: { type: 'string' }, proof: { type: 'string' },
      archive: { type: 'string' }, 'archive-only': { type: 'boolean' },
      witness: { type: 'string', multiple: true }, 'witness-quorum': { type: 'string' },
    },
  });
  const witnesses = values.witness ?? [];
  const quorum = values['witness-quorum'] === undefined ? undefined : witnessQuorum(values['witness-quorum'], witnesses.length);
  // A proof bundle and vkeys need no database.
  if (values.proof && values['public-key'] && checkableOffline(values.proof, values['public-key'])) {
    if (!verifyBundleFile(values.proof, values['public-key'], witnesses, quorum)) process.exit(1);
    return;
  }
  const options: VerifyOptions = {
    ...(values['public-key'] ? { publicKeys: readPublicKeys(values['public-key']), publicKeysFrom: values['public-key'] } : {}),
    ...(values.checkpoints ? { checkpoints: JSON.parse(readFileSync(values.checkpoints, 'utf8')) as Checkpoint[], checkpointsFrom: values.checkpoints } : {}),
    ...(values.archive ? { archiveDir: values.archive } : {}),
    witnesses, ...(quorum === undefined ? {} : { witnessQuorum: quorum }),
  };
  if (values['archive-only']) {
    const { archiveDir, publicKeys, checkpoints } = options;
    if (!archiveDir || !publicKeys || !checkpoints) {
      throw new UsageError('verify: --archive-only needs --archive, --public-key and --checkpoints (there is no database to take them from)');
    }
    report(await verifyArchive(archiveDir, { ...options, publicKeys, checkpoints }), 'archived events');
    return;
  }
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    if (values.proof) {
      const proof = JSON.parse(readFileSync(values.proof, 'utf8')) as InclusionProof;
      const { failures, trusted } = await checkInclusionProof(client, proof, options);
      for (const line of describeTrust(trusted)) console.log(line);
      if (failures.length === 0) {
        console.log(`verify: event ${proof.event__id} is at leaf ${proof.leaf_index} of the signed tree of ${proof.tree_size} events`);
        return;
      }
      console.error(`verify: proof fails: ${failures[0]}`);
      process.exit(1);
    }
    report(await verifyLog(client, options), 'events');
  } finally {
    await client.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
