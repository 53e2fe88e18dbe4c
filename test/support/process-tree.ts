import { readdirSync, readFileSync } from 'node:fs';

/** A process below another, with its command line (empty once it is gone). */
export interface ProcessRow {
  pid: number;
  command: string;
}

/** Every process below `pid` now, with its command line, read from /proc. */
export function descendants(pid: number): ProcessRow[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      parents.set(Number(entry), Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const below: number[] = [];
  for (let frontier = [pid]; frontier.length > 0;) {
    frontier = [...parents].filter(([, parent]) => frontier.includes(parent)).map(([child]) => child);
    below.push(...frontier);
  }
  return below.map((child) => {
    try {
      return { pid: child, command: readFileSync(`/proc/${child}/cmdline`, 'utf8').replaceAll('\0', ' ') };
    } catch {
      return { pid: child, command: '' };
    }
  });
}

/** Processes whose command line names the data directory: PostgreSQL's. */
export function processesHolding(dataDir: string): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir) ? [Number(pid)] : [];
    } catch {
      return [];
    }
  });
}
