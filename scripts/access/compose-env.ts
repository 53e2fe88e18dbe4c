import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCommand } from '../command.ts';
import { projectRoot } from '../database/dbmate.ts';
import { generatePassword } from '../database/login-secrets.ts';

// npm run compose:env: the passwords docker-compose.yml requires, random,
// in .env beside it (compose reads that file), readable by you alone. A
// password already there is never replaced: the database keeps the one it
// was first started with.

export const composePasswords = ['POSTGRES_PASSWORD', 'AUTHENTICATOR_PASSWORD', 'RELAY_PASSWORD', 'INGEST_PASSWORD',
  'SEQUENCER_PASSWORD', 'BRIDGE_PASSWORD', 'MAINTENANCE_PASSWORD', 'REPLICATOR_PASSWORD', 'RABBITMQ_PASSWORD'];

function main(): void {
  const { values } = parseCommand({
    usage: 'npm run compose:env [-- --file <path>]',
    description: `Write the passwords docker-compose.yml requires (${composePasswords.join(', ')}), random, to .env (mode 0600). A password already there is never replaced.`,
    options: { file: { type: 'string' } },
  });
  const file = values.file ?? join(projectRoot, '.env');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const present = new Set([...text.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
  const missing = composePasswords.filter((name) => !present.has(name));
  const added = missing.map((name) => `${name}=${generatePassword()}\n`).join('');
  writeFileSync(file, (text && !text.endsWith('\n') ? `${text}\n` : text) + added, { mode: 0o600 });
  chmodSync(file, 0o600);
  console.log(missing.length
    ? `${file}: added ${missing.join(', ')} (random; readable by you alone). docker compose up reads them from there.`
    : `${file}: already holds ${composePasswords.join(', ')}; nothing changed.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
