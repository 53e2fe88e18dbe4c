/**
 * How an answer is held to the response a document shows: by its shape, not
 * by values that change from one run to the next (ids, times, counts).
 */

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
// ISO 8601 (2026-11-24T02:51:03.062954+00:00, ...Z) and PostgreSQL's text (2026-11-24 02:51:03.062954+00).
const time = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?/g;
const number = /\d+/g;

/** Text with its volatile parts replaced by what they are: <uuid>, <time>, <n>. */
export function textShape(text: string): string {
  return text.replace(uuid, '<uuid>').replace(time, '<time>').replace(number, '<n>');
}

const isUuid = (text: string) => new RegExp(`^${uuid.source}$`, 'i').test(text);
const isTime = (text: string) => new RegExp(`^${time.source}$`).test(text);
const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Where `actual` differs in shape from the JSON a document shows: the same
 * keys in every object, the same JSON types (null is its own type), ids and
 * times where the document shows them. A non-empty array shown must come
 * back non-empty, its first elements shaped like those shown (a document
 * shows a sample, the log holds more).
 */
export function jsonShapeDifferences(shown: unknown, actual: unknown, path = '$'): string[] {
  if (kind(shown) !== kind(actual)) return [`${path}: ${kind(actual)} ${JSON.stringify(actual)?.slice(0, 80)}, the document shows ${kind(shown)}`];
  if (typeof shown === 'string') {
    const text = actual as string;
    if (isUuid(shown) && !isUuid(text)) return [`${path}: ${JSON.stringify(text)} is not a UUID, as the document shows`];
    if (isTime(shown) && !isTime(text)) return [`${path}: ${JSON.stringify(text)} is not a time, as the document shows`];
    return [];
  }
  if (Array.isArray(shown)) {
    const items = actual as unknown[];
    if (shown.length > 0 && items.length === 0) return [`${path}: empty, the document shows ${shown.length} element(s)`];
    return items.slice(0, shown.length).flatMap((item, index) => jsonShapeDifferences(shown[index], item, `${path}[${index}]`));
  }
  if (shown && typeof shown === 'object') {
    const expected = shown as Record<string, unknown>;
    const got = actual as Record<string, unknown>;
    const missing = Object.keys(expected).filter((key) => !(key in got)).map((key) => `${path}.${key}: missing`);
    const extra = Object.keys(got).filter((key) => !(key in expected)).map((key) => `${path}.${key}: not in the document`);
    const inner = Object.keys(expected).filter((key) => key in got).flatMap((key) => jsonShapeDifferences(expected[key], got[key], `${path}.${key}`));
    return [...missing, ...extra, ...inner];
  }
  return [];
}

/** The fields of a CSV line (RFC 4180: quoted fields may hold commas and doubled quotes). */
function csvFields(line: string): string[] {
  return [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((match) => (match[1] ?? '').replace(/^"(.*)"$/s, '$1').replaceAll('""', '"'));
}

/** What a CSV field is, as far as its shape goes: a UUID, a time, or some text. */
const fieldShape = (field: string) => (isUuid(field) ? '<uuid>' : isTime(field) ? '<time>' : field === '' ? '' : '<text>');

/**
 * Where a text answer (CSV) differs in shape from the text a document shows:
 * the first line (the header) the same, each further line with as many
 * fields as the lines shown, UUIDs and times where they show them. The
 * document shows sample rows; the answer has the log's.
 */
export function textShapeDifferences(shown: string, actual: string): string[] {
  const [shownHeader = '', sample = ''] = shown.trimEnd().split('\n');
  const [actualHeader = '', ...rows] = actual.trimEnd().split('\n');
  const differences: string[] = [];
  if (textShape(actualHeader) !== textShape(shownHeader)) differences.push(`first line ${JSON.stringify(actualHeader)}, the document shows ${JSON.stringify(shownHeader)}`);
  if (!sample) return differences;
  if (rows.length === 0) differences.push('no line after the first, the document shows some');
  const expected = csvFields(sample).map(fieldShape).join(',');
  for (const row of rows) {
    const got = csvFields(row).map(fieldShape).join(',');
    if (got !== expected) differences.push(`line ${JSON.stringify(row)} has the fields ${got}, the document's ${JSON.stringify(sample)} has ${expected}`);
  }
  return differences;
}

/** A response as curl received it. */
export interface HttpAnswer {
  /** The status line, e.g. "HTTP/1.1 206 Partial Content". */
  statusLine: string;
  status: number;
  /** Header names lower-cased. */
  headers: Map<string, string>;
  body: string;
}

/**
 * Where an answer differs from a response block: a `json` block is the
 * body's shape; a `text` block is either an HTTP head (status line, the
 * headers shown, `...` for those left out, then the body after a blank
 * line) or the body as text.
 */
export function responseDifferences(lang: string, shown: string, answer: HttpAnswer): string[] {
  if (lang === 'json') return bodyDifferences(shown, answer.body);
  if (!shown.startsWith('HTTP/')) return bodyDifferences(shown, answer.body);
  const [head = '', ...bodyParts] = shown.split(/\n\s*\n/);
  const [statusLine = '', ...headerLines] = head.split('\n');
  const differences: string[] = [];
  if (textShape(answer.statusLine) !== textShape(statusLine.trim())) differences.push(`status line ${JSON.stringify(answer.statusLine)}, the document shows ${JSON.stringify(statusLine.trim())}`);
  for (const line of headerLines.map((l) => l.trim()).filter((l) => l && l !== '...')) {
    const [, name = '', value = ''] = /^([^:]+):\s*(.*)$/.exec(line) ?? [];
    const got = answer.headers.get(name.toLowerCase());
    if (got === undefined) differences.push(`no ${name} header, the document shows ${JSON.stringify(line)}`);
    else if (textShape(got) !== textShape(value)) differences.push(`${name}: ${JSON.stringify(got)}, the document shows ${JSON.stringify(value)}`);
  }
  const body = bodyParts.join('\n\n').trim();
  return [...differences, ...(body ? bodyDifferences(body, answer.body) : [])];
}

function bodyDifferences(shown: string, body: string): string[] {
  let expected: unknown;
  try {
    expected = JSON.parse(shown);
  } catch {
    return textShapeDifferences(shown, body);
  }
  try {
    return jsonShapeDifferences(expected, JSON.parse(body));
  } catch {
    return [`the body is not JSON, the document shows JSON: ${JSON.stringify(body.slice(0, 200))}`];
  }
}
