import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { parseCommand, runCommand } from '../command.ts';
import { projectRoot } from '../database/dbmate.ts';
import { readRootDocument, type OpenApiDocument } from './openapi-document.ts';
import { documentText, documentTypes } from './openapi-files.ts';
import { createScratchDatabase } from '../database/scratch-database.ts';

export const generatedDir = join(projectRoot, 'generated');

/** GET / from a running PostgREST: the bytes it serves, parsed. */
async function fromPostgrest(baseUrl: string): Promise<OpenApiDocument> {
  // The API's root, also when PostgREST sits under a path prefix behind a proxy.
  const root = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const response = await fetch(root, { headers: { accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`GET ${root} answered ${response.status}: ${await response.text()}\nIs db-root-spec set to lib_events.openapi?`);
  }
  return (await response.json()) as OpenApiDocument;
}

/**
 * The same document straight from the database: a fresh database on
 * DATABASE_URL's server, or on an embedded PostgreSQL 17, migrated with
 * dbmate, then the root request run as PostgREST runs it.
 */
async function fromDatabase(): Promise<OpenApiDocument> {
  const scratch = await createScratchDatabase(`lib_event_generate_${process.pid}`);
  try {
    const client = new pg.Client({ connectionString: scratch.authenticatorUrl });
    // Dropping the database below ends a connection still closing; that is expected.
    client.on('error', () => {});
    await client.connect();
    try {
      return await readRootDocument(client);
    } finally {
      await client.end();
    }
  } finally {
    await scratch.drop();
  }
}

async function main(): Promise<void> {
  const source = process.env.POSTGREST_URL;
  const document = source ? await fromPostgrest(source) : await fromDatabase();
  await mkdir(generatedDir, { recursive: true });
  await writeFile(join(generatedDir, 'openapi.json'), documentText(document));
  await writeFile(join(generatedDir, 'api.d.ts'), await documentTypes(document));
  console.log(`generated/openapi.json and generated/api.d.ts from ${source ? `${source}/` : 'the migrated database'} (${Object.keys(document.paths).length} paths)`);
}

parseCommand({
  usage: 'npm run generate',
  description: 'Write generated/openapi.json and generated/api.d.ts from the API document: from POSTGREST_URL when set, else from a freshly migrated database (DATABASE_URL\'s server, or an embedded PostgreSQL 17).',
});
runCommand(main);
