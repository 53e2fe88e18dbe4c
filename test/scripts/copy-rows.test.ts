import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyRows } from '../../scripts/database/copy-rows.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

it('reads every row of COPY TO STDOUT as the query returns it: escapes, NULLs, UTF-8 and rows split across chunks', async () => {
  const query = `select n::text, t, j::text from (values
      (1, E'tab\\there, newline\\nthere, backslash \\\\ and \\\\N', '{"a": "quote \\" and backslash \\\\ and \\u00e9"}'::jsonb),
      (2, null, null),
      (3, '\\N', '"N"'::jsonb),
      (4, E'carriage\\rreturn, form\\ffeed, back\\bspace, vertical\\vtab', '[]'::jsonb),
      (5, 'Ünïcødé ✓ 𝄞', '{"k": "値"}'::jsonb),
      (6, repeat('x', 200000), jsonb_build_object('big', repeat('y', 150000)))
    ) v(n, t, j) order by n`;
  const client = await db.admin.connect();
  try {
    const copied: (string | null)[][] = [];
    await copyRows(client, query, (fields) => copied.push(fields));
    const { rows } = await client.query({ text: query, rowMode: 'array' });
    expect(copied).toEqual(rows);
    expect(copied).toHaveLength(6);
  } finally {
    client.release();
  }
});
