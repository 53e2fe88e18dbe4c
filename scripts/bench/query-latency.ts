import pg from 'pg';
import { callQuery, viewQuery } from '../generate/postgrest-envelope.ts';
import { asPostgrest, below, fmt, timeRepeated, type Section, type SectionResult } from './context.ts';
import { viewFilters } from './filters.ts';
import { loadEvents } from './seed-events.ts';


/** Latency of GET /events?<filter>&limit=100 and of GET /rpc/find at `rows` events. */
export const queryLatency: Section = async (context): Promise<SectionResult> => {
  const admin = new pg.Client({ connectionString: context.adminUrl });
  await admin.connect();
  context.log(`query latency: loading ${context.rows.toLocaleString('en')} events`);
  const t0 = performance.now();
  await admin.query('truncate lib_event.event');
  await loadEvents(admin, context.rows);
  const loadSeconds = (performance.now() - t0) / 1000;
  await admin.end();

  const reader = new pg.Client({ connectionString: context.authenticatorUrl });
  await reader.connect();
  const rows: (string | number)[][] = [];
  const fields: Record<string, { p50_ms: number; p99_ms: number }> = {};
  const repeats = 30;
  try {
    for (const filter of viewFilters) {
      const result = await timeRepeated(repeats, () => asPostgrest(reader, {
        method: 'GET',
        path: '/events',
        apiKey: context.readerKey,
        ...viewQuery('events', { where: filter.where, values: filter.values, limit: 100 }),
      }));
      rows.push([`GET /events?${filter.query}&limit=100`, fmt(result.p50, 2), fmt(result.p99, 2)]);
      fields[`events: ${filter.name}`] = { p50_ms: result.p50, p99_ms: result.p99 };
    }
    const finds: [string, Record<string, unknown>][] = [
      ['event_type=billing.invoice.paid', { event_type: 'billing.invoice.paid' }],
      ['consumer=consumer42', { consumer: 'consumer42' }],
      ['created_from=2026-01-05T00:00:00Z&created_to=2026-01-05T01:00:00Z',
        { created_from: '2026-01-05T00:00:00Z', created_to: '2026-01-05T01:00:00Z' }],
      ['(no filter)', {}],
    ];
    for (const [query, args] of finds) {
      const result = await timeRepeated(repeats, () => asPostgrest(reader, {
        method: 'GET',
        path: '/rpc/find',
        apiKey: context.readerKey,
        // GET binds each query parameter given, by name, as PostgREST does.
        text: callQuery('find', {
          kind: 'query',
          params: Object.keys(args).map((name) => ({ name, type: name.startsWith('created_') ? 'timestamptz' : 'text' })),
        }, { set: true, composite: true }),
        values: Object.values(args),
      }));
      rows.push([`GET /rpc/find?${query} (100 per page)`, fmt(result.p50, 2), fmt(result.p99, 2)]);
      fields[`find: ${query}`] = { p50_ms: result.p50, p99_ms: result.p99 };
    }
  } finally {
    await reader.end();
  }
  return {
    title: `Query latency at ${context.rows.toLocaleString('en')} events (as PostgREST runs a GET, reader key)`,
    columns: ['request', 'p50 ms', 'p99 ms'],
    rows,
    fields: { rows: context.rows, load_seconds: Math.round(loadSeconds * 10) / 10, latency: fields },
    notes: [`Loading ${context.rows.toLocaleString('en')} events (INSERT ... SELECT, indexes rebuilt after) took ${fmt(loadSeconds, 1)} s.`],
    targets: [below(`slowest p50 of the requests above, at ${context.rows.toLocaleString('en')} events`,
      Math.max(...Object.values(fields).map((f) => f.p50_ms)), 10, 'ms')],
  };
};
