/**
 * npm run erase: erase the personal data of events (lib_event.erase): by id,
 * by partition_key or by a header value, with a reason. Prints what was
 * erased and the id of the lib_event.event.erased event recording it.
 * Connects to DATABASE_URL (a login in lib_event_eraser), or to the
 * database npm start runs. Events in archive files (--archive-dir, else
 * LIB_EVENT_ARCHIVE_DIR or .data/archive when it exists) are erased too,
 * each file rewritten (scripts/erasure/erase-archive.ts says in which order).
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { archiveDir } from '../lifecycle/archive.ts';
import { parseCommand, runCommand, UsageError } from '../command.ts';
import { archiveFilesArgument, completePending, discardRewrite, findArchived, installRewrite, lockPartitions, prepareRewrite,
  unlockPartitions, type PreparedRewrite } from './erase-archive.ts';
import { adminUrl } from '../database/local-database.ts';

interface ErasureResult {
  erasure__id: string;
  erased_at: string;
  erased: number;
  archived: number;
  unprovable: number;
  deferred_payloads: number;
  idempotency_keys: number;
}

/**
 * For the fault tests: LIB_EVENT_ERASE_PAUSE_AT=before-commit|after-commit
 * stops the run there (saying so on stdout) until it is killed.
 */
async function pauseAt(step: string): Promise<void> {
  if (process.env.LIB_EVENT_ERASE_PAUSE_AT !== step) return;
  console.log(`erase: paused at ${step}`);
  await new Promise(() => setInterval(() => {}, 60_000));
}

async function main(): Promise<void> {
  const { values } = parseCommand({
    usage: 'npm run erase -- --reason <text> (--event <id> [--event <id> ...] | --partition-key <key> | --header <json object>) [--confirm <n>] [--break-v1-proofs] [--archive-dir <directory>]',
    description: `Erase the payload, the user headers and the salt of the events selected, their deferred payload and
idempotency record, in one transaction, and record a lib_event.event.erased event (who, why, which
events). Their proofs still verify. Past 100 events, --confirm must give the exact number matched; events
recorded before salted leaves are refused unless --break-v1-proofs. Events in the archive files of
--archive-dir (else LIB_EVENT_ARCHIVE_DIR or .data/archive, when it exists) are erased too: each file
holding one is rewritten without their content, checked, and its manifest replaced; a run stopped
part way is completed (or undone) by the next.`,
    options: {
      reason: { type: 'string' }, event: { type: 'string', multiple: true }, 'partition-key': { type: 'string' },
      header: { type: 'string' }, confirm: { type: 'string' }, 'break-v1-proofs': { type: 'boolean' },
      'archive-dir': { type: 'string' },
    },
  });
  if (!values.reason) throw new UsageError('erase: --reason is required (it is recorded in the erasure event)');
  let header: unknown = null;
  if (values.header !== undefined) {
    try {
      header = JSON.parse(values.header);
    } catch {
      throw new UsageError(`erase: --header ${values.header} is not JSON: give an object such as '{"subject": "user:42"}'`);
    }
  }
  const confirm = values.confirm === undefined ? null : Number(values.confirm);
  if (confirm !== null && !Number.isInteger(confirm)) throw new UsageError(`erase: --confirm ${values.confirm} is not a whole number`);
  const dir = values['archive-dir'] ?? (existsSync(archiveDir()) ? archiveDir() : undefined);
  if (dir !== undefined && !existsSync(dir)) throw new UsageError(`erase: --archive-dir ${dir} does not exist`);
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  // One statement in one transaction: the database tells nothing of its
  // progress before it commits, so a long erase only says it still runs.
  const started = Date.now();
  const everyMs = Number(process.env.LIB_EVENT_PROGRESS_EVERY_MS ?? 5000);
  const stillRunning = setInterval(() => {
    console.error(`erase: still running after ${Math.round((Date.now() - started) / 1000)} s (one transaction: its count comes when it commits)`);
  }, everyMs);
  try {
    const completed = dir ? await completePending(client, dir) : [];
    for (const line of completed) console.log(line);
    const selector = { eventIds: values.event ?? null, partitionKey: values['partition-key'] ?? null, header };
    const matches = dir ? await findArchived(dir, selector) : [];
    const partitions = matches.map((match) => match.partition);
    await lockPartitions(client, partitions);
    const prepared: PreparedRewrite[] = [];
    let result: ErasureResult | undefined;
    try {
      await client.query('begin');
      const { rows: [row] } = await client.query<{ result: ErasureResult }>(
        `select lib_event.erase($1, event_ids => $2::uuid[], partition_key => $3, header => $4::jsonb, confirm => $5,
                                break_v1_proofs => $6, archive_files => $7::jsonb) as result`,
        [values.reason, values.event ?? null, values['partition-key'] ?? null, header === null ? null : JSON.stringify(header), confirm,
          values['break-v1-proofs'] ?? false, matches.length > 0 ? archiveFilesArgument(matches) : null]);
      result = row?.result;
      if (!result) throw new Error('erase: lib_event.erase returned nothing');
      for (const match of matches) {
        const rewrite = await prepareRewrite(client, dir as string, match, result.erasure__id, result.erased_at);
        prepared.push(rewrite);
        await client.query('select lib_event.erased_archive($1, $2::jsonb)', [result.erasure__id, JSON.stringify(rewrite.manifest)]);
      }
      await pauseAt('before-commit');
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {});
      for (const rewrite of prepared) discardRewrite(dir as string, rewrite.pendingManifest);
      await unlockPartitions(client, partitions).catch(() => {});
      // A rerun after a run stopped past its commit: that erasure is complete now, and nothing is left to erase.
      if (completed.length > 0 && (error as { code?: string }).code === 'LE092') {
        console.log('erase: nothing more to erase');
        return;
      }
      throw error;
    }
    try {
      await pauseAt('after-commit');
      for (const rewrite of prepared) {
        installRewrite(dir as string, rewrite.partition, rewrite.pendingManifest);
        console.log(`erase: ${rewrite.partition}: archive rewritten as ${rewrite.manifest.file} (sha256 ${rewrite.manifest.sha256})`);
      }
    } finally {
      await unlockPartitions(client, partitions);
    }
    console.log(`erase: ${result.erased} events erased (${result.archived} of them only in archive files, ${result.unprovable} recorded before salted leaves), ${result.deferred_payloads} deferred payloads, ${result.idempotency_keys} idempotency records; recorded as event ${result.erasure__id}`);
  } finally {
    clearInterval(stillRunning);
    await client.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
