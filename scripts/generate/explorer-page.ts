/**
 * The events explorer (db/explorer/): its sources made into the one page
 * lib_events.explorer() serves, and the migration that installs a new
 * version of it. The page is a single response, so its style and its two
 * modules are inlined, with a Content-Security-Policy that lets only those
 * exact inline blocks run (by their SHA-256) and only this API be fetched.
 *
 * CLI: npm run explorer:migration writes db/migrations/<version>_explorer_page.sql
 * when the sources changed since the page in force (the test
 * test/http/explorer.test.ts fails until it is written and applied).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseCommand, runCommand } from '../command.ts';
import { projectRoot } from '../database/dbmate.ts';

const sources = join(projectRoot, 'db', 'explorer');
const migrationsDir = join(projectRoot, 'db', 'migrations');
const read = (name: string) => readFileSync(join(sources, name), 'utf8');

export interface ExplorerPage {
  html: string;
  /** The Content-Security-Policy the page is served with. */
  contentSecurityPolicy: string;
}

const inlineHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

export function buildExplorerPage(): ExplorerPage {
  // One module: verify.js's exports become app.js's local functions.
  const verify = read('verify.js').replace(/^export /gm, '');
  const app = read('app.js').replace(/^import \{[^}]*\} from '\.\/verify\.js';\n/m, '');
  const script = `\n${verify}\n${app}`;
  const style = `\n${read('style.css')}`;
  const html = read('index.html')
    .replace('<style>\n/* style.css */\n</style>', () => `<style>${style}</style>`)
    .replace('<script type="module">\n// app.js\n</script>', () => `<script type="module">${script}</script>`);
  if (!html.includes(script) || !html.includes(style)) throw new Error('db/explorer/index.html lacks its style.css or app.js placeholder');
  const contentSecurityPolicy = [
    "default-src 'none'", `script-src ${inlineHash(script)}`, `style-src ${inlineHash(style)}`,
    "connect-src 'self'", "img-src 'self' data:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  ].join('; ');
  return { html, contentSecurityPolicy };
}

/** The migration that makes lib_events.explorer() serve this page. */
export function explorerMigration(page: ExplorerPage): string {
  const quote = '$page$';
  if (page.html.includes(quote)) throw new Error(`the page contains ${quote}, which quotes it in SQL`);
  const headers = JSON.stringify([
    { 'Content-Security-Policy': page.contentSecurityPolicy },
    { 'X-Content-Type-Options': 'nosniff' },
    { 'Referrer-Policy': 'no-referrer' },
    { 'Cache-Control': 'no-cache' },
  ]);
  return `-- migrate:up

-- The events explorer page, built from db/explorer/ by npm run explorer:migration
-- (scripts/generate/explorer-page.ts): edit those files, not this one.

set role lib_event_owner;

create or replace function lib_events.explorer()
returns lib_events."text/html"
language plpgsql
stable
set search_path = ''
as ${quote}
begin
  perform pg_catalog.set_config('response.headers', ${sqlLiteral(headers)}, true);
  return ${sqlLiteral(page.html)};
end
${quote};

comment on function lib_events.explorer() is
  'The events explorer: a page for analysts and auditors to filter, page through, export and verify events in a browser. Open GET /rpc/explorer.

It needs no key to load; it then asks for a reader key, kept in the tab''s
sessionStorage, and reads through the same API as everyone else. Verify
checks an event''s inclusion proof and its checkpoint''s signature in the
browser. Built from db/explorer/ (scripts/generate/explorer-page.ts).';

grant execute on function lib_events.explorer() to lib_event_anon, lib_event_producer, lib_event_reader, lib_event_producer_reader;

reset role;

-- migrate:down
`;
}

const sqlLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function main(): Promise<void> {
  parseCommand({
    usage: 'npm run explorer:migration',
    description: `Write db/migrations/<version>_explorer_page.sql (after the last migration): the explorer page built from db/explorer/ (its HTML,
style and scripts inlined, with a Content-Security-Policy for exactly them), for lib_events.explorer()
to serve once migrated.`,
  });
  // After every migration there is: the page replaces the one in force.
  const versions = readdirSync(migrationsDir).map((name) => /^(\d{14})_/.exec(name)?.[1]).filter((v): v is string => v !== undefined);
  const version = (BigInt(versions.sort().at(-1) ?? '0') + 100n).toString().padStart(14, '0');
  const file = join(migrationsDir, `${version}_explorer_page.sql`);
  writeFileSync(file, explorerMigration(buildExplorerPage()));
  console.log(`explorer: wrote ${file}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
