/**
 * npm run verify -- --witness <vkey>: the newest C2SP checkpoint trusted
 * must carry cosignatures (c2sp.org/tlog-cosignature) from a quorum of the
 * witnesses given. A witness cosigns only a checkpoint consistent with every
 * one it cosigned before, so a log that shows another history to someone
 * else cannot get it cosigned by the same witnesses: the split view shows.
 */
import type { KeyObject } from 'node:crypto';
import { UsageError } from '../command.ts';
import { parseVkey, verifiedSigners, vkeyOf } from './checkpoint-note.ts';

/** --witness-quorum, checked against how many witnesses were given. */
export function witnessQuorum(text: string, witnesses: number): number {
  const quorum = Number(text);
  if (!/^[1-9][0-9]*$/.test(text) || quorum > witnesses) {
    throw new UsageError(`verify: --witness-quorum ${text}: expected a whole number from 1 to the number of --witness keys given (${witnesses})`);
  }
  return quorum;
}

interface NotedCheckpoint { tree_size: string; origin?: string | null; note?: string | null }

/** Why the newest C2SP checkpoint is not cosigned as required; none when it is. */
export function witnessFailures(checkpoints: NotedCheckpoint[], logKeys: KeyObject[], witnesses: string[], quorum = witnesses.length): string[] {
  if (witnesses.length === 0) return [];
  const noted = checkpoints.filter((c) => c.note && c.origin).sort((a, b) => Number(b.tree_size) - Number(a.tree_size));
  const newest = noted[0];
  if (!newest?.note || !newest.origin) return ['no C2SP checkpoint to hold to the witnesses (checkpoints signed as lib_event checkpoint v1 carry no cosignatures)'];
  const witnessKeys = witnesses.map(parseVkey);
  const logVerifiers = logKeys.map((key) => parseVkey(vkeyOf(newest.origin as string, key)));
  let opened: ReturnType<typeof verifiedSigners>;
  try {
    opened = verifiedSigners(newest.note, [...logVerifiers, ...witnessKeys]);
  } catch (error) {
    return [`checkpoint tree_size ${newest.tree_size}: its note does not parse: ${(error as Error).message}`];
  }
  const failures = opened.failures.map((f) => `checkpoint tree_size ${newest.tree_size}: ${f}`);
  if (!opened.signers.some((s) => logVerifiers.includes(s))) failures.push(`checkpoint tree_size ${newest.tree_size}: its note is not signed by a trusted log key`);
  const cosigners = opened.signers.filter((s) => witnessKeys.includes(s)).map((s) => s.name);
  if (cosigners.length < quorum) {
    failures.push(`checkpoint tree_size ${newest.tree_size}: cosigned by ${cosigners.length} of the witnesses given${cosigners.length ? ` (${cosigners.join(', ')})` : ''}, ${quorum} needed: no quorum of witnesses vouches that this is the history everyone else sees`);
  }
  return failures;
}
