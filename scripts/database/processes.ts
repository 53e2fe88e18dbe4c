import { readFileSync } from 'node:fs';

// The processes around npm start, read from /proc (Linux): who started
// whom, and which one to stop. Elsewhere these know only what Node tells.

/** The parent of a process, from /proc; throws where there is none. */
export function parentPid(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
}

/** A process's command line as ps shows it (npm shows its title, "npm start"); '' when it cannot be read. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return '';
  }
}

/** Whether a process exists (EPERM: it does, owned by another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** The processes above `pid` (npm, a shell, tsx...), nearest first, up to but not including init. */
export function ancestorPids(pid: number): number[] {
  const pids: number[] = [];
  for (let next = pid; pids.length < 64; ) {
    try {
      next = parentPid(next);
    } catch {
      break;
    }
    if (!(next > 1)) break;
    pids.push(next);
  }
  return pids;
}

const startScript = /scripts\/server\/start\.ts/;
const npm = /^npm(\s|$)|\/npm-cli\.js(\s|$)/;

/**
 * The process to stop to stop the npm start whose start script is `pid`:
 * the npm process that runs it (npm forwards SIGINT and SIGTERM to the
 * script), else the start script itself. The processes between the two
 * (a shell, tsx) mention scripts/server/start.ts on their command lines.
 */
export function npmStartProcess(pid: number): { pid: number; command: string } {
  for (const above of ancestorPids(pid)) {
    const command = commandLine(above);
    if (npm.test(command)) return { pid: above, command };
    if (!startScript.test(command)) break;
  }
  return { pid, command: commandLine(pid) };
}

/** Whether `pid` runs lib_event's start script (node, tsx or a shell running scripts/server/start.ts). */
export function isStartScript(pid: number): boolean {
  return startScript.test(commandLine(pid));
}
