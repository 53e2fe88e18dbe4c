import { spawn } from 'node:child_process';
import { projectRoot } from '../../scripts/database/dbmate.ts';

export interface NpmRunResult {
  /** The exit code (null when a signal ended it). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm run --silent <script> -- <args>` in the project, as an operator runs
 * it, with `environment` over this process's (DATABASE_URL names the
 * database): its exit code and what it printed. Never throws for a failing
 * exit code: the caller checks it.
 */
export function npmRun(script: string, args: readonly string[], environment: NodeJS.ProcessEnv = {}): Promise<NpmRunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', script, '--', ...args], { cwd: projectRoot, env: { ...process.env, ...environment } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
