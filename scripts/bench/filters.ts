/**
 * The analysts' common filters on lib_events.events, as the SQL condition
 * PostgREST builds from the query string (values travel as parameters).
 * They match the rows scripts/bench/seed-events.ts generates.
 */
export interface ViewFilter {
  name: string;
  /** The query string a client sends to GET /events. */
  query: string;
  where: string;
  values: unknown[];
}

export const viewFilters: ViewFilter[] = [
  { name: 'type exact', query: 'event_type=eq.billing.invoice.paid', where: 'event_type = $1', values: ['billing.invoice.paid'] },
  { name: 'type prefix', query: 'event_type=like.billing.invoice.*', where: 'event_type like $1', values: ['billing.invoice.%'] },
  { name: 'consumer', query: 'consumer=eq.consumer42', where: 'consumer = $1', values: ['consumer42'] },
  {
    name: 'source',
    query: 'source=eq.<uuid>',
    where: 'source = $1',
    values: ['d645920e-395f-edad-7bbb-ed0eca3fe2e0'], // md5('40'): the source of event 40
  },
  { name: 'partition_key', query: 'partition_key=eq.order:4242', where: 'partition_key = $1', values: ['order:4242'] },
  {
    name: 'created range',
    query: 'created_at=gte.2026-01-05T00:00:00Z&created_at=lt.2026-01-05T01:00:00Z',
    where: 'created_at >= $1 and created_at < $2',
    values: ['2026-01-05T00:00:00Z', '2026-01-05T01:00:00Z'],
  },
  {
    name: 'occurred range',
    query: 'occurred_at=gte.2026-01-05T00:00:00Z&occurred_at=lt.2026-01-05T01:00:00Z',
    where: 'occurred_at >= $1 and occurred_at < $2',
    values: ['2026-01-05T00:00:00Z', '2026-01-05T01:00:00Z'],
  },
  { name: 'header contains', query: 'headers=cs.{"actor":"user42"}', where: 'headers @> $1', values: ['{"actor":"user42"}'] },
  {
    name: 'consumer + created range',
    query: 'consumer=eq.consumer42&created_at=gte.2026-01-05T00:00:00Z&created_at=lt.2026-01-06T00:00:00Z',
    where: 'consumer = $1 and created_at >= $2 and created_at < $3',
    values: ['consumer42', '2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z'],
  },
];
