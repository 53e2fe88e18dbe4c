import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildExplorerPage } from '../../scripts/generate/explorer-page.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// The explorer page in force is the one its sources (db/explorer/) build:
// edited sources without npm run explorer:migration fail here.

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

it('serves exactly the page db/explorer/ builds, with its Content-Security-Policy', async () => {
  const client = await db.admin.connect();
  try {
    await client.query('begin');
    const { rows: [row] } = await client.query<{ html: string; headers: string }>(
      `select lib_events.explorer() as html, current_setting('response.headers') as headers`);
    await client.query('rollback');
    const built = buildExplorerPage();
    expect(row!.html === built.html, 'the page in force differs from db/explorer/: run npm run explorer:migration').toBe(true);
    expect(JSON.parse(row!.headers)).toContainEqual({ 'Content-Security-Policy': built.contentSecurityPolicy });
  } finally {
    client.release();
  }
});

it('lets only its own inline script and style run, and fetches from this API only', () => {
  const { contentSecurityPolicy } = buildExplorerPage();
  expect(contentSecurityPolicy).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*'; style-src 'sha256-[A-Za-z0-9+/]+=*'; connect-src 'self'/);
  expect(contentSecurityPolicy).not.toContain('unsafe');
});
