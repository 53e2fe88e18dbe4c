import pg from 'pg';
import { beginRequest, commitRequest } from '../generate/postgrest-envelope.ts';
import { createBareTable, createCall, createQuery, insertEnvelopeCall } from './create-calls.ts';
import { fmt, percentile, runProducers, type BenchContext, type Section, type SectionResult } from './context.ts';

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
    ],
  };
};
