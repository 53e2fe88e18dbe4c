import pg from 'pg';
import { migrate } from './dbmate.ts';
import { adminUrl, startLocalServer } from './local-database.ts';
import { authenticatorLogin, describeLogin, ensureLoginPassword, loginUrl, maskedUrl } from './login-secrets.ts';
import { startPostgrest } from './postgrest.ts';
import { startNotifications } from './relay.ts';

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
  const login = await ensureLoginPassword(admin, databaseUrl, authenticatorLogin).finally(() => admin.end());
  const authenticatorUrl = loginUrl(databaseUrl, login.role, login.password);

  // LIB_EVENT_NOTIFY_MODE: inline (NOTIFY in each producer's transaction) or
  // relay (a relay process announces committed events).
  const notifications = await startNotifications(databaseUrl);

  const postgrest = await startPostgrest({
    authenticatorUrl,
    port: Number(process.env.PGRST_SERVER_PORT ?? 3000),
  });
  const http =
    'url' in postgrest
      ? `HTTP API: ${postgrest.url} (the OpenAPI document at ${postgrest.url}/)

  curl -X POST ${postgrest.url}/rpc/create -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' \\
       -d '{"event_type": "billing.invoice.paid", "payload": {"invoice": "INV-1"}}'`
      : `${postgrest.unavailable}

Meanwhile the SQL API below is served.`;

  // The embedded development server's superuser URL may be shown; a
  // DATABASE_URL's password is the operator's and stays out of the output.
  const shownUrl = process.env.DATABASE_URL ? maskedUrl(databaseUrl) : databaseUrl;
  const psqlTarget = process.env.DATABASE_URL ? '"$DATABASE_URL"' : `'${databaseUrl}'`;
  console.log(`lib_event is ready.

PostgreSQL: ${shownUrl}
PostgREST connects as: ${maskedUrl(authenticatorUrl)}
${describeLogin(login)}${notifications.login ? `\n${notifications.login}` : ''}
Notifications on lib_event.created: ${notifications.mode} mode

${http}

Record an event with SQL:
  psql ${psqlTarget} -c "select * from lib_events.create('billing.invoice.paid', '{\\"invoice\\": \\"INV-1\\"}')"

Create an API key for the HTTP API:
  npm run key:create -- --name billing --role producer
`);

  const stop = async () => {
    await notifications.stop();
    if ('stop' in postgrest) await postgrest.stop();
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
