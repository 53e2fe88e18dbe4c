/**
 * The verifiable log's hashes, computed outside the database from an event's
 * exported text (db/verifiable-log.md). npm run verify uses these to
 * check what lib_event.leaf_hash and the stored tree say; they follow the
 * specification, not the SQL, so an auditor can port them.
 *
 * - leaf v1 (events recorded before v2): SHA-256 of 0x00, then each field as a
 *   4-byte big-endian length and its UTF-8 bytes (null: ff ff ff ff, no
 *   bytes), in this order: event__id, event_type, occurred_at, created_at
 *   (ISO 8601 UTC with microseconds, 2026-01-05T10:00:00.123456Z), source,
 *   partition_key, consumer, headers, payload (JSON as PostgreSQL prints jsonb).
 * - content commitment: SHA-256 of the 32-byte salt, then headers and payload
 *   encoded as leaf fields.
 * - leaf v2: SHA-256 of 0x00, then the fields "lib_event.leaf/2", event__id,
 *   event_type, occurred_at, created_at, source, partition_key, consumer and
 *   the commitment as 64 lower-case hex digits, encoded as in v1.
 * - node: SHA-256 of 0x01, the left hash, the right hash (RFC 6962 2.1).
 * - root of n leaves: RFC 6962 MTH: split at the largest power of two below n.
 */
import { createHash } from 'node:crypto';

/** An event as exported: every field as its text. */
export interface LeafFields {
  event__id: string;
  event_type: string;
  occurred_at: string;
  created_at: string;
  source: string | null;
  partition_key: string | null;
  consumer: string;
  headers: string;
  payload: string | null;
}

const leafOrder = ['event__id', 'event_type', 'occurred_at', 'created_at', 'source', 'partition_key', 'consumer', 'headers', 'payload'] as const;

/** `prefix`, then each value's 4-byte big-endian length (ffffffff for null) and UTF-8 bytes. */
function fieldBytes(prefix: Buffer, values: (string | null)[]): Buffer {
  let size = prefix.length;
  for (const value of values) size += 4 + (value === null ? 0 : Buffer.byteLength(value, 'utf8'));
  const bytes = Buffer.allocUnsafe(size);
  prefix.copy(bytes);
  let at = prefix.length;
  for (const value of values) {
    if (value === null) {
      at = bytes.writeUInt32BE(0xffffffff, at);
      continue;
    }
    const length = bytes.write(value, at + 4, 'utf8');
    bytes.writeUInt32BE(length, at);
    at += 4 + length;
  }
  return bytes;
}

const leafPrefix = Buffer.from([0x00]);

/** The v1 leaf: the content itself is hashed. */
export function leafHash(event: LeafFields): Buffer {
  return createHash('sha256').update(fieldBytes(leafPrefix, leafOrder.map((name) => event[name]))).digest();
}

/** SHA-256(salt || headers || payload), the two encoded as leaf fields. */
export function contentCommitment(salt: Buffer, headers: string, payload: string | null): Buffer {
  return createHash('sha256').update(fieldBytes(salt, [headers, payload])).digest();
}

/** The fields a v2 leaf takes besides the commitment. */
export type SealedFields = Omit<LeafFields, 'headers' | 'payload'>;

const v2Order = ['event__id', 'event_type', 'occurred_at', 'created_at', 'source', 'partition_key', 'consumer'] as const;

/** The v2 leaf: the event's own fields and the commitment to its content. */
export function leafHashV2(event: SealedFields, commitment: Buffer): Buffer {
  const values = ['lib_event.leaf/2', ...v2Order.map((name) => event[name]), commitment.toString('hex')];
  return createHash('sha256').update(fieldBytes(leafPrefix, values)).digest();
}

/**
 * An event as read for verification: the leaf fields, and for v2 events
 * the salt and commitment (hex), and whether it was erased.
 */
export interface StoredEvent extends LeafFields {
  /** hex; null for v1 events and once erased. */
  content_salt: string | null;
  /** hex; null for v1 events. */
  content_commitment: string | null;
  /** Set by lib_event.erase. */
  erased_at: string | null;
}

/**
 * What an event proves about itself:
 * - v1: the leaf from its content;
 * - v2: the leaf from its content and salt, which must give the stored commitment;
 * - erased: the leaf from the stored commitment (content and salt are gone);
 * - erased-unprovable: a v1 event erased on purpose: no leaf can be recomputed;
 * - stripped: content or salt missing without erasure (tampering).
 */
export type EventLeaf =
  | { kind: 'v1' | 'v2' | 'erased'; leaf: Buffer; commitmentMatches: boolean }
  | { kind: 'erased-unprovable' | 'stripped'; leaf: undefined; commitmentMatches: false };

export function eventLeaf(event: StoredEvent): EventLeaf {
  const erased = event.erased_at !== null;
  if (event.content_commitment === null) {
    if (erased) return { kind: 'erased-unprovable', leaf: undefined, commitmentMatches: false };
    return { kind: 'v1', leaf: leafHash(event), commitmentMatches: true };
  }
  const stored = Buffer.from(event.content_commitment, 'hex');
  // Erasure takes the salt with the content: one without the other is not an erasure.
  if (erased !== (event.content_salt === null)) return { kind: 'stripped', leaf: undefined, commitmentMatches: false };
  if (event.content_salt !== null) {
    // The commitment comes from the content: a changed or removed content changes the leaf.
    const computed = contentCommitment(Buffer.from(event.content_salt, 'hex'), event.headers, event.payload);
    return { kind: 'v2', leaf: leafHashV2(event, computed), commitmentMatches: computed.equals(stored) };
  }
  return { kind: 'erased', leaf: leafHashV2(event, stored), commitmentMatches: true };
}

const nodePrefix = Buffer.from([0x01]);

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(nodePrefix).update(left).update(right).digest();
}

/** The hash of an empty tree. */
export const emptyRoot = createHash('sha256').digest();

/**
 * A Merkle tree grown one leaf at a time, holding only its complete
 * subtrees (at most one per level): root() at any size, and each complete
 * subtree as it closes (onNode), to compare with stored nodes.
 */
export class MerkleBuilder {
  size = 0;
  private readonly stack: { level: number; hash: Buffer }[] = [];

  constructor(private readonly onNode?: (level: number, index: number, hash: Buffer) => void) {}

  add(leaf: Buffer): void {
    let node = { level: 0, hash: leaf };
    this.size += 1;
    while (this.stack.length > 0 && this.stack.at(-1)?.level === node.level) {
      const left = this.stack.pop() as { level: number; hash: Buffer };
      node = { level: node.level + 1, hash: nodeHash(left.hash, node.hash) };
      this.onNode?.(node.level, (this.size >> node.level) - 1, node.hash);
    }
    this.stack.push(node);
  }

  /** RFC 6962 MTH of the leaves so far: the complete subtrees folded from the right. */
  root(): Buffer {
    if (this.stack.length === 0) return emptyRoot;
    let hash = (this.stack.at(-1) as { hash: Buffer }).hash;
    for (let i = this.stack.length - 2; i >= 0; i -= 1) hash = nodeHash((this.stack[i] as { hash: Buffer }).hash, hash);
    return hash;
  }
}

/** The text a checkpoint signature covers (UTF-8), as lib_event.checkpoint_text writes it. */
export function checkpointText(treeSize: number | string, rootHex: string, signedAtUtc: string): string {
  return `lib_event checkpoint v1\ntree_size ${treeSize}\nroot ${rootHex}\ntime ${signedAtUtc}\n`;
}

/**
 * RFC 9162 2.1.3.2: whether `path` proves the leaf at `leafIndex` is in the
 * tree of `treeSize` leaves whose root is `root`.
 */
export function verifyInclusion(leafIndex: number, treeSize: number, leaf: Buffer, path: Buffer[], root: Buffer): boolean {
  if (leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/**
 * RFC 9162 2.1.4.2: whether `path` proves the tree of `second` leaves
 * (root `secondRoot`) extends the tree of `first` leaves (root `firstRoot`).
 */
export function verifyConsistency(first: number, second: number, firstRoot: Buffer, secondRoot: Buffer, path: Buffer[]): boolean {
  if (first === second) return path.length === 0 && firstRoot.equals(secondRoot);
  if (first < 1 || first > second || path.length === 0) return false;
  const proof = (first & (first - 1)) === 0 ? [firstRoot, ...path] : path;
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = proof[0] as Buffer;
  let sr = proof[0] as Buffer;
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}
