import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { authenticatorLogin, loginUrl } from '../../scripts/database/login-secrets.ts';
import { documentText, documentTypes } from '../../scripts/generate/openapi-files.ts';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { rootDocument, type JsonSchema, type OpenApiDocument, type OpenApiOperation, type OpenApiParameter } from '../support/root-spec.ts';

let db: TestDatabase;
let document: OpenApiDocument;

beforeAll(async () => {
  db = await createTestDatabase();
  document = await served();
});
afterAll(() => db.drop());

async function served(headers: Record<string, string> = {}): Promise<OpenApiDocument> {
  const response = await rootDocument(db.authenticator, headers);
  expect(response.status).toBe(200);
  return response.body as OpenApiDocument;
}

function operation(doc: OpenApiDocument, path: string, method: string): OpenApiOperation {
  const found = doc.paths[path]?.[method];
  if (!found) throw new Error(`the document has no ${method.toUpperCase()} ${path}; it has ${Object.keys(doc.paths).join(', ')}`);
  return found;
}

function bodySchema(op: OpenApiOperation): JsonSchema {
  const schema = op.requestBody?.content['application/json']?.schema;
  if (!schema) throw new Error(`${op.operationId} has no JSON request body`);
  return schema;
}

/** The comment PostgreSQL holds for an object, e.g. ('lib_events.create', 'pg_proc') for a function that is not overloaded. */
async function comment(object: string, catalog: 'pg_proc' | 'pg_class'): Promise<string> {
  const cast = catalog === 'pg_proc' ? (object.includes('(') ? 'regprocedure' : 'regproc') : 'regclass';
  const { rows } = await db.admin.query<{ text: string }>(`select obj_description($1::${cast}, $2) as text`, [object, catalog]);
  return rows[0]?.text ?? '';
}

/** Run DDL as the owner, as a migration would, and commit it. */
async function asOwner(sql: string): Promise<void> {
  await db.admin.query(`set role lib_event_owner; ${sql}; reset role;`);
}

describe('the document at /', () => {
  it('is served without an API key, and with a wrong one, as the root request lets any caller through', async () => {
    expect(document.openapi).toBe('3.1.0');
    expect(await served({ 'X-Api-Key': 'lek_not_a_key' })).toEqual(document);
  });

  it('is the same on every request', async () => {
    expect(documentText(await served())).toBe(documentText(document));
  });

  it('is what generated/openapi.json holds (run npm run generate after changing the API)', async () => {
    const committed = await readFile(join(projectRoot, 'generated', 'openapi.json'), 'utf8');
    expect(committed).toBe(documentText(document));
  });

  it('has the types generated/api.d.ts holds, written the same way every time', async () => {
    const committed = await readFile(join(projectRoot, 'generated', 'api.d.ts'), 'utf8');
    const types = await documentTypes(document);
    expect(types).toBe(committed);
    expect(await documentTypes(structuredClone(document))).toBe(types);
    expect(types).toContain('"/rpc/create": {');
  });

  it('describes the API from the lib_events schema comment', async () => {
    const { rows } = await db.admin.query<{ text: string }>(`select obj_description('lib_events'::regnamespace, 'pg_namespace') as text`);
    expect(document.info.title).toBe('lib_event');
    expect(document.info.summary).toBe(rows[0]?.text.split('\n')[0]);
    expect(document.info.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('documents itself at / as public, and nowhere else', () => {
    expect(operation(document, '/', 'get').security).toEqual([]);
    expect(document.paths['/rpc/openapi']).toBeUndefined();
  });

  it('documents the 406 of GET / and defines each member its schema requires', () => {
    const { responses } = operation(document, '/', 'get');
    expect(Object.keys(responses)).toEqual(['200', '406']);
    expect(responses['406']?.$ref).toBe('#/components/responses/NotAcceptable');
    expect(document.components.responses.NotAcceptable?.description).toContain('PGRST107');
    const schema = responses['200']?.content?.['application/json']?.schema as JsonSchema;
    expect(Object.keys(schema.properties ?? {})).toEqual(schema.required);
  });

  it('lists only what an API key can use: nothing of the private lib_event schema', async () => {
    const { rows } = await db.admin.query<{ name: string }>(
      `select proname as name from pg_proc where pronamespace = 'lib_event'::regnamespace`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { name } of rows) {
      // lib_events.create shares nothing with lib_event but a verb; lib_events.erase is the
      // API's door to lib_event.erase, for a key with the erase right.
      if (name === 'create' || name === 'erase') continue;
      expect(document.paths[`/rpc/${name}`], name).toBeUndefined();
    }
    expect(document.paths['/event']).toBeUndefined();
    expect(document.paths['/api_key']).toBeUndefined();
  });
});

describe('its licence and server', () => {
  /** GET / on connections whose PostgREST configuration sets app.settings.openapi_server_proxy_uri. */
  async function servedWithServer(configured: string) {
    const pool = new pg.Pool({
      connectionString: loginUrl(db.url, authenticatorLogin.role, inject('authenticatorPassword')),
      options: `-c app.settings.openapi_server_proxy_uri=${configured}`,
      max: 1,
    });
    try {
      return await rootDocument(pool);
    } finally {
      await pool.end();
    }
  }

  it('names the licence package.json names, by its SPDX identifier', async () => {
    const manifest = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as { license: string };
    expect(document.info.license).toEqual({ name: 'Apache License 2.0', identifier: manifest.license });
  });

  it('names "/" as its server when none is configured: the root it is served from, on whatever host the client reached', () => {
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
  });

  it('names the configured public address, without its trailing slash', async () => {
    const response = await servedWithServer('https://audit.example.com/api/');
    expect(response.status).toBe(200);
    expect((response.body as OpenApiDocument).servers).toEqual([{ url: 'https://audit.example.com/api', description: expect.any(String) }]);
    expect({ ...(response.body as OpenApiDocument), servers: document.servers }).toEqual(document);
  });

  it('takes a path as the address, for a proxy on the same host', async () => {
    const response = await servedWithServer('/audit');
    expect((response.body as OpenApiDocument).servers?.[0]?.url).toBe('/audit');
  });

  it('answers 500 PT500, naming the setting and its value, when the configured address is not a URL', async () => {
    const response = await servedWithServer('audit.example.com');
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({ code: 'PT500', message: expect.stringContaining('app.settings.openapi_server_proxy_uri is audit.example.com') });
    expect((response.body as { hint: string }).hint).toContain('https://');
  });
});

describe('security', () => {
  it('declares the X-Api-Key scheme and applies it to every operation but the document, health, metrics and the explorer page', () => {
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Api-Key' });
    expect(document.security).toEqual([{ apiKey: [] }]);
    // What lib_event.check_request lets through without a key.
    const keyless = ['/', '/rpc/health', '/rpc/metrics', '/rpc/explorer'];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect(op.security, `${method} ${path}`).toEqual(keyless.includes(path) ? [] : [{ apiKey: [] }]);
      }
    }
  });

  it('describes PostgREST\'s error body and refers every error response to it', () => {
    const error = document.components.schemas.PostgrestError as JsonSchema;
    expect(error.required).toEqual(['code', 'message', 'details', 'hint']);
    expect(error.properties?.details?.type).toEqual(['string', 'null']);
    for (const response of Object.values(document.components.responses)) {
      expect(response.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/PostgrestError' });
    }
  });
});

describe('POST /rpc/create', () => {
  // The SQL API's overload documents the path; POST /rpc/create calls create(jsonb) with the same body.
  const signature = 'lib_events.create(text,jsonb,jsonb,timestamp with time zone,uuid,text,text)';

  it('takes its summary and description from COMMENT ON FUNCTION', async () => {
    const op = operation(document, '/rpc/create', 'post');
    const [summary, ...rest] = (await comment(signature, 'pg_proc')).split('\n');
    expect(op.summary).toBe(summary);
    expect(op.description).toContain(rest.join('\n').trim());
    expect(op.description).toMatch(/access producer or producer_reader/);
  });

  it('is POST only, as create is volatile', () => {
    expect(Object.keys(document.paths['/rpc/create'] ?? {})).toEqual(['post']);
  });

  it('has one body property per argument, required only where there is no default', async () => {
    const { rows } = await db.admin.query<{ names: string[]; required: number }>(
      `select array(select a.name from unnest(proargnames, proargmodes) with ordinality a(name, mode, n) where a.mode <> 'o' order by a.n) as names,
              pronargs - pronargdefaults as required from pg_proc where oid = $1::regprocedure`,
      [signature],
    );
    const { names, required } = rows[0] as { names: string[]; required: number };
    const body = bodySchema(operation(document, '/rpc/create', 'post'));
    expect(Object.keys(body.properties ?? {})).toEqual(names);
    expect(body.required).toEqual(names.slice(0, required));
    expect(body.additionalProperties).toBe(false);
    expect(operation(document, '/rpc/create', 'post').requestBody?.required).toBe(true);
  });

  it('maps argument types to JSON schema, defaults included', () => {
    const props = bodySchema(operation(document, '/rpc/create', 'post')).properties ?? {};
    expect(props.event_type).toEqual({ type: 'string' });
    expect(props.payload).toEqual({ default: null });
    expect(props.headers).toEqual({ default: {} });
    expect(props.occurred_at).toEqual({ type: ['string', 'null'], format: 'date-time', default: null });
    expect(props.source).toEqual({ type: ['string', 'null'], format: 'uuid', default: null });
    expect(props.partition_key).toEqual({ type: ['string', 'null'], default: null });
  });

  it('answers with the event_receipt component, which has the composite type\'s attributes', async () => {
    const op = operation(document, '/rpc/create', 'post');
    expect(op.responses['200']?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/event_receipt' });
    const { rows } = await db.admin.query<{ name: string }>(
      `select attname as name from pg_attribute where attrelid = 'lib_events.event_receipt'::regclass and attnum > 0 order by attnum`,
    );
    const receipt = document.components.schemas.event_receipt as JsonSchema;
    expect(Object.keys(receipt.properties ?? {})).toEqual(rows.map((r) => r.name));
    expect(receipt.required).toEqual(rows.map((r) => r.name));
    expect(receipt.properties?.event__id).toEqual({ type: ['string', 'null'], format: 'uuid' });
    expect(receipt.description).toBe(
      (await db.admin.query<{ text: string }>(`select obj_description('lib_events.event_receipt'::regtype, 'pg_type') as text`)).rows[0]?.text,
    );
  });

  it('lists the statuses it can answer with, and the error codes create raises', () => {
    const { responses } = operation(document, '/rpc/create', 'post');
    expect(Object.keys(responses)).toEqual(['200', '400', '401', '403', '404', '409', '413']);
    expect(responses['400']?.$ref).toBe('#/components/responses/BadRequest');
    for (const code of ['LE001', 'LE002', 'LE003', 'LE004', 'LE005', 'LE040']) expect(responses['400']?.description).toContain(code);
    expect(responses['401']?.description).toContain('PT401');
    expect(responses['403']?.description).toContain('PT403');
    expect(responses['413']?.description).toContain('PT413');
  });
});

describe('GET /rpc/api_key', () => {
  it('is offered to every key access, read-only by GET, and answers with the presented_key component', () => {
    expect(Object.keys(document.paths['/rpc/api_key'] ?? {}).sort()).toEqual(['get', 'post']);
    const op = operation(document, '/rpc/api_key', 'get');
    expect(op.security).toEqual([{ apiKey: [] }]);
    expect(op.description).toMatch(/access producer or producer_reader or reader/);
    expect(op.parameters ?? []).toEqual([]);
    expect(op.responses['200']?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/presented_key' });
  });

  it('describes the key\'s consumer, access, scopes and erase right, and nothing of its hash', () => {
    const key = document.components.schemas.presented_key as JsonSchema;
    expect(Object.keys(key.properties ?? {})).toEqual(
      ['api_key__id', 'consumer', 'access', 'created_at', 'scoped', 'event_types', 'tenants', 'consumers', 'may_erase']);
    expect(key.properties?.access).toMatchObject({ enum: ['producer', 'reader', 'producer_reader', null] });
    expect(key.properties?.tenants).toMatchObject({ type: ['array', 'null'], items: { type: 'string' } });
    for (const property of Object.values(key.properties ?? {})) expect(property.description).toBeTruthy();
  });
});

describe('the 404 of an operation', () => {
  it('names PT404 where the operation raises it (an id the log does not hold), and only PGRST202 elsewhere', () => {
    for (const path of ['/rpc/inclusion_proof', '/rpc/event_payload']) {
      expect(operation(document, path, 'get').responses['404']?.description, path).toMatch(/PT404.*PGRST202/);
    }
    const create = operation(document, '/rpc/create', 'post').responses['404']?.description;
    expect(create).toContain('PGRST202');
    expect(create).not.toContain('PT404');
  });
});

describe('POST /rpc/create_many', () => {
  it('takes the whole body: an array of create\'s arguments, or {"events": [...]}', () => {
    const post = operation(document, '/rpc/create_many', 'post');
    const schema = post.requestBody?.content['application/json']?.schema as JsonSchema;
    const createArguments = operation(document, '/rpc/create', 'post').requestBody?.content['application/json']?.schema;
    expect(post.requestBody?.required).toBe(true);
    expect(schema.anyOf?.[0]).toMatchObject({ type: 'array', items: createArguments });
    expect(schema.anyOf?.[1]).toMatchObject({ type: 'object', required: ['events'], properties: { events: { type: 'array', items: createArguments } } });
  });

  it('is POST only: PostgREST passes a whole body to POST alone', () => {
    expect(Object.keys(document.paths['/rpc/create_many'] ?? {})).toEqual(['post']);
  });

  it('answers 413 for a batch over 1000 events', () => {
    expect(operation(document, '/rpc/create_many', 'post').responses['413']?.description).toContain('PT413');
  });
});

describe('GET /events', () => {
  async function viewColumns(view: string): Promise<{ name: string; type: string }[]> {
    const { rows } = await db.admin.query<{ name: string; type: string }>(
      `select a.attname as name, format_type(case t.typtype when 'd' then t.typbasetype else t.oid end, null) as type
         from pg_attribute a join pg_type t on t.oid = a.atttypid
        where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
      [view],
    );
    return rows;
  }

  it('takes its summary from COMMENT ON VIEW', async () => {
    expect(operation(document, '/events', 'get').summary).toBe((await comment('lib_events.events', 'pg_class')).split('\n')[0]);
  });

  it('has a filter parameter per column, explaining the operators that suit its type', async () => {
    const columns = await viewColumns('lib_events.events');
    const parameters = operation(document, '/events', 'get').parameters ?? [];
    const filters = parameters.filter((p) => 'name' in p && p.in === 'query' && columns.some((c) => c.name === p.name));
    expect(filters.map((p) => ('name' in p ? p.name : ''))).toEqual(columns.map((c) => c.name));
    for (const filter of filters) {
      if (!('name' in filter)) continue;
      const type = columns.find((c) => c.name === filter.name)?.type ?? '';
      expect(filter.description).toContain(`Filter on ${filter.name} (${type})`);
      expect(filter.description).toMatch(/`eq` equals/);
      // Booleans take eq, neq, is and isdistinct only.
      if (type !== 'boolean') expect(filter.description).toMatch(/`in` one of a list/);
      expect(filter.description).toMatch(/Prefix `not\.` to negate/);
    }
    const byName = (name: string) => filters.find((p) => 'name' in p && p.name === name) as { description: string; schema: JsonSchema };
    expect(byName('event_type').description).toMatch(/`like` LIKE pattern/);
    expect(byName('headers').description).toMatch(/`cs` contains/);
    expect(byName('created_at').description).toContain('created_at=gte.2026-01-01T00:00:00Z');
    const pattern = new RegExp(byName('created_at').schema.anyOf?.[0]?.pattern ?? '$^');
    expect(pattern.test('gte.2026-01-01T00:00:00Z')).toBe(true);
    expect(pattern.test('not.in.(a,b)')).toBe(true);
    expect(pattern.test('like.x*')).toBe(false);
  });

  it('takes select, order, limit, offset, or, and as query parameters and Range, Prefer as headers', () => {
    const refs = (operation(document, '/events', 'get').parameters ?? []).flatMap((p) => ('$ref' in p ? [p.$ref] : []));
    expect(refs).toEqual(
      ['select', 'order', 'limit', 'offset', 'or', 'and', 'Range', 'Range-Unit', 'Prefer'].map((n) => `#/components/parameters/${n}`),
    );
    const { parameters } = document.components;
    expect(parameters.limit).toMatchObject({ in: 'query', schema: { type: 'integer', minimum: 0 } });
    expect(parameters.Range).toMatchObject({ in: 'header' });
    expect(parameters.Prefer?.description).toContain('count=exact');
  });

  it('comes with HEAD, the same query answering with headers only (a count without the rows)', () => {
    expect(Object.keys(document.paths['/events'] ?? {})).toEqual(['get', 'head']);
    const head = operation(document, '/events', 'head');
    expect(head.parameters).toEqual(operation(document, '/events', 'get').parameters);
    expect(head.description).toContain('Prefer: count=exact');
    expect(head.responses['200']?.content).toBeUndefined();
    expect(head.responses['200']).toMatchObject({ headers: { 'Content-Range': { $ref: '#/components/headers/Content-Range' } } });
  });

  it('answers with rows of the events component as JSON, or CSV', async () => {
    const { responses } = operation(document, '/events', 'get');
    expect(Object.keys(responses)).toEqual(['200', '206', '400', '401', '403', '416']);
    expect(responses['200']?.content?.['application/json']?.schema).toEqual({ type: 'array', items: { $ref: '#/components/schemas/events' } });
    expect(responses['200']?.content?.['text/csv']?.schema.type).toBe('string');
    expect(responses['403']?.description).toContain('producer_reader, reader');

    const columns = await viewColumns('lib_events.events');
    const events = document.components.schemas.events as JsonSchema;
    expect(Object.keys(events.properties ?? {})).toEqual(columns.map((c) => c.name));
  });

  it('marks a view column null-free when it plainly takes a NOT NULL table column', async () => {
    const { rows } = await db.admin.query<{ name: string; not_null: boolean }>(
      `select attname as name, attnotnull as not_null from pg_attribute
        where attrelid = 'lib_event.event'::regclass and attnum > 0 and not attisdropped`,
    );
    const events = document.components.schemas.events as JsonSchema;
    for (const [name, schema] of Object.entries(events.properties ?? {})) {
      const column = rows.find((r) => r.name === name);
      if (!column || schema.type === undefined) continue; // json columns take any value, null included
      expect(Array.isArray(schema.type) && schema.type.includes('null'), name).toBe(!column.not_null);
    }
    expect(events.properties?.event__id?.description).toBe('Time-ordered (UUIDv7) id, assigned at recording.');
  });

  it('follows a view into the views it reads and a UNION ALL into its branches: NOT NULL only where every branch is', async () => {
    await asOwner(`
      create table lib_event.doc_left (a int not null, b int not null, c int);
      create table lib_event.doc_right (a int not null, b int, c int not null);
      comment on column lib_event.doc_left.a is 'a, on the left';
      comment on column lib_event.doc_right.c is 'c, on the right';
      create view lib_event.doc_both as select a, b, c from lib_event.doc_left union all select a, b, c from lib_event.doc_right;
      create view lib_event.doc_over as select c, a, b, a + 1 as d from lib_event.doc_both where a > (select 0);
      create view lib_event.doc_joined as
        select l.a from lib_event.doc_left l join lib_event.doc_right r on r.a = l.a union all select a from lib_event.doc_right`);
    const columns = async (view: string) => (await db.admin.query<{ column_number: number; not_null: boolean; origin_comment: string | null }>(
      'select * from lib_event.openapi_view_columns($1::regclass) order by column_number', [view])).rows;
    try {
      expect(await columns('lib_event.doc_both')).toEqual([
        { column_number: 1, not_null: true, origin_comment: 'a, on the left' },
        { column_number: 2, not_null: false, origin_comment: null },
        { column_number: 3, not_null: false, origin_comment: 'c, on the right' },
      ]);
      // d is computed: no origin, so no row.
      expect(await columns('lib_event.doc_over')).toEqual([
        { column_number: 1, not_null: false, origin_comment: 'c, on the right' },
        { column_number: 2, not_null: true, origin_comment: 'a, on the left' },
        { column_number: 3, not_null: false, origin_comment: null },
      ]);
      // A branch that joins two tables is not followed.
      expect(await columns('lib_event.doc_joined')).toEqual([]);
    } finally {
      await asOwner('drop view lib_event.doc_over, lib_event.doc_both, lib_event.doc_joined; drop table lib_event.doc_left, lib_event.doc_right');
    }
  });
});

describe('names replaced by newer ones (lib_event.older_name)', () => {
  /** The query parameters of an operation that are marked deprecated: name and description. */
  const deprecatedParameters = (path: string) => (operation(document, path, 'get').parameters ?? [])
    .filter((p): p is OpenApiParameter => 'name' in p && p.deprecated === true)
    .map((p) => `${p.name}: ${p.description}`);
  const deprecatedProperties = (schema: JsonSchema | undefined) =>
    Object.entries(schema?.properties ?? {}).filter(([, property]) => property.deprecated === true).map(([name]) => name);

  it('marks each older name deprecated wherever it appears, naming the one to use, and nothing else', () => {
    expect(deprecatedParameters('/rpc/follow')).toEqual([
      'after: The older name of cursor, still taken: use cursor.',
      'max: The older name of page_size, still taken: use page_size.',
    ]);
    expect(deprecatedProperties(bodySchema(operation(document, '/rpc/follow', 'post')))).toEqual(['after', 'max']);
    expect(deprecatedParameters('/rpc/find')).toEqual(['type: The older name of event_type, still taken: use event_type.']);
    expect(deprecatedProperties(bodySchema(operation(document, '/rpc/find', 'post')))).toEqual(['type']);
    expect(deprecatedProperties(document.components.schemas.followed_event)).toEqual(['checkpoint']);
    // Those, each parameter also in its schema, and nothing else.
    expect(JSON.stringify(document).match(/"deprecated":true/g)).toHaveLength(2 * 2 + 2 + 2 * 1 + 1 + 1);
  });

  it('lists only names that exist, each beside the name that replaced it', async () => {
    const { rows } = await db.admin.query<{ entry: string }>(
      `select o.object || '.' || n.name as entry
         from lib_event.older_name o, lateral (values (o.older_name), (o.name)) n(name)
        where not exists (select from pg_proc p
                           where p.oid::regproc::text = o.object and n.name = any (p.proargnames))
          and not exists (select from pg_attribute a
                           where a.attrelid = to_regclass(o.object) and a.attname = n.name and not a.attisdropped)`);
    expect(rows).toEqual([]);
    expect((await db.admin.query('select from lib_event.older_name')).rowCount).toBe(4);
  });
});

describe('a function or view added to lib_events', () => {
  let after: OpenApiDocument;

  beforeAll(async () => {
    await asOwner(`
      create type lib_events.probe_mood as enum ('calm', 'busy');
      create function lib_events.count_events(event_type text, since timestamptz default null)
      returns bigint language sql stable as $$
        select count(*) from lib_event.event e
         where e.event_type = count_events.event_type and (since is null or e.created_at >= since)
      $$;
      comment on function lib_events.count_events(text, timestamptz) is 'Count events of one type.

Optionally only those recorded since a time.';
      grant execute on function lib_events.count_events(text, timestamptz) to lib_event_reader;

      create function lib_events.probe(a integer, b bigint, c boolean, d numeric, e uuid[], f date,
                                       g lib_events.probe_mood, h jsonb default '{"k": 1}', i text default 'it''s')
      returns table (n integer, at timestamptz) language sql volatile as $$ select 1, now() $$;
      comment on function lib_events.probe(integer, bigint, boolean, numeric, uuid[], date, lib_events.probe_mood, jsonb, text) is 'Probe types.';
      grant execute on function lib_events.probe(integer, bigint, boolean, numeric, uuid[], date, lib_events.probe_mood, jsonb, text)
        to lib_event_producer;

      create function lib_events.recent(n integer default 10) returns setof lib_events.events
      language sql stable as $$ select * from lib_events.events order by created_at desc limit n $$;
      comment on function lib_events.recent(integer) is 'The latest events.';
      grant execute on function lib_events.recent(integer) to lib_event_reader;

      create function lib_events.hidden() returns integer language sql stable as $$ select 1 $$;
      comment on function lib_events.hidden() is 'Granted to no API role.';

      create view lib_events.event_type_counts as
        select event_type, count(*) as events, max(created_at) as last_at from lib_event.event group by event_type;
      comment on view lib_events.event_type_counts is 'How many events of each type.

One row per event type.';
      comment on column lib_events.event_type_counts.events is 'The number of events.';
      grant select on lib_events.event_type_counts to lib_event_reader;

      create view lib_events.unreadable as select 1 as one;
      comment on view lib_events.unreadable is 'Granted to no API role.'
    `);
    after = await served();
  });

  it('shows a stable function at POST and GET /rpc/<name>, with its comment, arguments and result', () => {
    expect(Object.keys(after.paths['/rpc/count_events'] ?? {})).toEqual(['post', 'get']);
    const post = operation(after, '/rpc/count_events', 'post');
    expect(post.summary).toBe('Count events of one type.');
    expect(post.description).toContain('Optionally only those recorded since a time.');
    expect(post.description).toContain('access producer_reader or reader');
    expect(bodySchema(post)).toEqual({
      type: 'object',
      required: ['event_type'],
      properties: { event_type: { type: 'string' }, since: { type: ['string', 'null'], format: 'date-time', default: null } },
      additionalProperties: false,
    });
    expect(post.responses['200']?.content?.['application/json']?.schema).toEqual({ type: 'integer', format: 'int64' });
    expect(Object.keys(post.responses)).toEqual(['200', '400', '401', '403', '404']);

    const get = operation(after, '/rpc/count_events', 'get');
    expect(get.parameters).toEqual([
      { name: 'event_type', in: 'query', required: true, schema: { type: 'string' } },
      { name: 'since', in: 'query', required: false, schema: { type: ['string', 'null'], format: 'date-time', default: null } },
    ]);
  });

  it('maps each argument type, and a returned table, to JSON schema', () => {
    expect(Object.keys(after.paths['/rpc/probe'] ?? {})).toEqual(['post']);
    const op = operation(after, '/rpc/probe', 'post');
    expect(bodySchema(op).properties).toEqual({
      a: { type: 'integer', format: 'int32' },
      b: { type: 'integer', format: 'int64' },
      c: { type: 'boolean' },
      d: { type: 'number' },
      e: { type: 'array', items: { type: 'string', format: 'uuid' } },
      f: { type: 'string', format: 'date' },
      g: { type: 'string', enum: ['calm', 'busy'] },
      h: { default: { k: 1 } },
      i: { type: 'string', default: "it's" },
    });
    expect(bodySchema(op).required).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(op.responses['200']?.content?.['application/json']?.schema).toEqual({
      type: 'array',
      items: {
        type: 'object',
        required: ['n', 'at'],
        properties: { n: { type: ['integer', 'null'], format: 'int32' }, at: { type: ['string', 'null'], format: 'date-time' } },
      },
    });
    expect(op.responses['200']?.content?.['text/csv']).toBeDefined();
  });

  it('refers a function returning rows of a view to the view\'s component', () => {
    const op = operation(after, '/rpc/recent', 'post');
    expect(op.responses['200']?.content?.['application/json']?.schema).toEqual({ type: 'array', items: { $ref: '#/components/schemas/events' } });
    expect(op.requestBody?.required).toBe(false);
  });

  it('shows a readable view at GET /<view>, with its columns as a component schema', () => {
    const op = operation(after, '/event_type_counts', 'get');
    expect(op.summary).toBe('How many events of each type.');
    expect(op.description).toContain('One row per event type.');
    const schema = after.components.schemas.event_type_counts as JsonSchema;
    expect(schema.required).toEqual(['event_type', 'events', 'last_at']);
    expect(schema.properties?.events).toEqual({ type: ['integer', 'null'], format: 'int64', description: 'The number of events.' });
    const names = (op.parameters ?? []).flatMap((p) => ('name' in p ? [p.name] : []));
    expect(names).toEqual(['event_type', 'events', 'last_at']);
    expect(Object.keys(after.paths['/event_type_counts'] ?? {})).toEqual(['get', 'head']);
  });

  it('leaves out what no API role may use', () => {
    expect(after.paths['/rpc/hidden']).toBeUndefined();
    expect(after.paths['/unreadable']).toBeUndefined();
    expect(after.components.schemas.unreadable).toBeUndefined();
  });

  it('changes the version, and nothing about what was there before', () => {
    expect(after.info.version).not.toBe(document.info.version);
    expect(after.paths['/rpc/create']).toEqual(document.paths['/rpc/create']);
    expect(after.paths['/events']).toEqual(document.paths['/events']);
  });
});
