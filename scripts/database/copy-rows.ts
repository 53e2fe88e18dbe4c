import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

// COPY ... TO STDOUT in PostgreSQL's text format, read row by row: a row per
// line, its fields separated by tabs, NULL written \N, and a backslash before
// the characters the format escapes (backslash, b, f, n, r, t, v: COPY's
// output, CopyAttributeOutText). Reading the stream is the well-kept
// library's; splitting it is a few lines, and skips building a result object
// per row, which is what made a paged cursor slow.

const unescaped: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

function field(chunk: Buffer, start: number, end: number): string | null {
  if (end - start === 2 && chunk[start] === 0x5c && chunk[start + 1] === 0x4e) return null; // \N
  const text = chunk.toString('utf8', start, end);
  return chunk.indexOf(0x5c, start) >= 0 && chunk.indexOf(0x5c, start) < end
    ? text.replace(/\\(.)/g, (_, c: string) => unescaped[c] ?? c)
    : text;
}

/** Run `query` with COPY (query) TO STDOUT and hand each row to `onRow`, its fields as text (null for NULL). */
export async function copyRows(client: pg.ClientBase, query: string, onRow: (fields: (string | null)[]) => void): Promise<void> {
  const stream = client.query(copyTo(`copy (${query}) to stdout`));
  let rest: Buffer | undefined;
  for await (const data of stream as AsyncIterable<Buffer>) {
    const chunk = rest ? Buffer.concat([rest, data]) : data;
    let start = 0;
    for (let newline = chunk.indexOf(0x0a, start); newline >= 0; newline = chunk.indexOf(0x0a, start)) {
      const fields: (string | null)[] = [];
      let from = start;
      for (let tab = chunk.indexOf(0x09, from); tab >= 0 && tab < newline; tab = chunk.indexOf(0x09, from)) {
        fields.push(field(chunk, from, tab));
        from = tab + 1;
      }
      fields.push(field(chunk, from, newline));
      onRow(fields);
      start = newline + 1;
    }
    rest = start < chunk.length ? chunk.subarray(start) : undefined;
  }
  if (rest && rest.length > 0) throw new Error('COPY ended in the middle of a row');
}
