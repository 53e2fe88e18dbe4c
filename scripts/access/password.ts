import pg from 'pg';
import { parseCommand, runCommand, UsageError } from '../command.ts';
import { adminUrl } from '../database/local-database.ts';
import { describeLogin, loginRoles, rotateLoginPassword } from '../database/login-secrets.ts';

const usage = `Usage:
  npm run password:rotate -- --role <login role>

Gives the role a new random password and keeps it in the server's
credentials file (.data/credentials/<host>-<port>.env, mode 0600); the
password is never printed. The login roles: lib_event_authenticator
(PostgREST), lib_event_relay, lib_event_ingest, lib_event_sequencer,
lib_event_bridge, lib_event_maintenance (db/security.md). Restart what logs
in as that role so that it reads the new one. Connects to DATABASE_URL, or to the
database npm start runs.`;

async function rotate(roleName: string | undefined): Promise<void> {
  const login = loginRoles.find((l) => l.role === roleName);
  if (!login) throw new UsageError(`password:rotate needs --role ${loginRoles.map((l) => l.role).join(' or ')}.\n\n${usage}`);
  const url = adminUrl();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    console.log(describeLogin(await rotateLoginPassword(client, url, login)));
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseCommand({
    usage: 'npm run password:rotate -- --role <login role>',
    description: usage,
    options: { role: { type: 'string' } },
    positionals: true,
  });
  if (positionals[0] === 'rotate') return rotate(values.role);
  throw new UsageError(usage);
}

runCommand(main);
