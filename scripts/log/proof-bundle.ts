/**
 * Offline proof bundles, c2sp.org/tlog-proof@v1: an entry's index, its
 * inclusion proof and the cosigned checkpoint it leads to. GET
 * /rpc/inclusion_proof hands one out (`bundle`); npm run verify -- --proof
 * checks one with nothing but the log's vkey (and witnesses' vkeys).
 */
import { readFileSync } from 'node:fs';
import { parseCheckpointBody, parseVkey, verifiedSigners, type Verifier } from './checkpoint-note.ts';
import { verifyInclusion } from './log-hash.ts';

export const bundleHeader = 'c2sp.org/tlog-proof@v1';

export interface ProofBundle {
  /** The extra line's bytes: lib_event puts the entry's leaf hash there. */
  extra?: Buffer;
  index: number;
  path: Buffer[];
  /** The checkpoint, a signed note, verbatim. */
  checkpoint: string;
}

export function parseBundle(text: string): ProofBundle {
  const split = text.indexOf('\n\n');
  const lines = (split < 0 ? text : text.slice(0, split)).split('\n');
  if (lines[0] !== bundleHeader || split < 0) throw new Error(`not a proof bundle: expected ${bundleHeader}, an index line, proof lines, a blank line and a checkpoint`);
  let rest = lines.slice(1);
  let extra: Buffer | undefined;
  if (rest[0]?.startsWith('extra ')) {
    extra = Buffer.from(rest[0].slice(6), 'base64');
    rest = rest.slice(1);
  }
  const index = /^index (0|[1-9][0-9]*)$/.exec(rest[0] ?? '');
  if (!index) throw new Error(`not a proof bundle: expected "index <n>", found ${JSON.stringify(rest[0] ?? '')}`);
  const path = rest.slice(1).map((line) => {
    const hash = Buffer.from(line, 'base64');
    if (hash.length !== 32 || hash.toString('base64') !== line) throw new Error(`not a proof bundle: ${JSON.stringify(line)} is not a base64 SHA-256 hash`);
    return hash;
  });
  return { ...(extra ? { extra } : {}), index: Number(index[1]), path, checkpoint: text.slice(split + 2) };
}

/**
 * The verifier keys in a file: vkey lines, or the JSON body of GET
 * /log_keys (its `vkey` fields).
 */
export function readVkeys(file: string): Verifier[] {
  const text = readFileSync(file, 'utf8');
  const trimmed = text.trimStart();
  const vkeys = trimmed.startsWith('[') || trimmed.startsWith('{')
    ? [JSON.parse(text)].flat().map((row: { vkey?: unknown }) => row?.vkey).filter((v): v is string => typeof v === 'string')
    : text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  if (vkeys.length === 0) throw new Error(`verify: ${file} holds no vkey: expected verifier keys, one a line, or the body of GET /log_keys`);
  return vkeys.map(parseVkey);
}

export interface BundleCheck {
  failures: string[];
  origin?: string;
  treeSize?: number;
  index: number;
  leafHash: string;
  cosigners: string[];
}

/**
 * Check a bundle offline: the checkpoint signed by one of the log's keys
 * (its name the origin), cosigned by `quorum` of the witnesses, and the proof
 * leading from the leaf hash (given, else the extra line's) to its root.
 */
export function checkBundle(bundle: ProofBundle, options: { logKeys: Verifier[]; witnesses?: Verifier[]; quorum?: number; leafHash?: Buffer }): BundleCheck {
  const leaf = options.leafHash ?? bundle.extra;
  const base = { index: bundle.index, leafHash: leaf?.toString('hex') ?? '', cosigners: [] as string[] };
  if (!leaf || leaf.length !== 32) return { ...base, failures: ['no leaf hash: the bundle has no extra line holding one, and none was given'] };
  let opened: ReturnType<typeof verifiedSigners>;
  let body: ReturnType<typeof parseCheckpointBody>;
  try {
    opened = verifiedSigners(bundle.checkpoint, [...options.logKeys, ...(options.witnesses ?? [])]);
    body = parseCheckpointBody(opened.text);
  } catch (error) {
    return { ...base, failures: [(error as Error).message] };
  }
  const failures = [...opened.failures];
  const logSigner = opened.signers.find((s) => options.logKeys.includes(s));
  if (!logSigner) failures.push(`the checkpoint is not signed by a trusted log key (${options.logKeys.map((k) => k.vkey).join(', ')})`);
  else if (logSigner.name !== body.origin) failures.push(`the checkpoint's origin ${body.origin} is not the name of the log key that signed it, ${logSigner.name}`);
  const cosigners = opened.signers.filter((s) => options.witnesses?.includes(s)).map((s) => s.name);
  const quorum = options.quorum ?? options.witnesses?.length ?? 0;
  if (cosigners.length < quorum) failures.push(`the checkpoint of ${body.treeSize} is cosigned by ${cosigners.length} of the witnesses given, ${quorum} needed`);
  if (!verifyInclusion(bundle.index, body.treeSize, leaf, bundle.path, body.root)) {
    failures.push(`leaf ${leaf.toString('hex')} is not proven at index ${bundle.index} of the tree of ${body.treeSize}`);
  }
  return { ...base, failures, origin: body.origin, treeSize: body.treeSize, cosigners };
}

/** The bundle in a --proof file: the file itself, or the `bundle` of a saved GET /rpc/inclusion_proof body. */
export function bundleOf(text: string): { bundle: ProofBundle; leafHash?: Buffer; eventId?: string } | undefined {
  if (text.startsWith(`${bundleHeader}\n`)) return { bundle: parseBundle(text) };
  try {
    const proof = JSON.parse(text) as { bundle?: unknown; leaf_hash?: unknown; event__id?: unknown };
    if (typeof proof.bundle !== 'string') return undefined;
    return {
      bundle: parseBundle(proof.bundle),
      ...(typeof proof.leaf_hash === 'string' ? { leafHash: Buffer.from(proof.leaf_hash, 'hex') } : {}),
      ...(typeof proof.event__id === 'string' ? { eventId: proof.event__id } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Whether a --proof file can be checked offline: it holds a bundle, and the
 * --public-key file vkeys (lines, or GET /log_keys rows with their vkey).
 */
export function checkableOffline(proofFile: string, keysFile: string): boolean {
  if (!bundleOf(readFileSync(proofFile, 'utf8'))) return false;
  try {
    return readVkeys(keysFile).length > 0;
  } catch {
    return false;
  }
}

/**
 * npm run verify -- --proof <bundle> --public-key <vkeys> [--witness <vkey>]...
 * [--witness-quorum N]: the offline check, no database. Prints what it
 * trusted and the verdict; true when the proof holds.
 */
export function verifyBundleFile(file: string, keysFile: string, witnesses: string[], quorum?: number): boolean {
  const found = bundleOf(readFileSync(file, 'utf8'));
  if (!found) throw new Error(`verify: ${file} is neither a proof bundle (${bundleHeader}) nor a GET /rpc/inclusion_proof body with a bundle`);
  const logKeys = readVkeys(keysFile);
  const witnessKeys = witnesses.map(parseVkey);
  console.log(`verify: trusted keys ${logKeys.map((k) => k.vkey).join(', ')}, from ${keysFile}`);
  if (witnessKeys.length > 0) console.log(`verify: trusted witnesses ${witnessKeys.map((k) => k.name).join(', ')}, ${quorum ?? witnessKeys.length} of them needed`);
  console.log(`verify: trusted checkpoints 1, the one in ${file}`);
  const extra = found.bundle.extra;
  if (found.leafHash && extra && !found.leafHash.equals(extra)) {
    console.error(`verify: proof fails: the body's leaf_hash ${found.leafHash.toString('hex')} is not the bundle's ${extra.toString('hex')}`);
    return false;
  }
  const result = checkBundle(found.bundle, { logKeys, witnesses: witnessKeys, ...(quorum === undefined ? {} : { quorum }), ...(found.leafHash ? { leafHash: found.leafHash } : {}) });
  if (result.failures.length > 0) {
    console.error(`verify: proof fails: ${result.failures[0]}`);
    return false;
  }
  const cosigned = result.cosigners.length > 0 ? `, cosigned by ${result.cosigners.join(', ')}` : '';
  console.log(`verify: ${found.eventId ? `event ${found.eventId} (leaf ${result.leafHash})` : `leaf ${result.leafHash}`} is at leaf ${result.index} of the tree of ${result.treeSize} events signed by ${result.origin}${cosigned}`);
  return true;
}
