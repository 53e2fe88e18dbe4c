import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createLibEventClient } from '../../scripts/client/client.ts';
import { projectRoot } from '../../scripts/dbmate.ts';
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
