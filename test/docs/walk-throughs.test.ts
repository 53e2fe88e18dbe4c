import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { documentationExamples, where } from './support/markdown.ts';
import { psqlTableDifferences } from './support/psql-output.ts';
import { runBash } from './support/shell.ts';

// The walk-throughs of the documentation (blocks marked
// <!-- example: walk-through <name> -->), each run step by step on a fresh
// database as npm start makes it: sql steps as the superuser, as in psql; sh
// steps with bash in the project, DATABASE_URL naming that database as
// lib_event_maintenance (as npm run archive and restore log in to npm
// start's without it). test/docs/README.md has the rules.

const { walkThroughs } = documentationExamples();

describe('the documentation\'s walk-throughs', () => {
  it('include the archive and restore walk-through of db/partitions.md', () => {
    expect(walkThroughs.get('archive-restore')?.map((step) => step.fence.file)).toContain('db/partitions.md');
  });
});

for (const [name, steps] of walkThroughs) {
  describe(`walk-through ${name} (${steps[0]?.fence.file}), on a fresh database`, () => {
    let db: TestDatabase;
    let client: pg.Client;
    let archiveDir: string;

    beforeAll(async () => {
      // As npm start runs it: the sequencer places what is recorded.
      db = await createTestDatabase({ sequencer: true });
      // Every value as the text psql prints.
      client = new pg.Client({ connectionString: db.url, types: { getTypeParser: () => (value: string) => value } });
      await client.connect();
      archiveDir = mkdtempSync(join(tmpdir(), 'lib_event-walk-through-'));
    });

    afterAll(async () => {
      await client?.end();
      await db?.drop();
      if (archiveDir) rmSync(archiveDir, { recursive: true, force: true });
    });

    for (const { fence, output } of steps) {
      it(`${where(fence)}: ${fence.text.split('\n')[0]}`, async () => {
        if (fence.lang === 'sh') {
          const run = await runBash(fence.text, {
            cwd: projectRoot,
            // As the maintenance login: npm run archive and restore need no superuser.
            env: { DATABASE_URL: db.loginUrl('lib_event_maintenance'), LIB_EVENT_ARCHIVE_DIR: archiveDir },
            timeoutMs: 120_000,
          });
          expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
          return;
        }
        const results = [await client.query(fence.text)].flat() as pg.QueryResult<Record<string, string | null>>[];
        if (!output) return;
        const shown = results.filter((result) => result.fields.length > 0).at(-1);
        expect(shown, `${where(fence)} shows output, but its statements return no rows`).toBeDefined();
        const columns = shown?.fields.map((field) => field.name) ?? [];
        const rows = (shown?.rows ?? []).map((row) => columns.map((column) => row[column] ?? ''));
        expect(psqlTableDifferences(output.text, columns, rows)).toEqual([]);
      }, 150_000);
    }
  });
}
