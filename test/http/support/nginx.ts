import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { projectRoot } from '../../../scripts/database/dbmate.ts';
import { freePort } from '../../../scripts/database/postgres-server.ts';

/** The proxy configuration db/security.md documents. */
export const nginxConfigFile = join(projectRoot, 'db', 'nginx.conf');

/** NGINX_BIN when set, else nginx on PATH or in /usr/sbin; undefined when none is executable. */
export function findNginx(): string | undefined {
  const candidates = process.env.NGINX_BIN
    ? [process.env.NGINX_BIN]
    : [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin'].map((dir) => join(dir, 'nginx'));
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * nginx with db/nginx.conf in front of the PostgREST at `upstream`, in a
 * directory of its own: the file as documented, its two addresses (listen
 * 8080, PostgREST on 127.0.0.1:3000) replaced by this run's.
 */
export async function startNginx(binary: string, upstream: URL): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'lib-event-nginx-'));
  // Run as root, nginx's workers run as nobody and write their temporary files here.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const site = readFileSync(nginxConfigFile, 'utf8')
    .replace(/^(\s*)listen 8080;/m, `$1listen 127.0.0.1:${port};`)
    .replace(/^(\s*)server 127\.0\.0\.1:3000;/m, `$1server ${upstream.hostname}:${upstream.port};`);
  if (!site.includes(`listen 127.0.0.1:${port};`) || !site.includes(`server ${upstream.hostname}:${upstream.port};`)) {
    throw new Error(`${nginxConfigFile} no longer has "listen 8080;" and "server 127.0.0.1:3000;" to point at this run's ports`);
  }
  writeFileSync(join(dir, 'lib_event.conf'), site);
  const temp = (name: string) => `${name} ${join(dir, name.replace('_path', ''))};`;
  writeFileSync(join(dir, 'nginx.conf'), `
daemon off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 64; }
http {
  access_log off;
  ${['client_body_temp_path', 'proxy_temp_path', 'fastcgi_temp_path', 'uwsgi_temp_path', 'scgi_temp_path'].map(temp).join('\n  ')}
  include ${join(dir, 'lib_event.conf')};
}
`);
  const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let waited = 0; !(await listening(port)); waited += 50) {
    if (child.exitCode !== null || waited > 10_000) {
      child.kill('SIGKILL');
      const log = (() => { try { return readFileSync(join(dir, 'error.log'), 'utf8'); } catch { return ''; } })();
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx did not start: ${stderr}${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      // SIGQUIT: a graceful shutdown of the master and its worker.
      child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
