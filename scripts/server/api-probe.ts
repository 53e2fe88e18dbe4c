import { pathToFileURL } from 'node:url';
import { parseCommand, runCommand } from '../command.ts';

/**
 * Whether PostgREST serves requests now, as a client would find: an API
 * request gets an answer from PostgreSQL. The request is GET /events without
 * a key, which lib_event's pre-request check refuses with 401 PT401 from
 * inside PostgreSQL, writing nothing; without the database, or before the
 * schema cache is loaded, PostgREST answers 503. Given the admin server, its
 * /live must answer 200 too (the main server runs).
 *
 * Not /ready: in v16.2 it is 200 only while the schema cache is marked
 * loaded (src/library/PostgREST/Admin.hs, isLoaded in AppState.hs), and a
 * lost database marks it pending until retryingSchemaCacheLoad
 * (AppState/Reload.hs) loads it again, retrying with a delay that doubles
 * up to 32 s. After an outage of some seconds /ready stays 503 until the
 * next retry although requests succeed as soon as PostgreSQL is back (the
 * cache is kept, the pool reconnects on demand): up to 32 s more.
 *
 * This file runs under Node's type stripping alone (compose's
 * postgrest-health service): it imports nothing but Node and command.ts.
 */
export async function apiAnswers(apiUrl: string, adminUrl?: string): Promise<{ ok: true } | { ok: false; problem: string }> {
  try {
    if (adminUrl !== undefined) {
      const live = await fetch(`${adminUrl}/live`, { signal: AbortSignal.timeout(2_000) });
      if (live.status !== 200) return { ok: false, problem: `${adminUrl}/live answered ${live.status}` };
    }
    const probe = await fetch(`${apiUrl}/events?limit=1`, { signal: AbortSignal.timeout(2_000) });
    const body = (await probe.json().catch(() => ({}))) as { code?: unknown };
    if (probe.status === 401 && body.code === 'PT401') return { ok: true };
    return { ok: false, problem: `GET ${apiUrl}/events answered ${probe.status} ${typeof body.code === 'string' ? body.code : ''}`.trim() };
  } catch (error) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND) is its cause.
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, problem: `${apiUrl}: ${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}` };
  }
}

/**
 * The command line of api-probe.ts and api-watch.ts: the API's URL, once,
 * and optionally --admin <admin-url>; exits 2 with the usage otherwise.
 */
export function apiCommandLine(script: string, description: string): { apiUrl: string; adminUrl?: string } {
  const usage = `node --experimental-strip-types scripts/server/${script} <api-url> [--admin <admin-url>]`;
  const { values, positionals } = parseCommand({ usage, description, options: { admin: { type: 'string' } }, positionals: true });
  const apiUrl = positionals[0];
  if (apiUrl === undefined || positionals.length > 1) {
    console.error(`Give the API's URL, once. Usage: ${usage}`);
    process.exit(2);
  }
  return { apiUrl: apiUrl.replace(/\/+$/, ''), adminUrl: values.admin?.replace(/\/+$/, '') };
}

async function main(): Promise<void> {
  const { apiUrl, adminUrl } = apiCommandLine('api-probe.ts', `Asks once whether PostgREST serves requests, as a client would find (a keyless GET /events answered
401 PT401 from inside PostgreSQL; with --admin, /live too). Prints one line and exits 0 when it does, 1 when
it does not. Compose's postgrest-health service runs it as its healthcheck, because PostgREST's own /ready can
lag a recovered database by up to 32 s.`);
  const answer = await apiAnswers(apiUrl, adminUrl);
  if (answer.ok) {
    console.log(`${apiUrl} serves requests`);
    return;
  }
  console.error(`${apiUrl} does not serve requests: ${answer.problem}`);
  process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
