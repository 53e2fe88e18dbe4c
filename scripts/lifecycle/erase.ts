/**
 * npm run erase: erase the personal data of events (lib_event.erase): by id,
 * by partition_key or by a header value, with a reason. Prints what was
 * erased and the id of the lib_event.event.erased event recording it.
 * Connects to DATABASE_URL (a login in lib_event_eraser), or to the
 * database npm start runs.
 */
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { parseCommand, runCommand, UsageError } from '../command.ts';
import { adminUrl } from '../database/local-database.ts';

async function main(): Promise<void> {
  const { values } = parseCommand({
    usage: 'npm run erase -- --reason <text> (--event <id> [--event <id> ...] | --partition-key <key> | --header <json object>) [--confirm <n>] [--break-v1-proofs]',
    description: `Erase the payload, the user headers and the salt of the events selected, their deferred payload and
idempotency record, in one transaction, and record a lib_event.event.erased event (who, why, which
events). Their proofs still verify. Past 100 events, --confirm must give the exact number matched; events
recorded before salted leaves are refused unless --break-v1-proofs.`,
    options: {
      reason: { type: 'string' }, event: { type: 'string', multiple: true }, 'partition-key': { type: 'string' },
      header: { type: 'string' }, confirm: { type: 'string' }, 'break-v1-proofs': { type: 'boolean' },
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
    const { rows: [row] } = await client.query<{ result: { erasure__id: string; erased: number; unprovable: number; deferred_payloads: number; idempotency_keys: number } }>(
      `select lib_event.erase($1, event_ids => $2::uuid[], partition_key => $3, header => $4::jsonb, confirm => $5,
                              break_v1_proofs => $6) as result`,
      [values.reason, values.event ?? null, values['partition-key'] ?? null, header === null ? null : JSON.stringify(header), confirm,
        values['break-v1-proofs'] ?? false]);
    const result = row?.result;
    if (!result) throw new Error('erase: lib_event.erase returned nothing');
    console.log(`erase: ${result.erased} events erased (${result.unprovable} recorded before salted leaves), ${result.deferred_payloads} deferred payloads, ${result.idempotency_keys} idempotency records; recorded as event ${result.erasure__id}`);
  } finally {
    clearInterval(stillRunning);
    await client.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
