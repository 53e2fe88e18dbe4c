import pg from 'pg';
import { callQuery } from '../generate/postgrest-envelope.ts';
import { asPostgrest, samplePayload, storedHeaders, type BenchContext } from './context.ts';

// POST /rpc/create with a JSON object body, as PostgREST binds it.
export const createQuery = callQuery('create', {
  kind: 'json',
  array: false,
  params: [
    { name: 'event_type', type: 'text' }, { name: 'payload', type: 'jsonb' },
    { name: 'headers', type: 'jsonb' }, { name: 'partition_key', type: 'text' },
  ],
}, { set: false, composite: true, alias: 'event_receipt' });

export const createCall = {
  body: (producer: number, call: number) => ({
    event_type: 'billing.invoice.paid',
    payload: samplePayload(producer, call),
    headers: { actor: 'ada' },
    partition_key: `invoice:${producer}-${call}`,
  }),
};

/** POST /rpc/create as PostgREST runs it. */
export function createEnvelopeCall(context: BenchContext) {
  return async (client: pg.Client, producer: number, call: number) => {
    await asPostgrest(client, {
      method: 'POST',
      path: '/rpc/create',
      apiKey: context.producerKey,
      text: createQuery,
      values: [JSON.stringify(createCall.body(producer, call))],
    });
  };
}

/**
 * The bare table: lib_event.event's columns, defaults, constraints and
 * indexes and its NOTIFY trigger, in a schema of the benchmark's own, without
 * the partitions and with none of create's checks in front of it; the
 * producer role may insert into it, so the same PostgREST envelope (API-key
 * check included) can wrap a plain INSERT.
 */
export async function createBareTable(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create schema if not exists lib_event_bench;
      drop table if exists lib_event_bench.bare_event;
      create table lib_event_bench.bare_event (like lib_event.event including all);
      -- The id and recording time as defaults, the id written out as
      -- lib_event.uuid_v7 computes it (the producer role may not call that).
      -- The check that the id encodes created_at calls lib_event.uuid_time,
      -- which the producer may not call either: it is left out.
      alter table lib_event_bench.bare_event
        drop constraint event_id_encodes_created_at,
        alter column event__id set default encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
          placing substring(int8send(floor(extract(epoch from statement_timestamp()) * 1000)::bigint) from 3)
          from 1 for 6), 52, 1), 53, 1), 'hex')::uuid,
        alter column created_at set default statement_timestamp(),
        alter column occurred_at set default statement_timestamp(),
        -- The salt as lib_event.new_salt draws it, written out for the same reason.
        alter column content_salt set default sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));
      create trigger bare_event_notify_created after insert on lib_event_bench.bare_event
        referencing new table as recorded for each statement execute function lib_event.notify_created_ids();
      grant usage on schema lib_event_bench to lib_event_producer;
      -- The NOTIFY trigger runs as the inserting role (create's as its definer).
      grant execute on function pg_notify(text, text) to lib_event_producer;
      grant insert on lib_event_bench.bare_event to lib_event_producer`);
  } finally {
    await admin.end();
  }
}

// The same row create stores, inserted directly: the stored headers carry the
// same standard entries (storedHeaders).
const bareInsert = `insert into lib_event_bench.bare_event (event_type, source, partition_key, consumer, headers, payload)
  values ($1, null, $2, 'billing', $3, $4)`;

/** The same envelope as createEnvelopeCall (API-key check and all) around a plain INSERT into the bare table. */
export function insertEnvelopeCall(context: BenchContext) {
  return async (client: pg.Client, producer: number, call: number) => {
    const key = `invoice:${producer}-${call}`;
    await asPostgrest(client, {
      method: 'POST',
      path: '/rpc/create',
      apiKey: context.producerKey,
      text: bareInsert,
      values: ['billing.invoice.paid', key, storedHeaders(key), JSON.stringify(samplePayload(producer, call))],
    });
  };
}
