import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { freePort } from '../../scripts/database/postgres-server.ts';

// The server script of Debian's rabbitmq-server package, called directly:
// /usr/sbin/rabbitmq-server would switch to the rabbitmq user and its files.
const serverScript = '/usr/lib/rabbitmq/bin/rabbitmq-server';

export interface Broker {
  url: string;
  /** Stop it (SIGTERM: RabbitMQ shuts down cleanly), keeping its data. */
  stop(): Promise<void>;
  /** Start it again on the same port with the same data: durable queues and persistent messages are back. */
  start(): Promise<void>;
  /** Stop it and delete its data. */
  remove(): Promise<void>;
}

/** Whether the operating system's RabbitMQ server can be started here. */
export function canStartRabbitmq(): boolean {
  return existsSync(serverScript);
}

async function waitForBroker(url: string, process: ChildProcess, ms = 90_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (process.exitCode !== null) throw new Error(`rabbitmq-server exited with ${process.exitCode} while starting`);
    const connection = await amqp.connect(url).catch(() => undefined);
    if (connection) {
      await connection.close();
      return;
    }
    if (Date.now() - started > ms) throw new Error(`rabbitmq-server did not accept connections within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * A RabbitMQ server of the operating system's package, alone in a temporary
 * directory: its own node name, ports, cookie, data and logs. Nothing of the
 * machine's own broker is touched.
 */
export async function startRabbitmq(): Promise<Broker> {
  const base = mkdtempSync(join(tmpdir(), 'lib_event-rabbitmq-'));
  const [port, distributionPort] = [await freePort(), await freePort()];
  mkdirSync(join(base, 'home'));
  writeFileSync(join(base, 'rabbitmq.conf'), [
    `listeners.tcp.default = 127.0.0.1:${port}`,
    // A full disk elsewhere on a test machine must not block publishers.
    'disk_free_limit.absolute = 1MB',
    '',
  ].join('\n'));
  writeFileSync(join(base, 'rabbitmq-env.conf'), '');
  writeFileSync(join(base, 'enabled_plugins'), '[].\n');
  const environment = {
    ...process.env,
    HOME: join(base, 'home'),
    RABBITMQ_NODENAME: `lib_event_${randomBytes(4).toString('hex')}@localhost`,
    RABBITMQ_CONF_ENV_FILE: join(base, 'rabbitmq-env.conf'),
    RABBITMQ_CONFIG_FILE: join(base, 'rabbitmq.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(base, 'enabled_plugins'),
    RABBITMQ_BASE: base,
    RABBITMQ_MNESIA_BASE: join(base, 'mnesia'),
    RABBITMQ_LOG_BASE: join(base, 'log'),
    RABBITMQ_PID_FILE: join(base, 'rabbitmq.pid'),
    RABBITMQ_DIST_PORT: String(distributionPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
  };
  const url = `amqp://guest:guest@127.0.0.1:${port}`;
  let server: ChildProcess | undefined;

  const start = async () => {
    server = spawn(serverScript, [], { env: environment, stdio: 'ignore', detached: true });
    await waitForBroker(url, server);
  };
  const stop = async () => {
    if (!server || server.exitCode !== null) return;
    const exited = once(server, 'exit');
    // The script's process group: the shell and the Erlang VM it starts.
    process.kill(-(server.pid as number), 'SIGTERM');
    const forced = setTimeout(() => process.kill(-(server?.pid as number), 'SIGKILL'), 30_000);
    await exited;
    clearTimeout(forced);
  };
  await start().catch(async (error: Error) => {
    await stop().catch(() => {});
    throw error;
  });
  return {
    url,
    stop,
    start,
    async remove() {
      await stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/**
 * The broker a test run uses: AMQP_URL when set; else the operating system's
 * rabbitmq-server started in a temporary directory; else a RabbitMQ container
 * through testcontainers; else none, with the reason.
 */
export async function brokerForRun(): Promise<{ url: string; close(): Promise<void> } | { unavailable: string }> {
  if (process.env.AMQP_URL) return { url: process.env.AMQP_URL, async close() {} };
  if (canStartRabbitmq()) {
    const broker = await startRabbitmq();
    return { url: broker.url, close: () => broker.remove() };
  }
  try {
    const { GenericContainer, Wait } = await import('testcontainers');
    const container = await new GenericContainer('rabbitmq:3.13')
      .withExposedPorts(5672)
      .withWaitStrategy(Wait.forLogMessage('Server startup complete'))
      .start();
    return {
      url: `amqp://guest:guest@${container.getHost()}:${container.getMappedPort(5672)}`,
      async close() {
        await container.stop();
      },
    };
  } catch (error) {
    return { unavailable: `no RabbitMQ: AMQP_URL is not set, ${serverScript} is not installed, and no container could start (${(error as Error).message.split('\n')[0]})` };
  }
}
