// A loader that is killed (SIGKILL, no cleanup) the moment its first batch
// has committed, before the ack: the crash the ingest tests recover from.
import { startIngest } from '../../scripts/broker/amqp-ingest.ts';

startIngest({
  databaseUrl: process.env.INGEST_DATABASE_URL as string,
  amqpUrl: process.env.AMQP_URL as string,
  queue: process.env.INGEST_QUEUE as string,
  batchSize: Number(process.env.INGEST_BATCH ?? 100),
  afterCommit: () => {
    process.kill(process.pid, 'SIGKILL');
  },
});
