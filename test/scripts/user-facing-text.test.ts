import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { rootDocument } from '../support/root-spec.ts';

// Users read the docs, the API document (built from COMMENT ON texts) and
// the errors; none of them may point at the project's requirement documents
// ("seed 000", "seed 002"), which users never saw: they say what is meant.

const requirementDocument = /\bseeds?[\s_-]*0\d*/gi;

/** Each place in `text` that names a requirement document, as "where: line". */
function mentions(where: string, text: string): string[] {
  return text.split('\n').flatMap((line, index) =>
    line.match(requirementDocument) ? [`${where}:${index + 1}: ${line.trim()}`] : []);
}

/** Not the project's own text: dependencies, local data, build output. */
const notOurs = new Set(['node_modules', '.git', '.data', '.test-results', 'dist']);

function filesUnder(dir: string, wanted: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (notOurs.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, wanted);
    return wanted(entry.name) ? [path] : [];
  });
}

const textOf = (paths: string[]) => paths.flatMap((path) => mentions(relative(projectRoot, path), readFileSync(path, 'utf8')));

describe('user-facing text names no requirement document', () => {
  it('finds the pattern where it is (so the checks below can fail)', () => {
    expect(mentions('example', 'as seed 002 asks\nfine\nSeed 000 says')).toEqual(['example:1: as seed 002 asks', 'example:3: Seed 000 says']);
  });

  it('in every Markdown file of the project', () => {
    const markdown = filesUnder(projectRoot, (name) => name.endsWith('.md'));
    expect(markdown.map((path) => relative(projectRoot, path))).toEqual(expect.arrayContaining(['README.md', 'db/recording.md']));
    expect(textOf(markdown)).toEqual([]);
  });

  it('in the functions, views and comments in force (db/objects, db/schema.sql: their error messages and hints) and the commands', () => {
    const sql = [...filesUnder(join(projectRoot, 'db', 'objects'), (name) => name.endsWith('.sql')), join(projectRoot, 'db', 'schema.sql')];
    const commands = filesUnder(join(projectRoot, 'scripts'), (name) => name.endsWith('.ts'));
    expect(sql.length).toBeGreaterThan(100);
    expect(textOf([...sql, ...commands])).toEqual([]);
  });

  it('in the committed API document and its generated types', () => {
    expect(textOf(['openapi.json', 'api.d.ts'].map((file) => join(projectRoot, 'generated', file)))).toEqual([]);
  });

  describe('in the migrated database', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(async () => {
      await db?.drop();
    });

    it('in every COMMENT ON text', async () => {
      const { rows } = await db.admin.query<{ object: string; description: string }>(
        `select pg_describe_object(classoid, objoid, objsubid) as object, description from pg_catalog.pg_description`);
      expect(rows.length).toBeGreaterThan(100);
      expect(rows.flatMap((row) => mentions(row.object, row.description))).toEqual([]);
    });

    it('in the API document served at /', async () => {
      const document = await rootDocument(db.authenticator);
      expect(document.status).toBe(200);
      expect(mentions('GET /', JSON.stringify(document.body, null, 1))).toEqual([]);
    });
  });
});
