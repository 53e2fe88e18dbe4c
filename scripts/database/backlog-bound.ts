import pg from 'pg';

/**
 * Lift the bound on the unsequenced backlog (lib_event.backlog_bound) in a
 * database that records events with no sequencer running: the tests'
 * template and the benchmark's database, whose suites and sections record
 * for minutes without one. A test or section about the bound sets its own.
 */
export async function liftBacklogBound(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('update lib_event.backlog_bound set max_events = 1000000000000, max_seconds = 2000000000');
  } finally {
    await client.end();
  }
}
