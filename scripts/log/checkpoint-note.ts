/**
 * C2SP signed notes as lib_event's checkpoints use them, written from the
 * specs: c2sp.org/signed-note (text, blank line, signature lines; key IDs;
 * verifier keys), c2sp.org/tlog-checkpoint (origin, tree size, base64 root)
 * and c2sp.org/tlog-cosignature (a witness's timestamped Ed25519
 * cosignature, type 0x04). Used by the sequencer (signing), the witness
 * client (cosignatures) and verify (--witness, --proof bundles).
 */
import { createHash, createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';

/** Signature types of c2sp.org/signed-note. */
export const ed25519Type = 0x01;
export const cosignatureType = 0x04;

/** The 32 bytes of an Ed25519 public key (RFC 8032). */
export function ed25519Bytes(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error(`not an Ed25519 key (${jwk.crv ?? key.asymmetricKeyType})`);
  return Buffer.from(jwk.x, 'base64url');
}

/** An Ed25519 public key from its 32 bytes. */
export const ed25519Key = (bytes: Buffer): KeyObject =>
  createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }, format: 'jwk' });

/** SHA-256(name || 0x0A || type || key)[:4]. */
export const noteKeyId = (name: string, type: number, key: Buffer): Buffer =>
  createHash('sha256').update(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([type]), key])).digest().subarray(0, 4);

/** <name>+<hex key ID>+<base64(type || key)>. */
export const vkeyOf = (name: string, key: KeyObject, type = ed25519Type): string => {
  const bytes = ed25519Bytes(key);
  return `${name}+${noteKeyId(name, type, bytes).toString('hex')}+${Buffer.concat([Buffer.from([type]), bytes]).toString('base64')}`;
};

/** A verifier key, parsed: its name, key ID, type and Ed25519 key. */
export interface Verifier {
  name: string;
  keyId: Buffer;
  type: number;
  key: KeyObject;
  vkey: string;
}

/** Parse a vkey; a malformed one, or one whose key ID is not its key's, is refused with what is expected. */
export function parseVkey(vkey: string): Verifier {
  // The name and the hex ID hold no plus; the base64 may.
  const [first, second, ...rest] = vkey.trim().split('+');
  const parts = [first, second, rest.join('+')];
  const expected = 'a verifier key <name>+<8 hex digits>+<base64 of the type byte and the 32-byte Ed25519 key>';
  if (rest.length === 0 || !parts[0] || !/^[0-9a-f]{8}$/.test(parts[1] ?? '')) throw new Error(`${vkey.trim()} is not ${expected}`);
  const [name, hexId, b64] = parts as [string, string, string];
  const material = Buffer.from(b64, 'base64');
  const type = material[0] ?? -1;
  if (material.length !== 33 || (type !== ed25519Type && type !== cosignatureType)) {
    throw new Error(`${vkey.trim()} is not ${expected} (type 0x01 for a log, 0x04 for a witness)`);
  }
  const keyId = Buffer.from(hexId, 'hex');
  if (!noteKeyId(name, type, material.subarray(1)).equals(keyId)) throw new Error(`${vkey.trim()}: its key ID is not its key's (the vkey was changed)`);
  return { name, keyId, type, key: ed25519Key(material.subarray(1)), vkey: vkey.trim() };
}

/** — <name> base64(key ID || signature)\n */
export const signatureLine = (name: string, keyId: Buffer, signature: Buffer): string =>
  `\u2014 ${name} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;

export interface NoteSignature {
  name: string;
  keyId: Buffer;
  signature: Buffer;
}

/** A signed note split into its text (with its final newline) and signature lines. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('not a signed note: no blank line between the text and the signature lines, or no final newline');
  const text = note.slice(0, split + 1);
  const signatures = note.slice(split + 2, -1).split('\n').map((line) => {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line);
    const bytes = match ? Buffer.from(match[2] as string, 'base64') : Buffer.alloc(0);
    if (!match || bytes.length < 5) throw new Error(`not a note signature line: ${JSON.stringify(line.slice(0, 120))}`);
    return { name: match[1] as string, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

/** A tlog-checkpoint's three lines. */
export interface CheckpointBody {
  origin: string;
  treeSize: number;
  root: Buffer;
}

export function parseCheckpointBody(text: string): CheckpointBody {
  const lines = text.split('\n');
  const [origin, size, root] = lines;
  const rootBytes = Buffer.from(root ?? '', 'base64');
  if (!origin || !/^(0|[1-9][0-9]*)$/.test(size ?? '') || rootBytes.length !== 32 || rootBytes.toString('base64') !== root) {
    throw new Error('not a checkpoint (c2sp.org/tlog-checkpoint): expected an origin line, a decimal tree size and a base64 SHA-256 root');
  }
  return { origin, treeSize: Number(size), root: rootBytes };
}

/** The message a cosignature/v1 signs: header, time, then the checkpoint's text. */
export const cosignedMessage = (text: string, timestamp: bigint): Buffer =>
  Buffer.from(`cosignature/v1\ntime ${timestamp}\n${text}`, 'utf8');

/**
 * Check a note's signatures by the given verifiers: every line whose name
 * and key ID match a known key must verify (else the note is refused); lines
 * of unknown keys are ignored. Returns the vkeys whose signature verified.
 */
export function verifiedSigners(note: string, verifiers: Verifier[]): { text: string; signers: Verifier[]; failures: string[] } {
  const { text, signatures } = parseNote(note);
  const signers: Verifier[] = [];
  const failures: string[] = [];
  for (const line of signatures) {
    const verifier = verifiers.find((v) => v.name === line.name && v.keyId.equals(line.keyId));
    if (!verifier) continue;
    const holds = verifier.type === cosignatureType
      ? line.signature.length === 72
        && verifySignature(null, cosignedMessage(text, line.signature.readBigUInt64BE(0)), verifier.key, line.signature.subarray(8))
      : verifySignature(null, Buffer.from(text, 'utf8'), verifier.key, line.signature);
    if (holds) signers.push(verifier);
    else failures.push(`the signature of ${verifier.name} (key ID ${verifier.keyId.toString('hex')}) does not verify`);
  }
  return { text, signers, failures };
}

/**
 * Whether a checkpoint's signed text states its tree size and root: a C2SP
 * note text (exactly the three lines lib_event signs) or a lib_event
 * checkpoint v1 text (from before C2SP checkpoints).
 */
export function signedTextStates(signedText: string, treeSize: string | number, rootHex: string): boolean {
  if (signedText.startsWith('lib_event checkpoint v1\n')) {
    return signedText.startsWith(`lib_event checkpoint v1\ntree_size ${treeSize}\nroot ${rootHex}\ntime `);
  }
  try {
    const body = parseCheckpointBody(signedText);
    return body.treeSize === Number(treeSize) && body.root.toString('hex') === rootHex
      && signedText === `${body.origin}\n${body.treeSize}\n${body.root.toString('base64')}\n`;
  } catch {
    return false;
  }
}

/** The database's checkpoints as GET /checkpoints serves them (signed text and note included), by tree size. */
export const databaseCheckpointsQuery = `
  select c.tree_size::text, encode(c.root_hash, 'hex') as root_hash, lib_event.utc_text(c.signed_at) as signed_at, c.key_id,
         encode(c.signature, 'base64') as signature, lib_event.checkpoint_signed_text(c.origin, c.tree_size, c.root_hash, c.signed_at) as signed_text, c.origin,
         lib_event.checkpoint_note(c.tree_size) as note
    from lib_event.log_checkpoint c order by c.tree_size`;
