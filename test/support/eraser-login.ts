import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/**
 * A privacy officer's login, as an operator makes one: a role in
 * lib_event_eraser with a password, granted CONNECT on the database (logins
 * connect only where granted, as npm start grants its own). Made through
 * `client`, a superuser connection to `databaseUrl`; answers the login's
 * connection string.
 */
export async function createEraserLogin(client: pg.Client, databaseUrl: string, name: string): Promise<string> {
  const password = randomBytes(12).toString('hex');
  await client.query(`create role ${name} login password '${password}'; grant lib_event_eraser to ${name}`);
  const url = new URL(databaseUrl);
  await client.query(`grant connect on database ${url.pathname.slice(1)} to ${name}`);
  url.username = name;
  url.password = password;
  return url.toString();
}
