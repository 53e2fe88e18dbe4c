import pg from 'pg';
import { callQuery, viewQuery } from '../generate/postgrest-envelope.ts';
import { createCall, createQuery } from './create-calls.ts';
import { asPostgrest, fmt, ratio, runProducers, timeRepeated, type BenchContext, type Section, type SectionResult, type Target } from './context.ts';
import { loadEvents } from './seed-events.ts';

// What a scoped key costs (db/security.md#scoped-keys): the same reads with
// an unscoped reader key and with scoped ones, at context.rows events, and
// create with a scoped producer key against an unscoped one. The synthetic
// events (seed-events.ts) have 20 services: billing.* is 1 event in 20, the
// broad scope (ten services) 1 in 2.

const broadScope = ['billing.*', ...Array.from({ length: 9 }, (_, n) => `svc${n + 1}.*`)];


async function scopedKey(admin: pg.Client, consumer: string, access: string, eventTypes: string[] | null): Promise<string> {
  const { rows: [row] } = await admin.query<{ api_key: string }>(
    'select api_key from lib_event.api_key_create($1, $2, event_types => $3)', [consumer, access, eventTypes]);
  return row?.api_key ?? '';
}

const reads: { name: string; request: (key: string) => Parameters<typeof asPostgrest>[1] }[] = [
  { name: 'GET /events?limit=100', request: (apiKey) => ({ method: 'GET', path: '/events', apiKey, ...viewQuery('events', { limit: 100 }) }) },
  {
    name: 'GET /events?order=created_at.desc&limit=100',
    request: (apiKey) => ({ method: 'GET', path: '/events', apiKey, ...viewQuery('events', { orderBy: 'created_at desc', limit: 100 }) }),
  },
  {
    name: 'GET /events?event_type=eq.billing.invoice.paid&limit=100',
    request: (apiKey) => ({ method: 'GET', path: '/events', apiKey, ...viewQuery('events', { where: 'event_type = $1', values: ['billing.invoice.paid'], limit: 100 }) }),
  },
  {
    name: 'GET /rpc/find (100 per page)',
    request: (apiKey) => ({ method: 'GET', path: '/rpc/find', apiKey, text: callQuery('find', { kind: 'none' }, { set: true, composite: true }), values: [] }),
  },
  {
    name: 'GET /rpc/find?event_type=billing.invoice.paid',
    request: (apiKey) => ({
      method: 'GET', path: '/rpc/find', apiKey,
      text: callQuery('find', { kind: 'query', params: [{ name: 'event_type', type: 'text' }] }, { set: true, composite: true }),
      values: ['billing.invoice.paid'],
    }),
  },
];

async function createP50(context: BenchContext, apiKey: string): Promise<number> {
  const result = await runProducers(context.authenticatorUrl, 1, context.seconds, 1, async (client, producer, call) => {
    await asPostgrest(client, { method: 'POST', path: '/rpc/create', apiKey, text: createQuery, values: [JSON.stringify(createCall.body(producer, call))] });
  });
  return result.p50Ms;
}

export const scopedKeysSection: Section = async (context): Promise<SectionResult> => {
  const admin = new pg.Client({ connectionString: context.adminUrl });
  await admin.connect();
  context.log(`scoped keys: loading ${context.rows.toLocaleString('en')} events`);
  await admin.query('truncate lib_event.event');
  await loadEvents(admin, context.rows);
  const keys = {
    unscoped: context.readerKey,
    broad: await scopedKey(admin, 'desk-broad', 'reader', broadScope),
    billing: await scopedKey(admin, 'desk-billing', 'reader', ['billing.*']),
    producerUnscoped: await scopedKey(admin, 'billing-free', 'producer', null),
    producerScoped: await scopedKey(admin, 'billing-scoped', 'producer', ['billing.*']),
  };
  await admin.end();

  const reader = new pg.Client({ connectionString: context.authenticatorUrl });
  await reader.connect();
  const rows: (string | number)[][] = [];
  const latency: Record<string, Record<string, number>> = {};
  const targets: Target[] = [];
  const repeats = 30;
  try {
    for (const read of reads) {
      const unscoped = (await timeRepeated(repeats, () => asPostgrest(reader, read.request(keys.unscoped)))).p50;
      const broad = (await timeRepeated(repeats, () => asPostgrest(reader, read.request(keys.broad)))).p50;
      const billing = (await timeRepeated(repeats, () => asPostgrest(reader, read.request(keys.billing)))).p50;
      rows.push([read.name, fmt(unscoped, 2), fmt(broad, 2), ratio(broad, unscoped), fmt(billing, 2), ratio(billing, unscoped)]);
      latency[read.name] = { unscoped_p50_ms: unscoped, broad_p50_ms: broad, billing_p50_ms: billing };
      targets.push({
        what: `${read.name}, broad scope (1 event in 2) vs unscoped p50`, target: '<= 1.2x',
        value: `${ratio(broad, unscoped)}x`, met: broad / unscoped <= 1.2,
      });
    }
  } finally {
    await reader.end();
  }
  const createUnscoped = await createP50(context, keys.producerUnscoped);
  const createScoped = await createP50(context, keys.producerScoped);
  rows.push(['POST /rpc/create (producer key)', fmt(createUnscoped, 2), '', '', fmt(createScoped, 2), ratio(createScoped, createUnscoped)]);
  targets.push({
    what: 'create with a billing.* producer key vs an unscoped one, p50', target: '<= 1.2x',
    value: `${ratio(createScoped, createUnscoped)}x`, met: createScoped / createUnscoped <= 1.2,
  });
  return {
    title: `Scoped keys at ${context.rows.toLocaleString('en')} events (as PostgREST runs each request; p50 ms)`,
    columns: ['request', 'unscoped', 'broad scope', 'ratio', 'billing.*', 'ratio'],
    rows,
    fields: { rows: context.rows, latency, create: { unscoped_p50_ms: createUnscoped, scoped_p50_ms: createScoped } },
    notes: [
      'broad scope: ten event-type patterns matching 1 event in 2; billing.*: 1 event in 20 (GET /events without a filter then reads some 20 rows per row it returns).',
      'The row-level security policy runs its scope lookups once per statement; a scope that matches few events costs the rows the scan passes over.',
    ],
    targets,
  };
};
