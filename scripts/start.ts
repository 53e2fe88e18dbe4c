import pg from 'pg';
import { asAuthenticator, authenticatorPassword, authenticatorRole } from './authenticator.ts';
import { migrate } from './dbmate.ts';
import { adminUrl, startLocalServer } from './local-database.ts';

/**
 * npm start: PostgreSQL (embedded, data kept in .data/postgres, or
 * DATABASE_URL), the migrations, then the HTTP API when PostgREST can be had.
 * The SQL API is served either way.
 */
async function main(): Promise<void> {
  const server = await startLocalServer();
  const databaseUrl = adminUrl();
  await migrate(databaseUrl);

  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`alter role ${authenticatorRole} password ${admin.escapeLiteral(authenticatorPassword())}`);
  await admin.end();

  console.log(`lib_event is ready.

PostgreSQL: ${databaseUrl}
PostgREST connects as: ${asAuthenticator(databaseUrl)}

Record an event with SQL:
  psql '${databaseUrl}' -c "select * from lib_events.create('billing.invoice.paid', '{\\"invoice\\": \\"INV-1\\"}')"

Create an API key for the HTTP API:
  npm run key:create -- --name billing --role producer
`);

  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
