import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../support/api-keys.ts';
import { buildGoProgram, goEnvironment } from '../support/go-c2sp.ts';
import { docServerMissing, startDocServer, type DocServer } from './support/doc-server.ts';
import { fencesOf, type Fence } from './support/markdown.ts';
import { CurlCalls, runBash } from './support/shell.ts';

// db/verifiable-log.md shows an auditor checking a proof bundle with Go's
// golang.org/x/mod/sumdb/note and .../tlog instead of lib_event's tools: its
// sh block (marked skip for examples.test.ts) runs here, with EVENT_ID, and
// its Go program as auditor.go, against the documentation's server.

const { fences } = fencesOf('db/verifiable-log.md');
const skipped = fences.find((f) => f.marker?.kind === 'skip' && f.marker.reason.includes('test/docs/go-auditor.test.ts')) as Fence;
const output = fences[fences.indexOf(skipped) + 1] as Fence;
const program = fences.find((f) => f.lang === 'go') as Fence;
const missing = docServerMissing();
const go = await buildGoProgram();
const reason = missing ? `needs PostgREST (${missing})` : go.available ? undefined : `needs Go (${go.missing})`;

it('db/verifiable-log.md has the auditor\'s commands, their output and the Go program', () => {
  expect(skipped.text).toMatch(/go run auditor\.go/);
  expect(output.lang).toBe('text');
  expect(program.text).toMatch(/golang\.org\/x\/mod\/sumdb\/note/);
});

(reason ? describe.skip : describe)(`the Go auditor of db/verifiable-log.md${reason ? `: skipped, ${reason}` : ''}`, () => {
  let server: DocServer;
  beforeAll(async () => {
    server = await startDocServer();
  }, 120_000);
  afterAll(() => server?.stop());

  it('opens the bundle\'s checkpoint with the vkey and checks the inclusion proof, printing what the document shows', async () => {
    const reader = await issueKey(server.db.admin, 'go-auditor', 'reader');
    const producer = await issueKey(server.db.admin, 'billing', 'producer');
    const created = await fetch(`${server.url}/rpc/create`, {
      method: 'POST', headers: { 'X-Api-Key': producer.key, 'Content-Type': 'application/json' },
      body: JSON.stringify({ event_type: 'billing.invoice.paid', payload: { invoice: 'INV-1', amount: 4200 } }),
    });
    const { event__id: eventId } = await created.json() as { event__id: string };
    await server.db.placed();
    const url = new URL(server.url);
    const curl = new CurlCalls({ host: url.hostname, port: Number(url.port) });
    curl.reset();
    writeFileSync(join(curl.workDir, 'auditor.go'), program.text);
    const run = await runBash(skipped.text, {
      env: { READER_KEY: reader.key, EVENT_ID: eventId, PATH: curl.path, GOFLAGS: goEnvironment.GOFLAGS },
      cwd: curl.workDir, timeoutMs: 120_000,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const shape = output.text.trim()
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, 'UUID')
      .replace(/\d+/g, '\\d+')
      .replace('UUID', '[0-9a-f-]{36}')
      .replace('audit\\.example\\.com/lib_event', '\\S+');
    expect(run.stdout.trim()).toMatch(new RegExp(`^${shape}$`));
    expect(run.stdout).toContain(`event ${eventId}: leaf `);
  }, 180_000);
});
