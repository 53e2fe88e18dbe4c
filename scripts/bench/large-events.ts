import pg from 'pg';
import { callQuery } from '../generate/postgrest-envelope.ts';
import type { SequencerHandle } from '../log/sequencer.ts';
import { asPostgrest, below, fmt, ratio, startBenchSequencer, type Section, type SectionResult } from './context.ts';

// A follower over a log where some events are huge: GET /rpc/follow as
// PostgREST calls it, page after page with the default settings (page_size 100,
// the 16 MiB page budget, payloads over 256 KiB deferred), from the start
// of the log to its end. The baseline is the same follower over the same
// small events without the huge ones, in the same run.

const smallEvents = 20_000;
const hugeEvents = 6;
const hugeBytes = 50 * 1024 * 1024;
const pageTargetMs = 2000;

const followQuery = (withCursor: boolean) => {
  const query = callQuery('follow', {
    kind: 'query',
    params: [...(withCursor ? [{ name: 'cursor', type: 'text' }] : []), { name: 'page_size', type: 'integer' }],
  }, { set: true, composite: true });
  // The response as the bytes PostgREST would send.
  return `select q.body::text as body from (${query}) q`;
};

/**
 * Record the log: `smallEvents` small ones, with `huge` 50 MiB ones spread
 * among them, and wait until the sequencer has placed them (follow hands out
 * only placed events). Returns the cursor just before them.
 */
async function recordLog(admin: pg.Client, sequencer: SequencerHandle, huge: number): Promise<string> {
  await admin.query('truncate lib_event.event, lib_event.deferred_payload');
  const start = (await admin.query<{ head: string }>('select lib_events.follow_head() as head')).rows[0]?.head as string;
  const every = Math.floor(smallEvents / (huge + 1));
  await admin.query(
    `insert into lib_event.event (event__id, event_type, occurred_at, created_at, consumer, headers, payload)
     select lib_event.uuid_v7(now()), 'bench.log.recorded', now(), now(), 'bench', '{"actor": "bench"}',
            case when $2::int > 0 and g % $3::int = 0 and g / $3::int <= $2::int
                 then jsonb_build_object('blob', repeat(md5(g::text), $4::int / 32))
                 else jsonb_build_object('n', g, 'text', repeat('x', 250)) end
       from generate_series(1, $1::int + $2::int) g`,
    [smallEvents, huge, every, hugeBytes],
  );
  await admin.query('analyze lib_event.event');
  await sequencer.checkpoint(Number(start) + smallEvents + huge);
  return start;
}

interface FollowRun {
  events: number;
  bytes: number;
  seconds: number;
  pages: number;
  slowestPageMs: number;
}

async function followToEnd(reader: pg.Client, apiKey: string, start: string): Promise<FollowRun> {
  let cursor: string | null = start;
  const run: FollowRun = { events: 0, bytes: 0, seconds: 0, pages: 0, slowestPageMs: 0 };
  const started = performance.now();
  for (;;) {
    const t0 = performance.now();
    const row = (await asPostgrest(reader, {
      method: 'GET',
      path: '/rpc/follow',
      apiKey,
      text: followQuery(cursor !== null),
      values: cursor === null ? ['100'] : [cursor, '100'],
    })) as { body: string };
    run.slowestPageMs = Math.max(run.slowestPageMs, performance.now() - t0);
    const page = JSON.parse(row.body) as { cursor: string }[];
    if (page.length === 0) break;
    run.pages += 1;
    run.events += page.length;
    run.bytes += Buffer.byteLength(row.body);
    cursor = page.at(-1)?.cursor ?? null;
  }
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

export const largeEvents: Section = async (context): Promise<SectionResult> => {
  const admin = new pg.Client({ connectionString: context.adminUrl });
  const reader = new pg.Client({ connectionString: context.authenticatorUrl });
  await admin.connect();
  await reader.connect();
  const sequencer = startBenchSequencer(context.adminUrl);
  try {
    context.log(`large events: baseline, ${smallEvents.toLocaleString('en')} small events`);
    const baseline = await followToEnd(reader, context.readerKey, await recordLog(admin, sequencer, 0));
    context.log(`large events: the same with ${hugeEvents} events of ${hugeBytes / 1024 / 1024} MiB among them`);
    const withHuge = await followToEnd(reader, context.readerKey, await recordLog(admin, sequencer, hugeEvents));
    await admin.query('truncate lib_event.event, lib_event.deferred_payload');

    const row = (name: string, run: FollowRun) => [
      name, run.events, fmt(run.events / run.seconds), fmt(run.bytes / 1e6 / run.seconds, 1), run.pages, fmt(run.slowestPageMs, 1),
    ];
    const met = withHuge.slowestPageMs <= pageTargetMs;
    return {
      title: `Following a log with ${hugeEvents} events of ${hugeBytes / 1024 / 1024} MiB among ${smallEvents.toLocaleString('en')} small ones (GET /rpc/follow, default settings)`,
      columns: ['log', 'events', 'events/s', 'MB/s', 'pages', 'slowest page ms'],
      rows: [row('small events only (baseline)', baseline), row('with the huge events', withHuge)],
      fields: {
        baseline_events_per_s: Math.round(baseline.events / baseline.seconds),
        events_per_s: Math.round(withHuge.events / withHuge.seconds),
        mb_per_s: Math.round((withHuge.bytes / 1e6 / withHuge.seconds) * 10) / 10,
        vs_baseline: ratio(withHuge.events / withHuge.seconds, baseline.events / baseline.seconds),
        slowest_page_ms: Math.round(withHuge.slowestPageMs),
        target_slowest_page_ms: pageTargetMs,
        target_met: met,
      },
      targets: [below('slowest page with the huge events', withHuge.slowestPageMs, pageTargetMs, 'ms')],
      notes: [
        `events/s with the huge events vs the baseline: ${ratio(withHuge.events / withHuge.seconds, baseline.events / baseline.seconds)}x`,
        'huge payloads are deferred: pages carry their size and SHA-256; GET /rpc/event_payload returns them',
      ],
    };
  } finally {
    await sequencer.stop();
    await reader.end();
    await admin.end();
  }
};
