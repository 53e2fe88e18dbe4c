import { startBridge } from './amqp-bridge.ts';
import { ingestDatabaseUrl, startIngest } from './amqp-ingest.ts';
import pg from 'pg';
import { bridgeLogin, describeLogin, loginFor, maskedUrl } from '../database/login-secrets.ts';

/**
 * RabbitMQ for npm start: with AMQP_URL, the fan-out bridge (every event to
 * the lib_event exchange) and the ingest loader (the lib_event.ingest queue
 * into the log), with the same settings as npm run bridge and npm run ingest.
 * Without it, nothing starts and one line says how to turn it on.
 */
export async function startMessaging(adminUrl: string): Promise<{ description: string; stop(): Promise<void> }> {
  const amqpUrl = process.env.AMQP_URL;
  if (!amqpUrl) {
    return {
      description: 'RabbitMQ: off (set AMQP_URL to publish every event to the lib_event exchange and record the lib_event.ingest queue)',
      async stop() {},
    };
  }
  const exchange = process.env.BRIDGE_EXCHANGE ?? 'lib_event';
  const queue = process.env.INGEST_QUEUE ?? 'lib_event.ingest';
  const ingest = await ingestDatabaseUrl(adminUrl);
  const bridgeDatabase = await bridgeDatabaseUrl(adminUrl);
  const bridge = startBridge({
    databaseUrl: bridgeDatabase.url,
    amqpUrl,
    name: process.env.BRIDGE_NAME ?? 'bridge',
    exchange,
    from: process.env.BRIDGE_FROM === 'beginning' ? 'beginning' : 'now',
  });
  const loader = startIngest({ databaseUrl: ingest.url, amqpUrl, queue });
  return {
    description: `RabbitMQ at ${maskedUrl(amqpUrl)}: every event to exchange ${exchange}; queue ${queue} recorded${ingest.login ? `\n${ingest.login}` : ''}\n${bridgeDatabase.login}`,
    async stop() {
      await Promise.all([bridge.stop(), loader.stop()]);
    },
  };
}

/** The bridge's connection string, as lib_event_bridge, its password put in force with the superuser's URL. */
async function bridgeDatabaseUrl(adminUrl: string): Promise<{ url: string; login: string }> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const login = await loginFor(admin, adminUrl, bridgeLogin);
    return { url: login.url, login: describeLogin(login) };
  } finally {
    await admin.end();
  }
}
