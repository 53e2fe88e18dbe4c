/**
 * The verifiable log's hashes, computed outside the database from an event's
 * exported text (db/verifiable-log.md). npm run verify uses these to
 * check what lib_event.leaf_hash and the stored tree say; they follow the
 * specification, not the SQL, so an auditor can port them.
 *
 * - leaf: SHA-256 of 0x00, then each field as a 4-byte big-endian length and
 *   its UTF-8 bytes (null: ff ff ff ff, no bytes), in this order: event__id,
 *   event_type, occurred_at, created_at (ISO 8601 UTC with microseconds,
 *   2026-01-05T10:00:00.123456Z), source, partition_key, consumer, headers,
 *   payload (JSON as PostgreSQL prints jsonb).
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

/** The encoding hashed for a leaf: 0x00, then each field's 4-byte big-endian length (ffffffff for null) and UTF-8 bytes. */
function leafBytes(event: LeafFields): Buffer {
  let size = 1;
  for (const name of leafOrder) {
    const value = event[name];
    size += 4 + (value === null ? 0 : Buffer.byteLength(value, 'utf8'));
  }
  const bytes = Buffer.allocUnsafe(size);
  bytes[0] = 0x00;
  let at = 1;
  for (const name of leafOrder) {
    const value = event[name];
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

export function leafHash(event: LeafFields): Buffer {
  return createHash('sha256').update(leafBytes(event)).digest();
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
