/**
 * The archived part of the verifiable log, for npm run verify --archive:
 * every event in the Parquet files of a directory (npm run archive), with
 * its position and its leaf hash recomputed from the archived text (from
 * the kept commitment for an erased event).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eventLeaf, type EventLeaf, type StoredEvent } from './log-hash.ts';
import { readArchive, type ArchiveRow } from '../lifecycle/parquet-archive.ts';
import { checkedArchive } from '../lifecycle/restore.ts';

export interface ArchivedLeaf {
  position: number;
  event__id: string;
  /** What the archived row proves (its leaf, unless erased-unprovable or stripped). */
  proved: EventLeaf;
  /** The erasure event that erased it, if erased. */
  erasure__id: string | null;
  /** The archive file it came from. */
  file: string;
}

/** PostgreSQL's timestamptz text under TimeZone UTC ('2026-01-05 10:00:00.12+00') as the leaf encoding writes it ('2026-01-05T10:00:00.120000Z'). */
export function leafTime(text: string): string {
  const match = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?\+00$/.exec(text);
  if (!match) throw new Error(`archived time ${text} is not PostgreSQL's UTC text`);
  const [, year, month, day, hour, minute, second, fraction = ''] = match;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction.padEnd(6, '0')}Z`;
}

export const archivedLeafFields = (row: ArchiveRow): StoredEvent => ({
  event__id: row.event__id,
  event_type: row.event_type,
  occurred_at: leafTime(row.occurred_at),
  created_at: leafTime(row.created_at),
  source: row.source,
  partition_key: row.partition_key,
  consumer: row.consumer,
  headers: row.headers,
  payload: row.payload,
  content_salt: row.content_salt,
  content_commitment: row.content_commitment,
  erased_at: row.erased_at,
});

/**
 * Every archived event of `dir`, by position. Each file is checked against
 * its manifest first (SHA-256, rows, first and last id). Files of format /1
 * carry no positions: they are named in `unpositioned`, and their events
 * are in `byId` (position 0), for a check that takes positions from the log.
 */
export async function archivedLeaves(dir: string): Promise<{ leaves: Map<number, ArchivedLeaf>; unpositioned: string[]; byId: Map<string, ArchivedLeaf>; erasureRecords: Map<string, string> }> {
  const leaves = new Map<number, ArchivedLeaf>();
  const byId = new Map<string, ArchivedLeaf>();
  /** The lib_event.event.erased events archived: id to payload text. */
  const erasureRecords = new Map<string, string>();
  const unpositioned: string[] = [];
  for (const name of readdirSync(dir).filter((entry) => entry.endsWith('.manifest.json')).sort()) {
    const { file } = await checkedArchive(join(dir, name));
    for await (const rows of readArchive(file)) {
      for (const row of rows) {
        if (row.position === null) {
          if (!unpositioned.includes(file)) unpositioned.push(file);
          byId.set(row.event__id, { position: 0, event__id: row.event__id, proved: eventLeaf(archivedLeafFields(row)), erasure__id: row.erasure__id, file });
          continue;
        }
        const position = Number(row.position);
        if (leaves.has(position)) throw new Error(`${file}: position ${position} is also in ${leaves.get(position)?.file}`);
        leaves.set(position, { position, event__id: row.event__id, proved: eventLeaf(archivedLeafFields(row)), erasure__id: row.erasure__id, file });
        if (row.event_type === 'lib_event.event.erased' && row.payload) erasureRecords.set(row.event__id, row.payload);
      }
    }
  }
  return { leaves, unpositioned, byId, erasureRecords };
}
