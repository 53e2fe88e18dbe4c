import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { rootDocument, type OpenApiDocument } from '../support/root-spec.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function served(): Promise<OpenApiDocument> {
  const response = await rootDocument(db.authenticator);
  expect(response.status).toBe(200);
  return response.body as OpenApiDocument;
}

async function validate(document: OpenApiDocument): Promise<{ valid: boolean; errors?: unknown; version: string }> {
  const validator = new Validator();
  // A structured copy: the validator is handed an object, never a file name.
  const result = await validator.validate(structuredClone(document) as unknown as Record<string, unknown>);
  return { ...result, version: validator.version };
}

describe('the document validates against the OpenAPI 3.1 schema', () => {
  it('as the migrations leave it', async () => {
    const result = await validate(await served());
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(result.version).toBe('3.1');
  });

  it('with functions and views of every shape added', async () => {
    await db.admin.query(`
      set role lib_event_owner;
      create type lib_events.pair as (left_side text, right_side integer[]);
      comment on type lib_events.pair is 'Two things.';
      create function lib_events.pairs(n integer, tags text[] default '{}') returns setof lib_events.pair
        language sql stable as $$ select 'a', array[n] $$;
      comment on function lib_events.pairs(integer, text[]) is 'Pairs.';
      grant execute on function lib_events.pairs(integer, text[]) to lib_event_reader;
      create function lib_events.nothing() returns void language sql volatile as $$ select $$;
      comment on function lib_events.nothing() is 'Does nothing.';
      grant execute on function lib_events.nothing() to lib_event_producer;
      create function lib_events.pairs(label text) returns lib_events.pair language sql immutable as $$ select label, null::integer[] $$;
      comment on function lib_events.pairs(text) is 'One pair (an overload).';
      grant execute on function lib_events.pairs(text) to lib_event_reader;
      create view lib_events.latest as select e.event__id, e.headers -> 'actor' as actor, r.range
        from lib_event.event e left join (select tstzrange(now() - interval '1 day', now()) as range) r on true;
      comment on view lib_events.latest is 'Latest.';
      grant select on lib_events.latest to lib_event_reader;
      reset role;
    `);
    const document = await served();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/rpc/pairs', '/rpc/nothing', '/latest']));
    expect(Object.keys(document.paths['/rpc/nothing']?.post?.responses ?? {})).toContain('204');
    const result = await validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('and the validator does refuse a broken document', async () => {
    // A Swagger 2.0 habit: a parameter "in": "body" is not OpenAPI 3.
    const broken = structuredClone(await served());
    const filter = broken.paths['/events']?.get?.parameters?.[0];
    if (!filter || !('in' in filter)) throw new Error('GET /events has no filter parameter to break');
    (filter as { in: string }).in = 'body';
    const result = await validate(broken);
    expect(result.valid).toBe(false);
  });
});
