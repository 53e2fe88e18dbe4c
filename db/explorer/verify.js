// Checking, in the browser, that an event is what the log signed: its leaf
// hash recomputed from its content (db/verifiable-log.md), its inclusion
// proof folded up to the root (RFC 9162 2.1.3.2), that root found in a
// checkpoint, and the checkpoint's Ed25519 signature checked with the log's
// public key. WebCrypto does the SHA-256 and the Ed25519; nothing is taken
// on the server's word but the public key the reader chose to trust.

const encoder = new TextEncoder();

export const toHex = (bytes) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
export const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function sha256(...parts) {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
}

/**
 * A time as the leaf encodes it: ISO 8601 in UTC with microseconds
 * (2026-01-05T10:00:00.123456Z), from the JSON PostgREST sends
 * (2026-01-05T11:00:00.123456+01:00, fraction and offset optional).
 */
export function leafTime(text) {
  const match = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(Z|[+-]\d\d(?::?\d\d)?)$/.exec(text);
  if (!match) throw new Error(`not a time the log writes: ${text}`);
  const [, y, mo, d, h, mi, s, fraction = '', zone] = match;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
  }
  const utc = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - offsetMinutes * 60_000);
  return `${utc.toISOString().slice(0, 19)}.${fraction.padEnd(6, '0')}Z`;
}

/** Each value as a leaf field: a 4-byte big-endian length and its UTF-8 bytes (null: ff ff ff ff, no bytes). */
function fields(values) {
  const parts = [];
  for (const value of values) {
    const length = new Uint8Array(4);
    if (value === null || value === undefined) {
      new DataView(length.buffer).setUint32(0, 0xffffffff);
      parts.push(length);
      continue;
    }
    const bytes = encoder.encode(value);
    new DataView(length.buffer).setUint32(0, bytes.length);
    parts.push(length, bytes);
  }
  return parts;
}

const ownFields = (event) => [event.event__id, event.event_type, leafTime(event.occurred_at), leafTime(event.created_at),
  event.source, event.partition_key, event.consumer];

/** Leaf v1: SHA-256 of 0x00 and the event's fields, its headers and payload included. */
export function leafHash(event) {
  return sha256(new Uint8Array([0]), ...fields([...ownFields(event), event.headers, event.payload]));
}

/** The salted commitment to an event's content: SHA-256 of the salt, then headers and payload as leaf fields. */
export function contentCommitment(saltHex, headers, payload) {
  return sha256(fromHex(saltHex), ...fields([headers, payload]));
}

/** Leaf v2: SHA-256 of 0x00, "lib_event.leaf/2", the event's own fields and its commitment in hex. */
export function leafHashV2(event, commitment) {
  return sha256(new Uint8Array([0]), ...fields(['lib_event.leaf/2', ...ownFields(event), toHex(commitment)]));
}

/**
 * The leaf an event's content gives, by its format (the inclusion proof's
 * `leaf`): v1 from the content; v2 from the content and salt; an erased v2
 * event from the commitment kept in its place (its content is gone).
 */
export async function eventLeaf(event, leaf) {
  if (!leaf || leaf.format === 1) return { kind: 'v1', hash: await leafHash(event) };
  if (leaf.content_salt === null) return { kind: 'erased', hash: await leafHashV2(event, fromHex(leaf.content_commitment)) };
  return { kind: 'v2', hash: await leafHashV2(event, await contentCommitment(leaf.content_salt, event.headers, event.payload)) };
}

const nodeHash = (left, right) => sha256(new Uint8Array([1]), left, right);

/** RFC 9162 2.1.3.2: the root the audit path leads to from the leaf at leafIndex of a tree of treeSize, or null if it cannot. */
export async function rootFromInclusion(leafIndex, treeSize, leaf, path) {
  if (leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const sibling of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(sibling, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** An Ed25519 public key from its PEM (SPKI), for WebCrypto. */
export function importPublicKey(pem) {
  const der = fromBase64(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''));
  return crypto.subtle.importKey('spki', der, { name: 'Ed25519' }, false, ['verify']);
}

/**
 * The tree size and root hash (hex) a checkpoint's signed text states: a
 * C2SP tlog-checkpoint note (origin, decimal size, base64 root, then any
 * extension lines) or an earlier lib_event checkpoint v1 text.
 */
export function checkpointClaim(signedText) {
  const v1 = /^lib_event checkpoint v1\ntree_size (\d+)\nroot ([0-9a-f]{64})\n/.exec(signedText);
  if (v1) return { size: Number(v1[1]), root: v1[2] };
  const lines = signedText.split('\n');
  if (lines.length >= 4 && /^[1-9]\d*$|^0$/.test(lines[1]) && /^[A-Za-z0-9+/]{43}=$/.test(lines[2])) {
    return { size: Number(lines[1]), root: toHex(fromBase64(lines[2])) };
  }
  return null;
}

/**
 * Every step for one event: each { step, ok, detail }; ok overall when all
 * passed. `event` holds the fields as text (headers and payload as
 * PostgreSQL prints jsonb), `proof` is /rpc/inclusion_proof's answer,
 * `checkpoint` the /checkpoints row of its tree size, `publicKeyPem` the
 * key from /log_keys.
 */
export async function verifyEvent({ event, proof, checkpoint, publicKeyPem }) {
  const steps = [];
  const computed = await eventLeaf(event, proof.leaf);
  const leaf = computed.hash;
  const what = computed.kind === 'erased'
    ? 'The event was erased; its fields and the commitment kept in place of its content hash'
    : "The event's content hashes";
  steps.push({
    step: 'content', ok: toHex(leaf) === proof.leaf_hash,
    detail: toHex(leaf) === proof.leaf_hash
      ? `${what} to leaf ${proof.leaf_hash.slice(0, 16)}… (format ${computed.kind === 'v1' ? 1 : 2}), the leaf at position ${proof.position}.`
      : `${what} to ${toHex(leaf).slice(0, 16)}…, but the log's leaf at position ${proof.position} is ${proof.leaf_hash.slice(0, 16)}…: the event was changed after it was recorded.`,
  });
  const root = await rootFromInclusion(proof.leaf_index, proof.tree_size, leaf, proof.path.map(fromHex));
  const claim = checkpointClaim(checkpoint.signed_text);
  const included = root !== null && claim !== null && claim.size === proof.tree_size && toHex(root) === claim.root;
  steps.push({
    step: 'inclusion', ok: included,
    detail: included
      ? `Its audit path (${proof.path.length} hashes) leads to the root ${claim.root.slice(0, 16)}… of the tree of ${proof.tree_size} events.`
      : `Its audit path does not lead to the root the checkpoint of ${proof.tree_size} events states.`,
  });
  let signed = false;
  try {
    const key = await importPublicKey(publicKeyPem);
    signed = await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(checkpoint.signature), encoder.encode(checkpoint.signed_text));
  } catch {
    signed = false;
  }
  steps.push({
    step: 'signature', ok: signed,
    detail: signed
      ? `That checkpoint was signed at ${checkpoint.signed_at} with the log's key ${checkpoint.key_id}.`
      : `The checkpoint's signature does not check with the key ${checkpoint.key_id}.`,
  });
  return { ok: steps.every((s) => s.ok), steps };
}
