/**
 * npm run status: lib_events.health() for a person. One line per item, its
 * value against its healthy range; exit 0 when every item is inside it, 1
 * when one is not (so cron or a shell probe can act on it), 2 on a bad
 * command line. --json prints the answer as GET /rpc/health gives it.
 */
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { parseCommand, runCommand } from '../command.ts';
import { adminUrl } from '../database/local-database.ts';

export interface HealthItem {
  item: string;
  subject: string | null;
  value: number;
  unit: string;
  healthy_when: string;
  healthy: boolean;
  meaning: string;
}

export interface Health {
  healthy: boolean;
  unhealthy: string[];
  checked_at: string;
  log_size: number;
  items: HealthItem[];
  activity: { keys_active: number; keys_used_last_day: number; consumers_recorded_last_day: number };
}

export async function readHealth(databaseUrl: string): Promise<Health> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows: [row] } = await client.query<{ health: Health }>('select lib_events.health() as health');
    return row!.health;
  } finally {
    await client.end();
  }
}

/** A value in its unit, as a person reads it: 93 s, 2.5 d, 12,000 events. */
function shown(value: number, unit: string): string {
  if (unit === 'seconds') {
    if (value >= 2 * 86400) return `${(value / 86400).toFixed(1)} d`;
    if (value >= 2 * 3600) return `${(value / 3600).toFixed(1)} h`;
    return `${Math.round(value)} s`;
  }
  return `${value.toLocaleString('en-US')} ${unit}`;
}

export function formatHealth(health: Health): string {
  const name = (item: HealthItem) => (item.subject ? `${item.item} (${item.subject})` : item.item);
  const width = Math.max(...health.items.map((item) => name(item).length));
  const lines = health.items.map((item) =>
    `${item.healthy ? 'ok       ' : 'UNHEALTHY'}  ${name(item).padEnd(width)}  ${shown(item.value, item.unit)} (healthy at ${item.healthy_when.replace(/^at /, '')})`);
  const summary = health.healthy
    ? `lib_event is healthy: ${health.log_size.toLocaleString('en-US')} events in the log`
    : `lib_event is UNHEALTHY: ${health.unhealthy.join(', ')}`;
  const wrong = health.items.filter((item) => !item.healthy).map((item) => `  ${name(item)}: ${item.meaning}`);
  return [
    summary,
    ...lines,
    `${health.activity.keys_active} API keys in use, ${health.activity.keys_used_last_day} used in the last day; `
      + `${health.activity.consumers_recorded_last_day} consumers recorded in the last day`,
    ...(wrong.length ? ['What is outside its range:', ...wrong, 'db/operations.md says what to do for each.'] : []),
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseCommand({
    usage: 'npm run status [-- --json]',
    description: `Whether lib_event is keeping up: the sequencer's backlog, the newest checkpoint's age, each relay's
and bridge's distance from the head of the log, the partitions ready ahead, retention and the last
archive, each against its healthy range (lib_event.health_limit). Exits 1 when an item is outside it.
The same answer as GET /rpc/health; --json prints it as that does. Connects to DATABASE_URL, or to
the database npm start runs.`,
    options: { json: { type: 'boolean' } },
  });
  const health = await readHealth(adminUrl());
  console.log(values.json ? JSON.stringify(health, null, 2) : formatHealth(health));
  if (!health.healthy) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runCommand(main);
