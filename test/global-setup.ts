import type { TestProject } from 'vitest/node';
import { liftBacklogBound } from '../scripts/database/backlog-bound.ts';
import { createScratchDatabase } from '../scripts/database/scratch-database.ts';
import { partitionSchemes } from './support/partition-schemes.ts';
import { brokerForRun } from './support/rabbitmq.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser connection string to the server's maintenance database. */
    serverUrl: string;
    /** A migrated database each test file clones. */
    templateDatabase: string;
    /** This run's passwords of the login roles (roles belong to the server, not to a database). */
    authenticatorPassword: string;
    relayPassword: string;
    ingestPassword: string;
    /** Every login role's password, by role. */
    loginPasswords: Record<string, string>;
    /** The run's RabbitMQ (test/support/rabbitmq.ts), or '' with amqpUnavailable saying why. */
    amqpUrl: string;
    amqpUnavailable: string;
    /** The partitioning scheme of this project's template (test/support/partition-schemes.ts). */
    partitionScheme: string;
  }
}

/**
 * One PostgreSQL for the whole run: DATABASE_URL when set, else an embedded
 * PostgreSQL 17 in a temporary directory. The migrations are applied once,
 * with dbmate, to a template database that test files clone.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // One template per vitest project: each project is a partitioning scheme.
  const scheme = project.name in partitionSchemes ? project.name : 'monthly';
  const templateDatabase = `lib_event_template_${process.pid}_${scheme.replace(/\W/g, '_')}`;
  const [made, started] = await Promise.allSettled([
    createScratchDatabase(templateDatabase, partitionSchemes[scheme]),
    brokerForRun(),
  ]);
  // Whichever failed, nothing the other started is left running.
  if (made.status === 'rejected' || started.status === 'rejected') {
    if (made.status === 'fulfilled') await made.value.drop();
    if (started.status === 'fulfilled' && 'close' in started.value) await started.value.close();
    throw made.status === 'rejected' ? made.reason : (started as PromiseRejectedResult).reason;
  }
  const [template, broker] = [made.value, started.value];
  // Most suites record without a sequencer: the backlog's bound is lifted
  // here, and a test about the bound sets its own.
  await liftBacklogBound(template.url);
  project.provide('partitionScheme', scheme);
  project.provide('serverUrl', template.server.url('postgres'));
  project.provide('templateDatabase', templateDatabase);
  const password = (url: string) => decodeURIComponent(new URL(url).password);
  project.provide('authenticatorPassword', password(template.authenticatorUrl));
  project.provide('relayPassword', password(template.relayUrl));
  project.provide('ingestPassword', password(template.ingestUrl));
  project.provide('loginPasswords', template.loginPasswords);
  project.provide('amqpUrl', 'url' in broker ? broker.url : '');
  project.provide('amqpUnavailable', 'unavailable' in broker ? broker.unavailable : '');
  return async () => {
    await template.drop();
    if ('close' in broker) await broker.close();
  };
}
