import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { signCheckpoint } from '../../scripts/log/sequencer.ts';
import { verifyLog } from '../../scripts/log/verify.ts';
import { testSigningKey } from '../support/database.ts';
import { asOwner, dropSequencedLogs, eventAt, publicKeys, rewriteEvent, sequencedLog } from '../support/sequenced-log.ts';

// npm run verify (scripts/log/verify.ts): each kind of tampering by the owner
// caught, and named by its place.
afterAll(dropSequencedLogs);

const verify = (client: pg.Client) => verifyLog(client, { publicKeys });

describe('verify, against a log tampered with by the owner', () => {
  it.each([
    ['a payload changed with the trigger off', async (c: pg.Client) => {
      await asOwner(c, `update lib_event.event set payload = '{"n": "forged"}' where event__id = $1`, [await eventAt(c, 17)]);
    }, /^position 17 \(event [0-9a-f-]+\): altered/],
    ['one event deleted', async (c: pg.Client) => {
      await asOwner(c, 'delete from lib_event.event where event__id = $1', [await eventAt(c, 23)]);
    }, /^position 23 \(event [0-9a-f-]+\): the event is gone/],
    ['a forged event with a plausible id inserted among the others', async (c: pg.Client) => {
      await asOwner(c, `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers, xact_id)
        select lib_event.uuid_v7(created_at), 'billing.invoice.paid', occurred_at, created_at, consumer, headers, xact_id
          from lib_event.event where event__id = $1`, [await eventAt(c, 12)]);
    }, /^event [0-9a-f-]+: not in the log, though the sequencer has passed its place \(inserted\)/],
    ['two events swapped in position', async (c: pg.Client) => {
      for (const [from, to] of [[5, 1_000_000], [6, 5], [1_000_000, 6]]) {
        await asOwner(c, 'update lib_event.log_entry set position = $2 where position = $1', [from, to]);
      }
    }, /^checkpoint tree_size 10: the first 10 events do not hash to its signed root: something at positions 1 to 10/],
    ['the tail cut off', async (c: pg.Client) => {
      await asOwner(c, 'delete from lib_event.event where event__id in (select event__id from lib_event.log_entry where position > 35)');
      await asOwner(c, 'delete from lib_event.log_entry where position > 35');
    }, /^checkpoint tree_size 40: the log has only 35 events \(its tail was cut\)/],
    ['a checkpoint root replaced', async (c: pg.Client) => {
      await asOwner(c, `update lib_event.log_checkpoint set root_hash = sha256('forged') where tree_size = 20`);
    }, /^checkpoint tree_size 20: the signature does not verify/],
    ['a checkpoint signature replaced', async (c: pg.Client) => {
      const { rows: [other] } = await c.query<{ signature: Buffer }>('select signature from lib_event.log_checkpoint where tree_size = 10');
      await asOwner(c, 'update lib_event.log_checkpoint set signature = $1 where tree_size = 30', [other?.signature]);
    }, /^checkpoint tree_size 30: the signature does not verify/],
    ['a payload, its leaf and the tree rewritten to agree', async (c: pg.Client) => {
      await rewriteEvent(c, 33, 40);
    }, /^checkpoint tree_size 40: the first 40 events do not hash to its signed root: something at positions 31 to 40/],
  ])('catches %s and names the place', async (_name, tamper, first) => {
    const { client } = await sequencedLog(40);
    try {
      expect((await verify(client)).ok).toBe(true);
      await tamper(client);
      const result = await verify(client);
      expect(result.ok).toBe(false);
      expect(result.failures[0]).toMatch(first);
    } finally {
      await client.end();
    }
  });

  it('catches an event appended with an id two hours old, placed after checkpoints signed without it', async () => {
    const { client } = await sequencedLog(40);
    try {
      // Inserted by the owner with the triggers off, in a transaction of now:
      // the sequencer places it at the end, as it would a late producer.
      await asOwner(client, `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers)
        select lib_event.uuid_v7(created_at - interval '2 hours'), 'billing.invoice.paid', occurred_at - interval '2 hours',
               created_at - interval '2 hours', consumer, headers
          from lib_event.event where event__id = $1`, [await eventAt(client, 12)]);
      for (let tries = 0; tries < 500; tries += 1) {
        await client.query('select lib_event.sequence_events()');
        if ((await client.query<{ n: number }>('select lib_event.tree_size()::int as n')).rows[0]?.n === 41) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await signCheckpoint(client, testSigningKey);
      const result = await verify(client);
      expect(result.failures).toEqual([expect.stringMatching(
        /^position 41 \(event [0-9a-f-]+\): recorded at \S+, yet not in the checkpoint of 40 events signed at \S+: inserted later with a backdated id/)]);
      // A tolerance over two hours lets it pass: the check is about time, nothing else was changed.
      expect((await verifyLog(client, { publicKeys, backdateToleranceMs: 3 * 3_600_000 })).ok).toBe(true);
    } finally {
      await client.end();
    }
  });
});

describe('npm run verify says which keys and which checkpoints it trusted, and where from, in every mode', () => {
  /** npm run verify against `url`, as an auditor runs it. */
  const verifyCommand = (url: string, args: string[]) => new Promise<{ code: number | null; stdout: string; output: string }>((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'verify', '--', ...args], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: url } });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), (output += chunk.toString())));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, output }));
  });

  it('names the files given, or the database being verified, for the keys and for the checkpoints', async () => {
    const { db, client } = await sequencedLog(20);
    const dir = mkdtempSync(join(tmpdir(), 'lib_event-verify-'));
    try {
      const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
      const key = file('key.pem', testSigningKey.publicKeyPem);
      const { rows: [saved] } = await client.query<{ rows: string }>('select json_agg(c order by tree_size)::text as rows from lib_events.checkpoints c');
      const checkpoints = file('saved.json', saved?.rows as string);
      const { rows: [proof] } = await client.query<{ proof: string }>('select lib_events.inclusion_proof($1, 20)::text as proof', [await eventAt(client, 7)]);
      const proofFile = file('proof.json', proof?.proof as string);
      const archive = mkdtempSync(join(dir, 'archive-'));

      const keyLine = (from: string) => `verify: trusted key ${testSigningKey.keyId}, from ${from}`;
      const ours = 'the database being verified, not a copy of your own';
      const cases: [string[], string, string][] = [
        [[], `${ours} (give --public-key)`, `checkpoints 2 (tree sizes from 10 to 20), from ${ours} (give --checkpoints)`],
        [['--public-key', key], key, `checkpoints 2 (tree sizes from 10 to 20), from ${ours} (give --checkpoints)`],
        [['--checkpoints', checkpoints], `${ours} (give --public-key)`, `checkpoints 2 (tree sizes from 10 to 20), from ${checkpoints}`],
        [['--public-key', key, '--checkpoints', checkpoints], key, `checkpoints 2 (tree sizes from 10 to 20), from ${checkpoints}`],
        [['--archive', archive], `${ours} (give --public-key)`, `checkpoints 2 (tree sizes from 10 to 20), from ${ours} (give --checkpoints)`],
        [['--archive', archive, '--archive-only', '--public-key', key, '--checkpoints', checkpoints], key, `checkpoints 2 (tree sizes from 10 to 20), from ${checkpoints}`],
        [['--proof', proofFile], `${ours} (give --public-key)`, `checkpoints 1 (tree size 20), from ${ours} (give --checkpoints)`],
        [['--proof', proofFile, '--public-key', key, '--checkpoints', checkpoints], key, `checkpoints 1 (tree size 20), from ${checkpoints}`],
      ];
      for (const [args, keysFrom, checkpointsTrusted] of cases) {
        const { code, stdout, output } = await verifyCommand(db.url, args);
        expect(code, `${args.join(' ')}: ${output}`).toBe(0);
        const lines = stdout.trim().split('\n');
        expect(lines.slice(0, 2), args.join(' ')).toEqual([keyLine(keysFrom), `verify: trusted ${checkpointsTrusted}`]);
        expect(lines.at(-1), args.join(' ')).toMatch(/^verify: (intact|event [0-9a-f-]+ is at leaf 6 of the signed tree of 20 events)/);
      }

      // A failure says what was trusted too.
      await rewriteEvent(client, 3, 20);
      const failed = await verifyCommand(db.url, ['--public-key', key]);
      expect(failed.code).toBe(1);
      expect(failed.stdout.trim().split('\n')).toEqual([keyLine(key), `verify: trusted checkpoints 2 (tree sizes from 10 to 20), from ${ours} (give --checkpoints)`]);
      expect(failed.output).toMatch(/verify: NOT intact: checkpoint tree_size 10/);
    } finally {
      await client.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
