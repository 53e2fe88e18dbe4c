import { findPostgrest } from '../../../scripts/server/postgrest.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { startLocalPostgrest } from '../../http/support/postgrest-provider.ts';

/** The HTTP API the documentation's examples run against: a database of their own, as npm start serves it. */
export interface DocServer {
  /** Base URL of the API, without a trailing slash. */
  url: string;
  db: TestDatabase;
  stop(): Promise<void>;
}

/** Why the examples cannot run here, in one line; undefined when they can. */
export function docServerMissing(): string | undefined {
  if (findPostgrest()) return undefined;
  return process.env.POSTGREST_BIN ? `POSTGREST_BIN=${process.env.POSTGREST_BIN} is not executable` : 'no PostgREST binary (POSTGREST_BIN or postgrest on PATH)';
}

/**
 * A fresh database with a sequencer (as npm start runs one, so follow hands
 * out events) and a local PostgREST on a free port. The examples name
 * consumers (billing) and expect the events they record, so they get a
 * database of their own rather than an instance already running.
 */
export async function startDocServer(): Promise<DocServer> {
  const db = await createTestDatabase({ sequencer: true });
  const started = await startLocalPostgrest(db).catch(async (error: unknown) => {
    await db.drop();
    throw error;
  });
  return {
    url: started.url,
    db,
    async stop() {
      await started.stop();
      await db.drop();
    },
  };
}
