import { describe, expect, it } from 'vitest';
import { parseMarker } from './support/markdown.ts';
import { psqlTableDifferences } from './support/psql-output.ts';
import { jsonShapeDifferences, responseDifferences, textShapeDifferences } from './support/shapes.ts';

// The comparisons the documentation's examples are held to, on answers
// that must pass and answers that must not.

const receipt = { event__id: '01a20b76-c616-756f-abc9-caea3bd67582', created_at: '2026-11-24T02:51:03.062954+00:00', consumer: 'billing', source: null };

describe('jsonShapeDifferences', () => {
  it('passes the same keys and types, whatever the ids, times and other values', () => {
    expect(jsonShapeDifferences(receipt, { ...receipt, event__id: '019452a9-1400-7823-914d-a37acad226c9', created_at: '2027-01-01T00:00:00Z', consumer: 'iam' })).toEqual([]);
  });

  it('names a missing or extra key, another type, and a non-UUID or non-time where the document shows one', () => {
    expect(jsonShapeDifferences(receipt, { event__id: 'INV-1', created_at: 'yesterday', source: 1, recorded_by: 'billing' })).toEqual([
      '$.consumer: missing',
      '$.recorded_by: not in the document',
      '$.event__id: "INV-1" is not a UUID, as the document shows',
      '$.created_at: "yesterday" is not a time, as the document shows',
      '$.source: number 1, the document shows null',
    ]);
  });

  it('takes more elements than a sample shows, but not none', () => {
    expect(jsonShapeDifferences([{ n: 1 }], [{ n: 2 }, { n: 3 }])).toEqual([]);
    expect(jsonShapeDifferences([{ n: 1 }], [])).toEqual(['$: empty, the document shows 1 element(s)']);
    expect(jsonShapeDifferences([{ n: 1 }], [{ m: 2 }])).toEqual(['$[0].n: missing', '$[0].m: not in the document']);
  });
});

describe('textShapeDifferences (CSV)', () => {
  const shown = 'event__id,event_type,consumer\n01a20b76-c616-756f-abc9-caea3bd67582,billing.invoice.paid,billing';

  it('passes the same header and rows of the same fields', () => {
    expect(textShapeDifferences(shown, 'event__id,event_type,consumer\n019452a9-1400-7823-914d-a37acad226c9,iam.user.created,"a, b"\n')).toEqual([]);
  });

  it('names another header, a row of other fields, and no rows', () => {
    expect(textShapeDifferences(shown, 'event__id,consumer\nx,billing')).toHaveLength(2);
    expect(textShapeDifferences(shown, 'event__id,event_type,consumer\n')).toEqual(['no line after the first, the document shows some']);
  });
});

describe('responseDifferences (an HTTP head shown)', () => {
  const shown = 'HTTP/1.1 206 Partial Content\n...\nContent-Range: 0-0/42\n...';
  const answer = (statusLine: string, range: string) => ({ statusLine, status: Number(statusLine.split(' ')[1]), headers: new Map([['content-range', range]]), body: '' });

  it('passes the status line and the headers shown, with other numbers', () => {
    expect(responseDifferences('text', shown, answer('HTTP/1.1 206 Partial Content', '0-0/7'))).toEqual([]);
  });

  it('names another status line, and a header value of another shape', () => {
    expect(responseDifferences('text', shown, answer('HTTP/1.1 200 OK', '*/7'))).toEqual([
      'status line "HTTP/1.1 200 OK", the document shows "HTTP/1.1 206 Partial Content"',
      'Content-Range: "*/7", the document shows "0-0/42"',
    ]);
  });
});

describe('psqlTableDifferences', () => {
  const shown = '    partition    | archived\n-----------------+----------\n event_p20250101 | f\n(1 row)';

  it('passes the same cells, and names another cell or row count', () => {
    expect(psqlTableDifferences(shown, ['partition', 'archived'], [['event_p20250101', 'f']])).toEqual([]);
    expect(psqlTableDifferences(shown, ['partition', 'archived'], [['event_p20250101', 't']])).toHaveLength(1);
    expect(psqlTableDifferences(shown, ['partition', 'archived'], [])).toEqual(['0 rows, the document shows 1']);
  });
});

describe('parseMarker', () => {
  it('reads the three markers, and refuses one without its reason, meaning or name', () => {
    expect(parseMarker('skip a fragment')).toEqual({ kind: 'skip', reason: 'a fragment' });
    expect(parseMarker('needs LAST_CURSOR, OTHER: what they are')).toEqual({ kind: 'needs', names: ['LAST_CURSOR', 'OTHER'], meaning: 'what they are' });
    expect(parseMarker('walk-through archive-restore')).toEqual({ kind: 'walk-through', name: 'archive-restore' });
    for (const text of ['skip', 'needs LAST_CURSOR', 'walk-through', 'run always']) expect(typeof parseMarker(text)).toBe('string');
  });
});
