import type pg from 'pg';
import { startProgress } from '../progress.ts';

/** Events per INSERT of a load. */
const loadPart = 250_000;

/** The columns syntheticEvents yields, in order. */
export const eventColumns =
  'event__id, event_type, occurred_at, created_at, source, partition_key, consumer, headers, payload';

/** When the synthetic events begin: one a second from then. */
export const syntheticStart = '2026-01-01T00:00:00Z';

/** How far apart synthetic events are recorded: secondsPerEvent, 1 unless given. */
export interface SyntheticSpacing {
  secondsPerEvent?: number;
}

function secondsPerEvent(spacing: SyntheticSpacing): number {
  const seconds = spacing.secondsPerEvent ?? 1;
  if (!(Number.isFinite(seconds) && seconds > 0)) throw new Error(`secondsPerEvent ${seconds} is not a positive number`);
  return seconds;
}

/** Make the partitions `count` synthetic events need (they are in the past). */
export async function partitionsForSynthetic(client: pg.ClientBase, count: number | string, spacing: SyntheticSpacing = {}): Promise<void> {
  await client.query(`select * from lib_event.make_partitions($1::timestamptz,
      $1::timestamptz + $2::int * $3::float8 * interval '1 second')`,
    [syntheticStart, count, secondsPerEvent(spacing)]);
}

/** A SELECT of `count` synthetic events from the `first`-th on (shape: see loadEvents); both are SQL, e.g. parameters. */
export function syntheticEvents(count: string, spacing: SyntheticSpacing = {}, first = '0'): string {
  return `select lib_event.uuid_v7(s.t), s.event_type, s.t - (s.n % 60) * interval '1 second', s.t,
              case when s.n % 10 = 0 then md5(s.n::text)::uuid end,
              case when s.n % 2 = 0 then 'order:' || (s.n % 50000) end,
              s.consumer,
              jsonb_build_object('actor', 'user' || (s.n % 10000), 'event_type', s.event_type, 'consumer', s.consumer),
              jsonb_build_object('n', s.n)
         from (select n, timestamptz '${syntheticStart}' + n * interval '${secondsPerEvent(spacing)} second' as t,
                      case when n % 20 = 0 then 'billing' else 'svc' || (n % 20) end || '.' ||
                      case when (n / 20) % 50 = 0 then 'invoice' else 'res' || ((n / 20) % 50) end || '.' ||
                      (array['created', 'paid', 'sent', 'deleted'])[1 + (n / 1000) % 4] as event_type,
                      'consumer' || (n % 100) as consumer
                 from generate_series(${first}, ${first} + ${count} - 1) n) s`;
}

/**
 * Fill lib_event.event with `count` synthetic events, fast: one INSERT ...
 * SELECT generate_series as the owner, with the secondary indexes dropped
 * for the load and built again afterwards from their own definitions (and
 * comments), then ANALYZE. Triggers are off for the load (superuser
 * session_replication_role), so no NOTIFY is sent for these rows.
 *
 * Shape (syntheticEvents), for n = 0 .. count-1 (1 event per second from
 * 2026-01-01, or one every `spacing.secondsPerEvent`):
 * - event_type `<service>.<resource>.<verb>`: 20 services (n % 20, 0 is
 *   billing), 50 resources ((n / 20) % 50, 0 is invoice), 4 verbs; so
 *   billing.invoice.% matches 1 row in 1000 and billing.invoice.paid 1 in 4000;
 * - consumer `consumer<n % 100>`; source a uuid on every 10th event;
 *   partition_key `order:<n % 50000>` on every other event;
 * - headers {"actor": "user<n % 10000>"} plus event_type and consumer;
 *   payload {"n": n}; occurred_at up to a minute before created_at.
 */
export async function loadEvents(client: pg.ClientBase, count: number, spacing: SyntheticSpacing = {}): Promise<void> {
  const { rows: indexes } = await client.query<{ name: string; definition: string; comment: string | null }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition,
            obj_description(i.indexrelid, 'pg_class') as comment
       from pg_index i
      where i.indrelid = 'lib_event.event'::regclass and not i.indisprimary`,
  );
  await partitionsForSynthetic(client, count, spacing);
  await client.query('begin');
  try {
    await client.query(`set local session_replication_role = replica`);
    await client.query(`set local maintenance_work_mem = '256MB'`);
    await client.query(`set local role lib_event_owner`);
    for (const index of indexes) await client.query(`drop index ${index.name}`);
    // In parts, so that a long load reports its progress.
    const progress = startProgress({ label: 'loading events', unit: 'events', total: count });
    for (let first = 0; first < count; first += loadPart) {
      const part = Math.min(loadPart, count - first);
      await client.query(`insert into lib_event.event (${eventColumns}) ${syntheticEvents('$1::int', spacing, '$2::int')}`, [part, first]);
      progress.advance(part);
    }
    progress.finish();
    for (const index of indexes) {
      // A partitioned table's index reads "ON ONLY": built that way it would
      // cover no partition.
      await client.query(index.definition.replace(' ON ONLY ', ' ON '));
      if (index.comment !== null) {
        await client.query(`comment on index ${index.name} is ${quoteLiteral(index.comment)}`);
      }
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
  await client.query('analyze lib_event.event');
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
