import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createSupervisor, type Supervised } from '../../scripts/server/supervisor.ts';

/** A real process running `script` with node, supervised as npm start supervises its own. */
function nodeProcess(script: string): Supervised {
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`)));
  return {
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('npm start\'s supervisor', () => {
  it('restarts a process that exits, saying why in one line each time, and stops everything when it crashes too often', async () => {
    const lines: string[] = [];
    let starts = 0;
    const gaveUp = new Promise<string>((resolve) => {
      const supervisor = createSupervisor({ maxRestarts: 3, windowMs: 60_000, baseDelayMs: 10, log: (line) => lines.push(line), giveUp: resolve });
      const start = async () => {
        starts += 1;
        return nodeProcess('process.exit(3)');
      };
      void start().then((first) => supervisor.watch('crasher', first, start));
    });
    const message = await gaveUp;
    expect(message).toMatch(/^crasher exited unexpectedly \(code 3\) 4 times within 60 s: stopping everything/);
    expect(starts).toBe(4);
    expect(lines.filter((line) => line.startsWith('crasher exited unexpectedly (code 3): restarting it in'))).toHaveLength(3);
    expect(lines.filter((line) => line.startsWith('crasher is running again'))).toHaveLength(3);
  });

  it('restarts nothing once stopped, and stops the process it runs', async () => {
    const lines: string[] = [];
    const supervisor = createSupervisor({ log: (line) => lines.push(line), giveUp: () => lines.push('gave up') });
    const first = nodeProcess('setInterval(() => {}, 1000)');
    supervisor.watch('sleeper', first, async () => nodeProcess('setInterval(() => {}, 1000)'));
    await supervisor.stop();
    expect(await first.exited).toBe('signal SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines).toEqual([]);
  });
});
