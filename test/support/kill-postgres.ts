import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** kill -9 the postmaster of `dataDir` and every backend at once, as a crash would; its pid. */
export function killPostgres(dataDir: string): number {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  try {
    execFileSync('pkill', ['-9', '-P', String(postmaster)]);
  } catch {
    // no backends at this instant
  }
  process.kill(postmaster, 'SIGKILL');
  return postmaster;
}

/** Whether nothing listens on `port` of 127.0.0.1 (a killed server's port is free again). */
export const portFree = (port: number) => new Promise<boolean>((resolve) => {
  const probe = createServer();
  probe.once('error', () => resolve(false));
  probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
});
