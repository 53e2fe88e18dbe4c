import pg from 'pg';
import { beginRequest, commitRequest } from '../generate/postgrest-envelope.ts';
import { createBareTable, createCall, createEnvelopeCall, createQuery, insertEnvelopeCall } from './create-calls.ts';
import { fmt, percentile, ratio, runProducers, type BenchContext, type Section, type SectionResult } from './context.ts';

/** Record as before salted leaves (format v1): no salt drawn, no commitment or v2 leaf computed; or as now. */
async function setSealing(admin: pg.Client, on: boolean): Promise<void> {
  await admin.query(on
    ? `alter table lib_event.event enable trigger event_seal_content;
       alter table lib_event.event alter column content_salt set default lib_event.new_salt()`
    : `alter table lib_event.event disable trigger event_seal_content;
       alter table lib_event.event alter column content_salt drop default`);
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

/**
 * create with the salted commitment (the seal trigger and the salt default,
 * as recorded now) vs the same create without them (as before format v2),
 * in alternating rounds at 1 producer, so drift on the shared machine falls
 * on both; and the same envelope around an INSERT into the bare table
 * (no trigger at all), in the same run.
 */
async function saltedLeafCost(context: BenchContext, admin: pg.Client): Promise<{ rows: (string | number)[][]; fields: Record<string, number> }> {
  const rounds = 3;
  const sealed: number[] = [];
  const unsealed: number[] = [];
  const paired: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      context.log(`create profile: salted leaf vs before, round ${round + 1} of ${rounds}`);
      await setSealing(admin, false);
      const before = await runProducers(context.authenticatorUrl, 1, context.seconds, 1, createEnvelopeCall(context));
      await setSealing(admin, true);
      const now = await runProducers(context.authenticatorUrl, 1, context.seconds, 1, createEnvelopeCall(context));
      unsealed.push(before.eventsPerSecond);
      sealed.push(now.eventsPerSecond);
      paired.push(now.eventsPerSecond / before.eventsPerSecond);
    }
  } finally {
    await setSealing(admin, true);
  }
  const bare = await runProducers(context.authenticatorUrl, 1, context.seconds, 1, insertEnvelopeCall(context));
  const spread = (values: number[]) => (Math.max(...values) - Math.min(...values)) / median(values);
  return {
    rows: [
      ['create, salted commitment and v2 leaf (events/s, median of rounds)', fmt(median(sealed)), ''],
      ['create as before v2: no salt, no seal trigger (events/s)', fmt(median(unsealed)), ''],
      [`ratio, median of ${rounds} paired rounds (min ${fmt(Math.min(...paired), 2)}, max ${fmt(Math.max(...paired), 2)})`, fmt(median(paired), 2), ''],
      ['INSERT into the bare table (no trigger), same envelope (events/s)', fmt(bare.eventsPerSecond), ''],
    ],
    fields: {
      create_v2_leaf_events_per_s: Math.round(median(sealed)),
      create_before_v2_events_per_s: Math.round(median(unsealed)),
      create_v2_leaf_vs_before: ratio(median(paired), 1),
      create_v2_leaf_vs_before_min: ratio(Math.min(...paired), 1),
      create_v2_leaf_vs_before_max: ratio(Math.max(...paired), 1),
      // How far rounds of one configuration differ from each other: the noise.
      create_round_spread_v2: ratio(spread(sealed), 1),
      create_round_spread_before: ratio(spread(unsealed), 1),
      insert_bare_events_per_s: Math.round(bare.eventsPerSecond),
      create_v2_leaf_vs_bare_insert: ratio(median(sealed), bare.eventsPerSecond),
    },
  };
}

interface FunctionTimes { calls: number; total: number; self: number }

/** pg_stat_user_functions of lib_event and lib_events, by signature. */
async function functionTimes(admin: pg.Client): Promise<Map<string, FunctionTimes>> {
  // Each backend flushes its function counters when it goes idle or exits;
  // a new snapshot reads what has been flushed.
  await admin.query('select pg_stat_clear_snapshot()');
  const { rows } = await admin.query<{ name: string; calls: string; total: number; self: number }>(
    `select schemaname || '.' || funcname as name, calls, total_time as total, self_time as self
       from pg_stat_user_functions where schemaname in ('lib_event', 'lib_events')`);
  return new Map(rows.map((r) => [r.name, { calls: Number(r.calls), total: r.total, self: r.self }]));
}

/**
 * Where a create call's time goes, at 1 producer: the client's wait for each
 * part of the PostgREST envelope, and the server's time in each lib_event
 * function (track_functions = all, in this database only), per call.
 */
export const createProfile: Section = async (context: BenchContext): Promise<SectionResult> => {
  const admin = new pg.Client({ connectionString: context.adminUrl });
  await admin.connect();
  const database = (await admin.query<{ db: string }>('select current_database() as db')).rows[0]?.db ?? '';
  const rows: (string | number)[][] = [];
  const fields: Record<string, number> = {};
  try {
    await admin.query(`alter database ${pg.escapeIdentifier(database)} set track_functions = 'all'`);

    // The client's view: each round trip of one create request.
    context.log('create profile: the envelope, part by part');
    const parts: Record<'envelope' | 'main' | 'commit', number[]> = { envelope: [], main: [], commit: [] };
    const client = new pg.Client({ connectionString: context.authenticatorUrl });
    await client.connect();
    const before = await functionTimes(admin);
    let calls = 0;
    try {
      const deadline = performance.now() + context.seconds * 1000;
      for (let call = 0; performance.now() < deadline; call++) {
        const t0 = performance.now();
        await beginRequest(client, { method: 'POST', path: '/rpc/create', headers: { 'x-api-key': context.producerKey }, readOnly: false });
        const t1 = performance.now();
        await client.query(createQuery, [JSON.stringify(createCall.body(0, call))]);
        const t2 = performance.now();
        await commitRequest(client);
        const t3 = performance.now();
        parts.envelope.push(t1 - t0);
        parts.main.push(t2 - t1);
        parts.commit.push(t3 - t2);
        calls++;
      }
    } finally {
      await client.end();
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await functionTimes(admin);
    for (const [part, times] of Object.entries(parts)) {
      times.sort((a, b) => a - b);
      const label = { envelope: 'BEGIN + settings + pre-request (3 round trips)', main: 'main query: create', commit: 'COMMIT' }[part];
      rows.push([`client: ${label}`, fmt(percentile(times, 50) * 1000), '']);
      fields[`client_${part}_p50_us`] = Math.round(percentile(times, 50) * 1000);
    }

    // The same envelope around a plain INSERT into lib_event.event, for the
    // difference create makes.
    context.log('create profile: the same envelope around a plain INSERT');
    await createBareTable(context.adminUrl);
    const insert = await runProducers(context.authenticatorUrl, 1, context.seconds, 1, insertEnvelopeCall(context));
    rows.push(['client: whole request, INSERT in the same envelope', fmt(insert.p50Ms * 1000), '']);
    fields.insert_envelope_p50_us = Math.round(insert.p50Ms * 1000);

    // The server's view: time inside each function per create call. total
    // includes what a function calls; self excludes it.
    const perCall = [...after.entries()]
      .map(([name, t]) => {
        const b = before.get(name) ?? { calls: 0, total: 0, self: 0 };
        return { name, calls: t.calls - b.calls, total: (t.total - b.total) / calls, self: (t.self - b.self) / calls };
      })
      .filter((f) => f.calls > 0)
      .sort((a, b) => b.total - a.total);
    for (const f of perCall.slice(0, 20)) {
      rows.push([`server: ${f.name} (${fmt(f.calls / calls, 1)} calls)`, fmt(f.total * 1000), fmt(f.self * 1000)]);
      fields[`fn_${f.name}_total_us`] = Math.round(f.total * 1000);
    }
    fields.calls = calls;
    // Measured without function timing, which would weigh on the seal trigger's calls alone.
    await admin.query(`alter database ${pg.escapeIdentifier(database)} reset track_functions`);
    const salted = await saltedLeafCost(context, admin);
    rows.push(...salted.rows);
    Object.assign(fields, salted.fields);
  } finally {
    await admin.query(`alter database ${pg.escapeIdentifier(database)} reset track_functions`);
    await admin.end();
  }
  return {
    title: 'Where a create call goes, 1 producer (µs per call, p50 for the client, mean for the server)',
    columns: ['part', 'µs (total)', 'µs (self)'],
    rows,
    fields,
    notes: [
      'server: pg_stat_user_functions with track_functions = all (the timing itself adds a little to each call);',
      'SQL functions the planner inlines (stored_headers, uuid_v7) do not show; the INSERT, its indexes and COMMIT are outside every function.',
      'salted commitment vs before: the same create, the seal trigger and salt default on, then off, in alternating rounds; "spread" in the JSON is how far rounds of one configuration differ (the noise).',
    ],
  };
};
