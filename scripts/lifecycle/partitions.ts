import pg from 'pg';

/**
 * For npm start: run lib_event.maintain_partitions now and every `everyMs`
 * (an hour), so the partitions of the coming periods are always ready. It is
 * idempotent; an operator without npm start runs the same call from cron or
 * pg_cron. `maintenanceUrl` logs in as lib_event_maintenance.
 */
export function startPartitionMaintenance(
  maintenanceUrl: string,
  options: { everyMs?: number; log?: (line: string) => void } = {},
): { stop(): void; ran: Promise<void> } {
  const log = options.log ?? ((line: string) => console.log(line));
  const maintain = async () => {
    const client = new pg.Client({ connectionString: maintenanceUrl });
    try {
      await client.connect();
      const { rows } = await client.query<{ partition: string; starts_at: Date; ends_at: Date }>(
        'select partition, starts_at, ends_at from lib_event.maintain_partitions()');
      for (const row of rows) log(`partitions: made ${row.partition} for ${row.starts_at.toISOString()} to ${row.ends_at.toISOString()}`);
    } catch (error) {
      log(`partitions: maintenance failed, retried in the next round: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => {});
    }
  };
  const ran = maintain();
  const timer = setInterval(() => void maintain(), options.everyMs ?? 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer), ran };
}
