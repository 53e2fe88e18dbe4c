import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { npmRun } from '../support/npm-run.ts';
import { describeHttp } from './support/describe-http.ts';
import { choosePostgrest } from './support/postgrest-provider.ts';

// Scoped keys through the real PostgREST (db/security.md#scoped-keys): each
// reader scope × GET /events (rows, filters that single out a hidden row,
// Prefer: count=exact, CSV), find, follow, event_payload, inclusion_proof;
// producer scopes × create and create_many. An unscoped key sees all. Keys
// made by npm run key:create --scope read the same way.

const source = await choosePostgrest();

describeHttp(source, 'scoped API keys', (api) => {
  const run = randomBytes(4).toString('hex');
  const ids: Record<string, string> = {};
  const keys: Record<string, string> = {};

  async function key(name: string, access: string, scopes: { types?: string[]; tenants?: string[]; consumers?: string[] } = {}): Promise<string> {
    const { rows: [row] } = await api().admin.query<{ api_key: string }>(
      'select api_key from lib_event.api_key_create($1, $2, event_types => $3, tenants => $4, consumers => $5)',
      [`${name}-${run}`, access, scopes.types ?? null, scopes.tenants ?? null, scopes.consumers ?? null]);
    if (!row) throw new Error('no key');
    return row.api_key;
  }

  async function call(path: string, apiKey: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const response = await fetch(`${api().url}${path}`, {
      method: init.method ?? 'GET',
      headers: { 'X-Api-Key': apiKey, 'Content-Type': 'application/json', ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    let body: unknown = text;
    try { body = JSON.parse(text); } catch { /* CSV */ }
    return { status: response.status, body, headers: response.headers };
  }

  // Each run's own tenants and consumers, so a database holding others changes nothing.
  const acme = `acme-${run}`;
  const globex = `globex-${run}`;
  const names = ['billingAcme', 'billingGlobex', 'iamAcme', 'iamNone'];

  beforeAll(async () => {
    keys.billing = await key('billing', 'producer');
    keys.iam = await key('iam', 'producer');
    const plan: [string, string, unknown][] = [
      ['billingAcme', keys.billing, { event_type: 'billing.invoice.paid', tenant: acme, payload: { n: 1 } }],
      ['billingGlobex', keys.billing, { event_type: 'billing.invoice.paid', tenant: globex, payload: { n: 2 } }],
      ['iamAcme', keys.iam, { event_type: 'iam.user.deleted', tenant: acme, payload: { n: 3 } }],
      ['iamNone', keys.iam, { event_type: 'iam.user.deleted', payload: { n: 4 } }],
    ];
    for (const [name, apiKey, body] of plan) {
      const created = await call('/rpc/create', apiKey, { method: 'POST', body });
      if (created.status !== 200) throw new Error(`${name}: ${JSON.stringify(created.body)}`);
      ids[name] = (created.body as { event__id: string }).event__id;
    }
    // follow and inclusion_proof hand out sequenced events only.
    for (let tries = 0; tries < 600; tries++) {
      const { rows: [row] } = await api().admin.query<{ n: number }>(
        'select count(*)::int as n from lib_event.log_entry where event__id = any ($1::uuid[])', [Object.values(ids)]);
      if (row?.n === 4) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  const ours = () => `event__id=in.(${Object.values(ids).join(',')})`;
  const named = (rows: { event__id: string }[]) =>
    rows.map((row) => names.find((name) => ids[name] === row.event__id)).filter(Boolean).sort();

  const readers: [string, string, { types?: string[]; tenants?: string[]; consumers?: string[] } | 'tenant acme', string[]][] = [
    ['unscoped', 'reader', {}, names],
    ['billing.*', 'reader', { types: ['billing.*'] }, ['billingAcme', 'billingGlobex']],
    ['tenant acme', 'reader', 'tenant acme', ['billingAcme', 'iamAcme']],
    ['iam.user.deleted, producer_reader', 'producer_reader', { types: ['iam.user.deleted'] }, ['iamAcme', 'iamNone']],
  ];

  it.each(readers)('%s: the key reads only its events on every read path', async (label, access, scopes, visible) => {
    const apiKey = await key(`desk-${label.replace(/[^a-z]/g, '')}`, access, scopes === 'tenant acme' ? { tenants: [acme] } : scopes);

    const rows = await call(`/events?${ours()}&limit=100&order=created_at.desc`, apiKey);
    expect(rows.status).toBe(200);
    expect(named(rows.body as { event__id: string }[])).toEqual([...visible].sort());

    // Filters and a count that would reveal a hidden row if the policy leaked.
    for (const name of names) {
      const filtered = await call(`/events?event__id=eq.${ids[name]}&payload->>n=eq.${names.indexOf(name) + 1}&select=event__id,tenant&limit=5`, apiKey);
      expect((filtered.body as unknown[]).length, `${label} ${name}`).toBe(visible.includes(name) ? 1 : 0);
    }
    const counted = await call(`/events?${ours()}&limit=1`, apiKey, { headers: { Prefer: 'count=exact' } });
    expect(counted.headers.get('content-range')).toMatch(new RegExp(`/${visible.length}$`));
    const byTenant = await call(`/events?tenant=eq.${acme}&limit=100`, apiKey, { headers: { Prefer: 'count=exact' } });
    expect(byTenant.headers.get('content-range')).toMatch(new RegExp(`/${visible.filter((name) => name.endsWith('Acme')).length}$`));

    const csv = await call(`/events?${ours()}&select=event__id&limit=100`, apiKey, { headers: { Accept: 'text/csv' } });
    expect(csv.status).toBe(200);
    expect((csv.body as string).split('\n').slice(1).filter(Boolean).sort()).toEqual(visible.map((name) => ids[name]).sort());

    const found = await call('/rpc/find?page_size=1000', apiKey);
    const foundOurs = (found.body as { event__id: string }[]).filter((row) => Object.values(ids).includes(row.event__id));
    expect(named(foundOurs)).toEqual([...visible].sort());

    const followed = await call('/rpc/follow?page_size=1000', apiKey);
    const followedOurs = (followed.body as { event__id: string; position: number }[]).filter((row) => Object.values(ids).includes(row.event__id));
    expect(named(followedOurs)).toEqual([...visible].sort());

    for (const name of names) {
      const payload = await call(`/rpc/event_payload?event__id=${ids[name]}`, apiKey);
      const proof = await call(`/rpc/inclusion_proof?event__id=${ids[name]}&tree_size=${Math.max(...followedOurs.map((row) => Number(row.position)), 1)}`, apiKey);
      if (visible.includes(name)) {
        expect(payload, `${label} ${name}`).toMatchObject({ status: 200, body: { n: names.indexOf(name) + 1 } });
        expect(proof.status, `${label} ${name}`).not.toBe(404);
      } else {
        expect(payload, `${label} ${name}`).toMatchObject({ status: 404, body: { code: 'PT404' } });
        expect(proof, `${label} ${name}`).toMatchObject({ status: 404, body: { code: 'PT404' } });
      }
    }
  });

  it('refuses a producer outside its scope with 403 naming the scope, and writes nothing of the batch', async () => {
    const scoped = await key('billing-acme', 'producer', { types: ['billing.*'], tenants: [acme] });
    const inScope = await call('/rpc/create', scoped, { method: 'POST', body: { event_type: 'billing.invoice.sent' } });
    expect(inScope.status).toBe(200);
    expect((inScope.body as { headers: { tenant: string } }).headers.tenant).toBe(acme);

    const wrongType = await call('/rpc/create', scoped, { method: 'POST', body: { event_type: 'iam.user.deleted' } });
    expect(wrongType).toMatchObject({ status: 403, body: { code: 'PT403', details: expect.stringContaining('billing.*') } });
    const wrongTenant = await call('/rpc/create', scoped, { method: 'POST', body: { event_type: 'billing.invoice.paid', tenant: globex } });
    expect(wrongTenant).toMatchObject({ status: 403, body: { code: 'PT403', details: expect.stringContaining(acme) } });
    const batch = await call('/rpc/create_many', scoped, {
      method: 'POST', body: [{ event_type: 'billing.invoice.paid', partition_key: `batch-${run}` }, { event_type: 'iam.user.deleted', partition_key: `batch-${run}` }],
    });
    expect(batch).toMatchObject({ status: 403, body: { code: 'PT403', message: expect.stringMatching(/^event 2 of 2: /) } });
    const { rows: [row] } = await api().admin.query<{ n: number }>('select count(*)::int as n from lib_event.event where partition_key = $1', [`batch-${run}`]);
    expect(row?.n).toBe(0);

    const malformed = await call('/rpc/create', scoped, { method: 'POST', body: { event_type: 'billing.invoice.paid', tenant: '' } });
    expect(malformed).toMatchObject({ status: 400, body: { code: 'LE014' } });
  });

  it('npm run key:create --scope makes a key that reads only its share, key:list shows its scope, a bad --scope creates nothing', async () => {
    // The commands as an operator runs them, against the database PostgREST serves.
    const database = { DATABASE_URL: api().databaseUrl };
    const consumer = `desk-cli-${run}`;
    const created = await npmRun('key:create', ['--name', consumer, '--role', 'reader', '--scope', 'type=billing.*', '--scope', `tenant=${acme}`], database);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(new RegExp(`^Created a reader key for ${consumer} \\(id [0-9a-f-]{36}, scope type=billing\\.\\* tenant=${acme}\\)\\.$`, 'm'));
    const apiKey = /^(lek_[0-9a-f]{64})$/m.exec(created.stdout)?.[1] ?? '';
    expect(apiKey).not.toBe('');

    const listed = await npmRun('key:list', [], database);
    expect(listed.code, listed.stderr).toBe(0);
    const row = listed.stdout.split('\n').filter((line) => line.includes(consumer));
    expect(row).toHaveLength(1);
    expect(row[0]).toContain(`type=billing.* tenant=${acme}`);
    expect(row[0]).toMatch(/\breader\b/);

    // Of the four events, only billing.invoice.paid for acme, on each read path.
    const rows = await call(`/events?${ours()}&limit=100`, apiKey, { headers: { Prefer: 'count=exact' } });
    expect(rows.status).toBe(200);
    expect(named(rows.body as { event__id: string }[])).toEqual(['billingAcme']);
    expect(rows.headers.get('content-range')).toMatch(/\/1$/);
    const found = await call('/rpc/find?page_size=1000', apiKey);
    expect(named((found.body as { event__id: string }[]).filter((r) => Object.values(ids).includes(r.event__id)))).toEqual(['billingAcme']);
    const hidden = await call(`/rpc/event_payload?event__id=${ids.iamAcme}`, apiKey);
    expect(hidden).toMatchObject({ status: 404, body: { code: 'PT404' } });

    // A pattern the database refuses (LE013), and a scope kind the command does not know.
    const badPattern = await npmRun('key:create', ['--name', `${consumer}-bad`, '--role', 'reader', '--scope', 'type=billing*'], database);
    expect(badPattern.code).toBe(1);
    expect(badPattern.stderr).toContain(`event type scope 'billing*' is not allowed`);
    expect(badPattern.stdout).not.toMatch(/lek_/);
    const badKind = await npmRun('key:create', ['--name', `${consumer}-bad`, '--role', 'reader', '--scope', 'colour=red'], database);
    expect(badKind.code).toBe(2);
    expect(badKind.stderr).toContain('--scope colour=red is not one of type=<pattern>, tenant=<tenant>, consumer=<name>');
    expect(badKind.stdout).not.toMatch(/lek_/);
    const { rows: [kept] } = await api().admin.query<{ n: number }>('select count(*)::int as n from lib_event.api_key where consumer = $1', [`${consumer}-bad`]);
    expect(kept?.n).toBe(0);
  });
});
