import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey, type IssuedKey } from '../support/api-keys.ts';
import { send, type Answer } from './hostile/send.ts';
import { describeHttp } from './support/describe-http.ts';
import { findNginx, startNginx } from './support/nginx.ts';
import { choosePostgrest } from './support/postgrest-provider.ts';

// db/nginx.conf, the proxy configuration db/security.md documents for what
// lib_event cannot refuse itself, run in front of the real PostgREST: each
// refusal is shown beside what PostgREST alone answers.

const source = await choosePostgrest();
const nginx = findNginx();

function expectRefusal(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.contentType).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['code', 'details', 'hint', 'message']);
  expect(body.code).toBe(code);
  expect(answer.headers['proxy-status']).toBe(`nginx; error=${code}`);
}

if (!nginx) {
  const line = 'db/nginx.conf in front of PostgREST: skipped, needs nginx (NGINX_BIN or nginx on PATH; Debian: nginx-light)';
  console.warn(line);
  describe.skip(line, () => {
    it('runs when nginx is found', () => undefined);
  });
} else {
  describeHttp(source, 'db/nginx.conf in front of PostgREST', (api) => {
    const run = randomBytes(4).toString('hex');
    let proxy: Awaited<ReturnType<typeof startNginx>>;
    let producer: IssuedKey;
    let reader: IssuedKey;

    beforeAll(async () => {
      proxy = await startNginx(nginx, new URL(api().url));
      producer = await issueKey(api().admin, `proxied-${run}`, 'producer');
      reader = await issueKey(api().admin, `proxied-audit-${run}`, 'reader');
    });
    afterAll(async () => {
      await proxy?.stop();
    });

    const post = (base: string, path: string, query: string, body: unknown) => send(base, {
      method: 'POST', path, query, body: JSON.stringify(body),
      headers: { 'X-Api-Key': producer.key, 'Content-Type': 'application/json' },
    });
    const read = (base: string, query: string, headers: Record<string, string> = {}) => send(base, {
      method: 'GET', path: '/events', query, headers: { 'X-Api-Key': reader.key, ...headers },
    });
    async function recorded(): Promise<{ event_type: string; payload: unknown }[]> {
      const { rows } = await api().admin.query<{ event_type: string; payload: unknown }>(
        'select event_type, payload from lib_event.event where consumer = $1 order by event__id', [producer.consumer]);
      return rows;
    }

    it('refuses limit=0 on a write, which PostgREST alone answers with 200 null without calling create', async () => {
      const event = { event_type: 'proxied.limit.sent' };
      const alone = await post(api().url, '/rpc/create', 'limit=0', event);
      expect([alone.status, alone.text]).toEqual([200, 'null']);
      expectRefusal(await post(proxy.url, '/rpc/create', 'limit=0', event), 400, 'LE081');
      expectRefusal(await post(proxy.url, '/rpc/create_many', 'limit=0', [event]), 400, 'LE081');
      expect(await recorded()).toEqual([]);
    });

    it('refuses columns=... on a write, which PostgREST alone ignores for create\'s whole body (it records the event whole)', async () => {
      // create(jsonb) takes the body as sent, so columns= binds nothing away
      // (before, it dropped the other keys of the body). The proxy refuses
      // it on every write, as any query parameter but select.
      const event = { event_type: 'proxied.columns.sent', payload: { kept: true } };
      const alone = await post(api().url, '/rpc/create', 'columns=event_type', event);
      expect(alone.status).toBe(200);
      expect(await recorded()).toEqual([{ event_type: 'proxied.columns.sent', payload: { kept: true } }]);
      expectRefusal(await post(proxy.url, '/rpc/create', 'columns=event_type', event), 400, 'LE081');
      expect(await recorded()).toHaveLength(1);
    });

    it('passes a write with select alone, and one without a query string', async () => {
      const before = (await recorded()).length;
      const selected = await post(proxy.url, '/rpc/create', 'select=event__id', { event_type: 'proxied.select.sent' });
      expect(selected.status).toBe(200);
      expect(Object.keys(JSON.parse(selected.text) as object)).toEqual(['event__id']);
      const plain = await post(proxy.url, '/rpc/create_many', '', [{ event_type: 'proxied.plain.sent' }, { event_type: 'proxied.plain.sent' }]);
      expect(plain.status).toBe(200);
      expect(JSON.parse(plain.text)).toHaveLength(2);
      expect(await recorded()).toHaveLength(before + 3);
    });

    it('caps GET /events at limit=1000, given once, which lib_event cannot read', async () => {
      expect((await read(api().url, 'limit=5000')).status).toBe(200);
      expectRefusal(await read(proxy.url, 'limit=5000'), 400, 'LE084');
      expectRefusal(await read(proxy.url, 'limit=5&limit=5000'), 400, 'LE084');
      expectRefusal(await read(proxy.url, 'event_type=eq.x'), 400, 'LE084');
      expect((await read(proxy.url, 'limit=1000&order=created_at.desc')).status).toBe(200);
      expect((await read(proxy.url, 'order=created_at.desc&limit=1')).status).toBe(200);
    });

    it('leaves no way around the cap through a Range header: PostgREST reads the smaller of the two', async () => {
      await post(api().url, '/rpc/create_many', '', [{ event_type: 'proxied.range.sent' }, { event_type: 'proxied.range.sent' }]);
      const ranged = await read(proxy.url, 'limit=1', { Range: '0-999999' });
      expect(ranged.status).toBe(200);
      expect(JSON.parse(ranged.text)).toHaveLength(1);
    });

    it('answers a header over 16 KiB in JSON (431), where Warp answers a text/plain 400', async () => {
      const padded = { 'X-Api-Key': reader.key, 'X-Pad': 'p'.repeat(52_000) };
      const alone = await send(api().url, { method: 'GET', path: '/events', query: 'limit=1', headers: padded });
      expect(alone.status).toBe(400);
      expect(alone.contentType).toMatch(/^text\/plain/);
      expectRefusal(await send(proxy.url, { method: 'GET', path: '/events', query: 'limit=1', headers: padded }), 431, 'PT431');
    });

    it('answers a body over 66 MiB in JSON (413) before PostgREST reads it, recording nothing', async () => {
      const before = (await recorded()).length;
      const body = JSON.stringify({ event_type: 'proxied.large.sent', payload: 'x'.repeat(67 * 1024 * 1024) });
      const answer = await send(proxy.url, {
        method: 'POST', path: '/rpc/create', query: '', body,
        headers: { 'X-Api-Key': producer.key, 'Content-Type': 'application/json' },
      });
      expectRefusal(answer, 413, 'PT413');
      expect(await recorded()).toHaveLength(before);
    });

    it('passes the API document and the reads through unchanged', async () => {
      const document = await send(proxy.url, { method: 'GET', path: '/', query: '', headers: {} });
      expect(document.status).toBe(200);
      expect((JSON.parse(document.text) as { openapi: string }).openapi).toBe('3.1.0');
      const found = await send(proxy.url, { method: 'GET', path: '/rpc/find', query: 'page_size=1', headers: { 'X-Api-Key': reader.key } });
      expect(found.status).toBe(200);
      const refused = await send(proxy.url, { method: 'GET', path: '/events', query: 'limit=1', headers: {} });
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.text)).toMatchObject({ code: 'PT401' });
    });
  });
}
