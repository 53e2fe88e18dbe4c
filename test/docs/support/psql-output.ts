import { textShape } from './shapes.ts';

/** A result as psql prints it by default (aligned): a header, a rule, rows, then "(n rows)". */
export function parsePsqlTable(text: string): { columns: string[]; rows: string[][] } {
  const cells = (line: string) => line.split('|').map((cell) => cell.trim());
  const lines = text.trimEnd().split('\n').filter((line) => !/^\(\d+ rows?\)$/.test(line.trim()));
  const [header = '', rule = '', ...rows] = lines;
  if (!/^[-+]+$/.test(rule.trim())) throw new Error(`not a psql table (no rule under the header): ${JSON.stringify(text.slice(0, 200))}`);
  return { columns: cells(header), rows: rows.map(cells) };
}

/**
 * Where a query's result differs from the psql output a document shows: the
 * same columns, as many rows, each cell the same text but for the values
 * that change from run to run (ids, times, numbers: see textShape).
 */
export function psqlTableDifferences(shown: string, columns: string[], rows: string[][]): string[] {
  const table = parsePsqlTable(shown);
  const differences: string[] = [];
  if (columns.join(' | ') !== table.columns.join(' | ')) differences.push(`columns ${columns.join(', ')}, the document shows ${table.columns.join(', ')}`);
  if (rows.length !== table.rows.length) differences.push(`${rows.length} rows, the document shows ${table.rows.length}`);
  rows.forEach((row, index) => {
    const got = row.map(textShape).join(' | ');
    const expected = (table.rows[index] ?? []).map(textShape).join(' | ');
    if (got !== expected) differences.push(`row ${index + 1}: ${row.join(' | ')}, the document shows ${(table.rows[index] ?? []).join(' | ')}`);
  });
  return differences;
}
