import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

// Not imported from dbmate.ts: the relay's container runs this file with pg alone.
const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// The passwords of the roles lib_event lets log in. None has a default: a
// password comes from the environment, or from the credentials file of the
// server, or is generated once, set, and kept in that file (mode 0600).
// Nothing here changes a password the role already has unless asked to
// rotate it: a running PostgREST keeps working.

export interface LoginRole {
  role: string;
  /** The environment variable that gives the password. */
  variable: string;
}

/** PostgREST's login. */
export const authenticatorLogin: LoginRole = { role: 'lib_event_authenticator', variable: 'AUTHENTICATOR_PASSWORD' };
/** The notification relay's login. */
export const relayLogin: LoginRole = { role: 'lib_event_relay', variable: 'RELAY_PASSWORD' };
/** The RabbitMQ ingest loader's login. */
export const ingestLogin: LoginRole = { role: 'lib_event_ingest', variable: 'INGEST_PASSWORD' };
/** The sequencer's login: sequencing and checkpoints. */
export const sequencerLogin: LoginRole = { role: 'lib_event_sequencer', variable: 'SEQUENCER_PASSWORD' };
/** The AMQP bridge's login: following the log, its cursor. */
export const bridgeLogin: LoginRole = { role: 'lib_event_bridge', variable: 'BRIDGE_PASSWORD' };
/** The partition maintenance's login. */
export const maintenanceLogin: LoginRole = { role: 'lib_event_maintenance', variable: 'MAINTENANCE_PASSWORD' };
/** The read replica's login: replication only. */
export const replicatorLogin: LoginRole = { role: 'lib_event_replicator', variable: 'REPLICATOR_PASSWORD' };
export const loginRoles = [authenticatorLogin, relayLogin, ingestLogin, sequencerLogin, bridgeLogin, maintenanceLogin, replicatorLogin];

/** A login role's password put in force with `admin`, and the connection string that logs in with it. */
export async function loginFor(admin: pg.ClientBase, adminUrl: string, login: LoginRole): Promise<LoginPassword & { url: string }> {
  const password = await ensureLoginPassword(admin, adminUrl, login);
  return { ...password, url: loginUrl(adminUrl, password.role, password.password) };
}

/** Where generated passwords are kept: LIB_EVENT_CREDENTIALS_DIR, else .data/credentials beside the data. */
export function credentialsDir(): string {
  return process.env.LIB_EVENT_CREDENTIALS_DIR ?? join(projectRoot, '.data', 'credentials');
}

/**
 * The credentials file of the server a connection string points at: roles
 * and their passwords belong to the whole server, not to one database.
 * Its lines are VARIABLE=password, so it also serves as an env file.
 */
export function credentialsFile(connectionString: string): string {
  const url = new URL(connectionString);
  const host = (url.hostname || 'localhost').replace(/[^A-Za-z0-9.-]/g, '_');
  return join(credentialsDir(), `${host}-${url.port || '5432'}.env`);
}

function readCredentials(file: string): Map<string, string> {
  const entries = new Map<string, string>();
  if (!existsSync(file)) return entries;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match?.[1] && match[2]) entries.set(match[1], match[2]);
  }
  return entries;
}

function storeCredential(file: string, variable: string, password: string): void {
  mkdirSync(credentialsDir(), { recursive: true, mode: 0o700 });
  const entries = readCredentials(file);
  entries.set(variable, password);
  // Written whole under another name, then renamed: never half a file.
  const next = `${file}.next`;
  writeFileSync(next, [...entries].map(([name, value]) => `${name}=${value}\n`).join(''), { mode: 0o600 });
  chmodSync(next, 0o600);
  renameSync(next, file);
}

/** 32 URL-safe characters from 24 random bytes: safe inside a connection string as it is. */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether the role has a password: true or false for a superuser, undefined when pg_authid is not readable. */
async function roleHasPassword(admin: pg.ClientBase, role: string): Promise<boolean | undefined> {
  try {
    const { rows } = await admin.query<{ has: boolean }>(
      'select rolpassword is not null as has from pg_catalog.pg_authid where rolname = $1', [role]);
    return rows[0]?.has ?? false;
  } catch (error) {
    if ((error as { code?: string }).code === '42501') return undefined;
    throw error;
  }
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802 and
 * RFC 7677; PostgreSQL's src/common/scram-common.c, scram_build_secret):
 * SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, base64. The
 * server then never sees the password itself, in a statement, a log line or
 * pg_stat_statements. Printable ASCII only: PostgreSQL runs SASLprep on other
 * passwords first, which this does not imitate.
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  if (!/^[\x21-\x7e]+$/.test(password)) {
    throw new Error('a login password must be printable ASCII without spaces (it goes into connection URIs too)');
  }
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** ALTER ROLE ... PASSWORD with the password's SCRAM verifier, never the password; the server quotes the name and verifier. */
export async function setPassword(admin: Pick<pg.ClientBase, 'query'>, role: string, password: string): Promise<void> {
  const { rows } = await admin.query<{ statement: string }>(
    `select format('alter role %I password %L', $1::text, $2::text) as statement`, [role, scramVerifier(password)]);
  await admin.query(rows[0]?.statement as string);
}

export interface LoginPassword {
  role: string;
  password: string;
  source: 'environment' | 'stored' | 'generated' | 'rotated';
  /** The credentials file, when the password is kept in one. */
  file?: string;
}

/**
 * The password of a login role on the server `connectionString` points at,
 * put in force with `admin` (a superuser or the role's admin):
 *
 * - given in the environment (AUTHENTICATOR_PASSWORD, RELAY_PASSWORD): set;
 * - kept in the server's credentials file: used, and set only if the role
 *   has no password (a new cluster with the same address);
 * - otherwise generated, set and kept, unless the role already has a
 *   password nobody here knows: then it fails and says how to go on, rather
 *   than take the password from under a running PostgREST.
 */
export async function ensureLoginPassword(admin: pg.ClientBase, connectionString: string, login: LoginRole): Promise<LoginPassword> {
  const given = process.env[login.variable];
  if (given) {
    await setPassword(admin, login.role, given);
    return { role: login.role, password: given, source: 'environment' };
  }
  const file = credentialsFile(connectionString);
  const stored = readCredentials(file).get(login.variable);
  const hasPassword = await roleHasPassword(admin, login.role);
  if (stored) {
    if (hasPassword !== true) await setPassword(admin, login.role, stored);
    return { role: login.role, password: stored, source: 'stored', file };
  }
  if (hasPassword === true) {
    throw new Error(
      `${login.role} already has a password, and ${displayPath(file)} does not hold it. ` +
      `Give it as ${login.variable}, or replace it with npm run password:rotate -- --role ${login.role} ` +
      '(then restart what logs in as that role).');
  }
  const password = generatePassword();
  await setPassword(admin, login.role, password);
  storeCredential(file, login.variable, password);
  return { role: login.role, password, source: 'generated', file };
}

/**
 * The password of a login role as a process that cannot set it knows it:
 * given in the environment, else kept in the server's credentials file
 * (where npm start put it); undefined when neither holds it.
 */
export function knownLoginPassword(connectionString: string, login: LoginRole): string | undefined {
  return process.env[login.variable] || readCredentials(credentialsFile(connectionString)).get(login.variable);
}

/** A new password for a login role, set and kept in the server's credentials file: the explicit rotation. */
export async function rotateLoginPassword(admin: pg.ClientBase, connectionString: string, login: LoginRole): Promise<LoginPassword> {
  const password = generatePassword();
  await setPassword(admin, login.role, password);
  const file = credentialsFile(connectionString);
  storeCredential(file, login.variable, password);
  return { role: login.role, password, source: 'rotated', file };
}

function displayPath(file: string): string {
  const inProject = relative(projectRoot, file);
  return inProject.startsWith('..') ? file : inProject;
}

/** One line saying where a login's password comes from, never the password itself. */
export function describeLogin(login: LoginPassword): string {
  switch (login.source) {
    case 'environment':
      return `${login.role}: password from ${loginRoles.find((l) => l.role === login.role)?.variable}`;
    case 'stored':
      return `${login.role}: password kept in ${displayPath(login.file as string)}`;
    case 'generated':
      return `${login.role}: new random password, kept in ${displayPath(login.file as string)} (readable by you alone)`;
    case 'rotated':
      return `${login.role}: password replaced, kept in ${displayPath(login.file as string)}; restart what logs in as ${login.role}`;
  }
}

/** The same connection string, logged in as another role. */
export function loginUrl(connectionString: string, role: string, password: string): string {
  const url = new URL(connectionString);
  url.username = role;
  url.password = encodeURIComponent(password);
  return url.toString();
}

/** The connection string with its password masked, for printing. */
export function maskedUrl(connectionString: string): string {
  const url = new URL(connectionString);
  if (url.password) url.password = '****';
  return url.toString();
}
