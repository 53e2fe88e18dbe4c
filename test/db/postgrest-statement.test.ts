import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// lib_event.postgrest_statement on main statements PostgREST v16.2 sent
// (read back with current_query() from the functions it called), and on
// statements that are not PostgREST's.

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

interface Parts {
  source: string | null;
  result_read: string | null;
  binds_array: boolean | null;
}

async function parts(statement: string): Promise<Parts> {
  const { rows } = await db.admin.query<Parts>('select * from lib_event.postgrest_statement($1)', [statement]);
  return rows[0] as Parts;
}

const tail = `SELECT null::bigint AS total_result_set, 1 AS page_total, coalesce(json_agg(_postgrest_t)->0, 'null') AS body, nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status, '' AS response_inserted`;
const createCall = (recordFunction: string, names: string) =>
  `WITH pgrst_source AS (SELECT "pgrst_call".* FROM (SELECT $1 AS json_data) pgrst_payload, LATERAL (SELECT "event_type" FROM ${recordFunction}(pgrst_payload.json_data) AS _("event_type" text) LIMIT 1) pgrst_body , LATERAL "lib_events"."create"("event_type" := pgrst_body."event_type") pgrst_call) ${tail} FROM (SELECT ${names} FROM "pgrst_source" AS "event_receipt"`;

describe('lib_event.postgrest_statement', () => {
  it('reads POST /rpc/create with select alone: nothing after the read of the result', async () => {
    expect(await parts(`${createCall('json_to_record', '"event_receipt".*')}   ) _postgrest_t`)).toEqual({
      source: 'SELECT ?.* FROM () pgrst_payload, LATERAL () pgrst_body , LATERAL ?.?() pgrst_call',
      result_read: 'SELECT ?.* FROM ? AS ?',
      binds_array: false,
    });
  });

  it('finds filters, order, limit and offset in the read of the result, past a count and an array body', async () => {
    const statement = `WITH pgrst_source AS (SELECT "pgrst_call".* FROM (SELECT $1 AS json_data) pgrst_payload, LATERAL (SELECT "event_type" FROM json_to_recordset(pgrst_payload.json_data) AS _("event_type" text) LIMIT 1) pgrst_body , LATERAL "lib_events"."create"("event_type" := pgrst_body."event_type") pgrst_call) , pgrst_source_count AS (SELECT 1  FROM "pgrst_source" AS "event_receipt")SELECT (SELECT pg_catalog.count(*) FROM pgrst_source_count) AS total_result_set, 1 AS page_total, coalesce(json_agg(_postgrest_t)->0, 'null') AS body FROM (SELECT "event_receipt".* FROM "pgrst_source" AS "event_receipt" WHERE  ( "event_receipt"."event_type" = $2 OR  "event_receipt"."event_type" = ANY($3))  ORDER BY "event_receipt"."event__id"   LIMIT $4 OFFSET $5) _postgrest_t`;
    expect(await parts(statement)).toMatchObject({
      result_read: 'SELECT ?.* FROM ? AS ? WHERE  ()  ORDER BY ?.?   LIMIT $4 OFFSET $5',
      binds_array: true,
    });
  });

  it('reads GET /events: its LIMIT belongs to the read of the view, not to a filter or a subquery', async () => {
    const statement = `WITH pgrst_source AS ( SELECT "lib_events"."events"."event_type", "lib_events"."events"."headers"->>$1 AS "h" FROM "lib_events"."events" WHERE  ( "lib_events"."events"."consumer" = $2 OR  "lib_events"."events"."consumer" = $3) AND  "lib_events"."events"."event_type" like $4  ORDER BY "lib_events"."events"."created_at" DESC  LIMIT $5 OFFSET $6 ) , pgrst_source_count AS (SELECT 1  FROM "lib_events"."events" WHERE  "lib_events"."events"."event_type" like $9) SELECT (SELECT pg_catalog.count(*) FROM pgrst_source_count) AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total, coalesce(json_agg(_postgrest_t), '[]') AS body FROM ( SELECT * FROM pgrst_source ) _postgrest_t`;
    expect((await parts(statement)).source).toBe('SELECT ?.?.?, ?.?.?->>$1 AS ? FROM ?.? WHERE  () AND  ?.?.? like $4  ORDER BY ?.?.? DESC  LIMIT $5 OFFSET $6');
  });

  it('cannot be misled by names or literals that read like its clauses', async () => {
    const names = '"event_receipt"."event__id" AS "e", "event_receipt"."event_type" AS "x LIMIT 1 OFFSET $1) _postgrest_t", "event_receipt"."headers"->>\'\'\') _postgrest_t\' AS "y ("""';
    expect((await parts(`${createCall('json_to_record', names)}   ) _postgrest_t`)).result_read)
      .toBe('SELECT ?.? AS ?, ?.? AS ?, ?.?->>? AS ? FROM ? AS ?');
  });

  it('is null for a statement that is not PostgREST\'s', async () => {
    for (const statement of ['select * from lib_events.create(\'a.b.c\') limit 1', 'with pgrst_source as (select 1) select * from pgrst_source', '']) {
      expect(await parts(statement)).toEqual({ source: null, result_read: null, binds_array: null });
    }
  });
});
