import pg from 'pg';
import { parseCommand, runCommand, UsageError } from '../command.ts';
import { loginRoles, setPassword } from '../database/login-secrets.ts';

const description = `Compose's password job: give each login role of lib_event the password in
its variable (AUTHENTICATOR_PASSWORD, RELAY_PASSWORD, INGEST_PASSWORD,
SEQUENCER_PASSWORD, BRIDGE_PASSWORD, MAINTENANCE_PASSWORD, REPLICATOR_PASSWORD),
sent as a
SCRAM-SHA-256 verifier; put LIB_EVENT_NOTIFY_MODE (inline, the default, or
relay) in force; make the read replica's replication slot; and tell PostgREST to reload its schema cache. Connects to
DATABASE_URL as a superuser. Prints which roles it set, never a password.`;

async function main(): Promise<void> {
  parseCommand({ usage: 'node --experimental-strip-types scripts/access/set-passwords.ts', description });
  const url = process.env.DATABASE_URL;
  if (!url) throw new UsageError('set-passwords: set DATABASE_URL (a superuser).');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const login of loginRoles) {
      const password = process.env[login.variable];
      if (!password) continue;
      await setPassword(client, login.role, password);
      console.log(`${login.role}: password from ${login.variable}`);
    }
    // The read replica's slot (the replica profile), made once.
    await client.query(`select pg_create_physical_replication_slot('lib_event_replica')
                         where not exists (select from pg_replication_slots where slot_name = 'lib_event_replica')`);
    await client.query('select lib_event.set_notify_mode($1)', [process.env.LIB_EVENT_NOTIFY_MODE ?? 'inline']);
  } finally {
    await client.end();
  }
}

runCommand(main);
