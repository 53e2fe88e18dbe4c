import pg from 'pg';
import { parseCommand, runCommand } from '../command.ts';
import { migrate } from '../database/dbmate.ts';
import { adminUrl, startLocalServer } from '../database/local-database.ts';
import { authenticatorLogin, describeLogin, loginFor, maintenanceLogin, maskedUrl, sequencerLogin } from '../database/login-secrets.ts';
import { watchApi } from './api-watch.ts';
import { startPostgrest, type StartedPostgrest } from './postgrest.ts';
import { ancestorPids, isRunning } from '../database/processes.ts';
import { startMessaging } from '../broker/amqp.ts';
import { startPartitionMaintenance } from '../lifecycle/partitions.ts';
import { startNotifications } from '../relay/relay.ts';
import { startSequencer } from '../log/sequencer.ts';
import { createSupervisor } from './supervisor.ts';
import { signingKeyFile } from '../log/signing-key.ts';

/**
 * npm start: PostgreSQL (embedded, data kept in .data/postgres, or
 * DATABASE_URL), the migrations, then the HTTP API when PostgREST can be had.
 * The SQL API is served either way.
 */
const usage = `Run lib_event: PostgreSQL, the migrations, the notifications, and PostgREST when it can be had.

Without DATABASE_URL, an embedded PostgreSQL 17 keeps its data in .data/postgres
(LIB_EVENT_DATA_DIR) on 127.0.0.1:54320 (LIB_EVENT_PG_PORT). Other settings:
LIB_EVENT_NOTIFY_MODE (inline or relay), AUTHENTICATOR_PASSWORD, RELAY_PASSWORD,
POSTGREST_BIN, PGRST_SERVER_PORT. With AMQP_URL, the RabbitMQ fan-out bridge and the
ingest loader run too (npm run bridge -- --help, npm run ingest -- --help). Partitions of
lib_event.event are kept ready every hour (lib_event.maintain_partitions); the sequencer
gives events their log positions and signs checkpoints (LIB_EVENT_SIGNING_KEY_FILE).
Ctrl-C, or SIGINT, SIGTERM or SIGHUP to npm or to this process, stops everything it started.
The embedded PostgreSQL and PostgREST are restarted when they exit unexpectedly (one line
each, with the reason); more than 5 crashes of one within 60 s stop everything.`;

async function main(): Promise<void> {
  parseCommand({ usage: 'npm start', description: usage });
  const server = await startLocalServer();
  const databaseUrl = adminUrl();
  await migrate(databaseUrl);

  // Each process logs in as its own role; the superuser only migrates and sets passwords.
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const { login, maintenance, sequencing } = await (async () => ({
    login: await loginFor(admin, databaseUrl, authenticatorLogin),
    maintenance: await loginFor(admin, databaseUrl, maintenanceLogin),
    sequencing: await loginFor(admin, databaseUrl, sequencerLogin),
  }))().finally(() => admin.end());
  const authenticatorUrl = login.url;
  const partitions = startPartitionMaintenance(maintenance.url);
  await partitions.ran;

  // LIB_EVENT_NOTIFY_MODE: inline (NOTIFY in each producer's transaction) or
  // relay (a relay process announces committed events).
  const notifications = await startNotifications(databaseUrl);
  const messaging = await startMessaging(databaseUrl);
  const sequencer = startSequencer({ databaseUrl: sequencing.url });

  const postgrestOptions = { authenticatorUrl, port: Number(process.env.PGRST_SERVER_PORT ?? 3000) };
  const postgrest = await startPostgrest(postgrestOptions);
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
${[login, maintenance, sequencing].map(describeLogin).join('\n')}${notifications.login ? `\n${notifications.login}` : ''}
Notifications on lib_event.created: ${notifications.mode} mode
${messaging.description}
Sequencer: positions, leaf hashes and signed checkpoints (key: ${process.env.LIB_EVENT_SIGNING_KEY ? 'LIB_EVENT_SIGNING_KEY' : signingKeyFile()}); check with npm run verify

${http}

Record an event with SQL:
  psql ${psqlTarget} -c "select * from lib_events.create('billing.invoice.paid', '{\\"invoice\\": \\"INV-1\\"}')"

Create an API key for the HTTP API:
  npm run key:create -- --name billing --role producer
`);

  let stopping = false;
  const stop = async (exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    partitions.stop();
    apiWatch?.stop();
    await sequencer.stop().catch((error: Error) => console.error(error.message));
    await messaging.stop().catch((error: Error) => console.error(error.message));
    await notifications.stop().catch((error: Error) => console.error(error.message));
    // PostgREST, then PostgreSQL: the ones running now, restarted or not.
    await supervisor.stop();
    process.exit(exitCode);
  };
  const supervisor = createSupervisor({
    giveUp(message) {
      console.error(message);
      void stop(1);
    },
  });
  // A DATABASE_URL's server is the operator's to keep running; the embedded one is ours.
  if (server.exited && server.restart) supervisor.watch('PostgreSQL', { exited: server.exited, stop: () => server.stop() }, server.restart);
  if ('stop' in postgrest) {
    supervisor.watch('PostgREST', postgrest, async () => {
      const again = await startPostgrest(postgrestOptions);
      if (!('stop' in again)) throw new Error(again.unavailable);
      return again satisfies StartedPostgrest;
    });
  }
  // From now on, one line whenever the HTTP API stops answering and when it answers again.
  const apiWatch = 'url' in postgrest ? watchApi({ url: postgrest.url, adminUrl: postgrest.adminUrl }) : undefined;
  // Handled every time, not once: Ctrl-C in a terminal reaches this process
  // twice (from the terminal, and from npm, which forwards SIGINT and
  // SIGTERM), and a second signal must not kill it half-way through stopping.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop());
  // npm dies of a SIGHUP without passing it on: when any process that
  // started us goes, stop too rather than live on as an orphan holding the
  // data directory.
  const ancestors = ancestorPids(process.pid);
  setInterval(() => {
    if (ancestors.some((pid) => !isRunning(pid))) void stop();
  }, 500).unref();
}

runCommand(main);
