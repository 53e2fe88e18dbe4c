import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createLibEventClient } from '../../scripts/client/client.ts';
import { projectRoot } from '../../scripts/database/dbmate.ts';
import type { OpenApiDocument } from '../../scripts/generate/openapi-document.ts';
import { describeHttp } from './support/describe-http.ts';
import { choosePostgrest } from './support/postgrest-provider.ts';

const committedDocument = join(projectRoot, 'generated', 'openapi.json');

const source = await choosePostgrest();

describeHttp(source, 'GET /: the OpenAPI document PostgREST serves', (api) => {
  it('is served to a client without an API key', async () => {
    const { data, error, response } = await createLibEventClient({ baseUrl: api().url }).GET('/');
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/json/);
    expect(data).toMatchObject({ openapi: '3.1.0', info: { title: 'lib_event' } });
  });

  it('equals generated/openapi.json, the document the typed client was generated from', async () => {
    expect(
      existsSync(committedDocument),
      `${committedDocument} is missing: run \`npm run generate\` to write it from the migrated database`,
    ).toBe(true);
    const committed: unknown = JSON.parse(readFileSync(committedDocument, 'utf8'));
    const { data, response } = await createLibEventClient({ baseUrl: api().url }).GET('/');
    expect(response.status).toBe(200);
    expect(data, 'the served document differs from generated/openapi.json: run `npm run generate` and commit the result').toEqual(committed);
  });
});

describeHttp(source, 'GET /: what PostgREST answers beside the document', (api) => {
  it('answers 406 PGRST107, as the document says, to an Accept header it cannot satisfy', async () => {
    const response = await fetch(`${api().url}/`, { headers: { Accept: 'application/xml' } });
    expect(response.status).toBe(406);
    expect(await response.json()).toMatchObject({ code: 'PGRST107' });
    const committed = JSON.parse(readFileSync(committedDocument, 'utf8')) as OpenApiDocument;
    expect(committed.paths['/']?.get?.responses['406']).toEqual({ $ref: '#/components/responses/NotAcceptable' });
  });

  it('names "/" as the server: the root the document came from, whatever host the client used', async () => {
    const served = await (await fetch(`${api().url}/`)).json() as OpenApiDocument;
    expect(served.servers).toEqual([{ url: '/', description: expect.any(String) }]);
  });
});

// PostgREST passes app.settings.* to the database on every request, the root
// one too (src/library/PostgREST/Query/PreQuery.hs), from its config file or
// from PGRST_APP_SETTINGS_* variables.
describeHttp(source, 'GET /: the server an operator configures', (api) => {
  it('is the public address from PGRST_APP_SETTINGS_OPENAPI_SERVER_PROXY_URI, and nothing else changes', async () => {
    const response = await fetch(`${api().url}/`);
    expect(response.status).toBe(200);
    const served = await response.json() as OpenApiDocument;
    expect(served.servers).toEqual([{ url: 'https://audit.example.com/api', description: expect.any(String) }]);
    const committed = JSON.parse(readFileSync(committedDocument, 'utf8')) as OpenApiDocument;
    expect({ ...served, servers: committed.servers }).toEqual(committed);
  });
}, { PGRST_APP_SETTINGS_OPENAPI_SERVER_PROXY_URI: 'https://audit.example.com/api/' });
